//! JSON numbers read from their text: which Rust number holds one exactly.
//!
//! A JSON number is a decimal of any length; `i64`, `u64` and `f64` hold only some of them.
//! A model field takes a number only when writing the field back gives the same value:
//! an integer type when the number is an integer in its range (`21.0` and `2.1E+1` are 21),
//! `f64` when the number `f64` writes for it (the shortest text that reads back as the
//! same `f64`, as `serde_json` writes it) has the value that was received. So `0.1` and
//! `1e308` are `f64`s, while `0.1000000000000000055511151231257827`, `2^53 + 1` and
//! `16777141142156685312` are not: `f64` would write them back as other numbers.
//!
//! Everything here works on the text, never on a float that `serde_json` parsed: without
//! its `float_roundtrip` feature `serde_json` may read a long decimal one unit in the last
//! place off (`1.6777141142156685e19` reads as `1.6777141142156683e19`), so its floats
//! cannot tell whether a number survived.
//!
//! Where the text comes from: `serde_json`'s `raw_value` feature (already used for
//! [`crate::Extra`]) hands out the exact text of any value, and only for the values that
//! ask for it. Its `arbitrary_precision` feature would also keep numbers' texts, but
//! Cargo features are global: turning it on in this crate turns it on for every crate of
//! a user's build that uses `serde_json`, which changes what their `serde_json::Value`
//! holds (numbers as strings, slower), and breaks numbers inside `#[serde(flatten)]`,
//! untagged and internally tagged enums (serde buffers them as maps with a magic key,
//! which an `f64` or `u64` then refuses). `float_roundtrip` is global too, and would only
//! make the `f64` exact, not tell whether the `f64` is the number sent. So neither is on:
//! the cost stays in this crate, on the fields that need it (see `read_mode`).

use crate::json_text::string_end;

/// The parts of a JSON number's text: `-? int (. frac)? ([eE] exp)?`.
struct Parts<'a> {
    negative: bool,
    int: &'a [u8],
    frac: &'a [u8],
    /// The exponent, saturated far outside any range that matters here.
    exp: i64,
}

/// Exponents are clamped to this: far past any `f64` (about ±330) or integer (±40).
const EXP_LIMIT: i64 = 1 << 40;

/// Splits a JSON number, or `None` when the text is not one (JSON's grammar: no `+`
/// sign, no leading zeros, digits on both sides of the point, no `NaN`).
fn parts(text: &str) -> Option<Parts<'_>> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let int_len = digits(rest);
    let int = &rest[..int_len];
    if int.is_empty() || (int.len() > 1 && int[0] == b'0') {
        return None;
    }
    let mut rest = &rest[int_len..];
    let mut frac: &[u8] = &[];
    if let Some((b'.', after)) = rest.split_first() {
        let n = digits(after);
        if n == 0 {
            return None;
        }
        frac = &after[..n];
        rest = &after[n..];
    }
    let mut exp = 0i64;
    if let Some((b'e' | b'E', after)) = rest.split_first() {
        let (exp_negative, after) = match after.split_first() {
            Some((b'-', a)) => (true, a),
            Some((b'+', a)) => (false, a),
            _ => (false, after),
        };
        let n = digits(after);
        if n == 0 {
            return None;
        }
        for &d in &after[..n] {
            exp = (exp * 10 + i64::from(d - b'0')).min(EXP_LIMIT);
        }
        if exp_negative {
            exp = -exp;
        }
        rest = &after[n..];
    }
    rest.is_empty().then_some(Parts {
        negative,
        int,
        frac,
        exp,
    })
}

/// The number of ASCII digits at the start of `bytes`.
fn digits(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

impl Parts<'_> {
    /// Digit `i` of the integer part followed by the fraction.
    fn digit(&self, i: usize) -> u8 {
        if i < self.int.len() {
            self.int[i]
        } else {
            self.frac[i - self.int.len()]
        }
    }

    /// The first and last non-zero digits (indices into integer part then fraction), or
    /// `None` for zero.
    fn significant(&self) -> Option<(usize, usize)> {
        let n = self.int.len() + self.frac.len();
        let first = (0..n).find(|&i| self.digit(i) != b'0')?;
        let last = (first..n).rev().find(|&i| self.digit(i) != b'0')?;
        Some((first, last))
    }

    /// The power of ten of digit `i`.
    fn power(&self, i: usize) -> i64 {
        // Texts are far shorter than `EXP_LIMIT`, so this does not overflow.
        self.int.len() as i64 - 1 - i as i64 + self.exp
    }
}

/// True when two JSON number texts have the same value (`18`, `18.0`, `1.8E+1`; `-0.0`
/// and `0`).
pub(crate) fn same_value(a: &str, b: &str) -> bool {
    let (Some(a), Some(b)) = (parts(a), parts(b)) else {
        return false;
    };
    match (a.significant(), b.significant()) {
        (None, None) => true,
        (Some((af, al)), Some((bf, bl))) => {
            a.negative == b.negative
                && al - af == bl - bf
                && a.power(af) == b.power(bf)
                && (0..=al - af).all(|k| a.digit(af + k) == b.digit(bf + k))
        }
        _ => false,
    }
}

/// The integer a JSON number's text denotes, when it is one in `T`'s range: `21`, `21.0`,
/// `2.1e1` and `-0.0` are integers; `21.5`, `1e300` and `18446744073709551616` (for `u64`)
/// are not.
#[inline]
pub(crate) fn integer<T: TryFrom<i64> + TryFrom<i128>>(text: &str) -> Option<T> {
    // The common cases first: up to 18 digits (no overflow in `i64`), maybe followed by a
    // fraction of zeros (Halo's `18.0`).
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let mut value: i64 = 0;
    let mut n = 0;
    for &b in &digits[..digits.len().min(18)] {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        value = value * 10 + i64::from(d);
        n += 1;
    }
    let plain = match &digits[n..] {
        [] => true,
        [b'.', zeros @ ..] => !zeros.is_empty() && zeros.iter().all(|&b| b == b'0'),
        _ => false,
    };
    if plain && n > 0 && (n == 1 || digits[0] != b'0') {
        return T::try_from(if negative { -value } else { value }).ok();
    }
    integer_any(text)
}

/// [`integer`] for any spelling: a fraction, an exponent, more digits.
#[cold]
fn integer_any<T: TryFrom<i128>>(text: &str) -> Option<T> {
    let p = parts(text)?;
    let value: i128 = if p.frac.is_empty() && p.exp == 0 && p.int.len() <= 38 {
        // The common case: a plain integer.
        p.int
            .iter()
            .fold(0i128, |acc, d| acc * 10 + i128::from(d - b'0'))
    } else {
        match p.significant() {
            None => 0,
            Some((first, last)) => {
                let (top, bottom) = (p.power(first), p.power(last));
                if bottom < 0 || top > 37 {
                    return None;
                }
                let mantissa =
                    (first..=last).fold(0i128, |acc, i| acc * 10 + i128::from(p.digit(i) - b'0'));
                // At most 38 digits in all (`top` ≤ 37): this fits an `i128`.
                mantissa * 10i128.pow(u32::try_from(bottom).ok()?)
            }
        }
    };
    T::try_from(if p.negative { -value } else { value }).ok()
}

/// The `f64` a JSON number's text denotes, when writing that `f64` gives back the same
/// value.
pub(crate) fn float(text: &str) -> Option<f64> {
    let p = parts(text)?;
    // Rust's parser rounds correctly, and reads JSON's number grammar.
    let x: f64 = text.parse().ok()?;
    if !x.is_finite() {
        return None;
    }
    match p.significant() {
        None => return Some(x),
        // At most 15 significant digits in the normal range: such a decimal is the
        // shortest text of its `f64` (`f64` keeps 15 decimal digits, `DBL_DIG`), so it is
        // written back as is.
        Some((first, last)) if last - first < 15 && x.is_normal() => return Some(x),
        Some(_) => {}
    }
    let written = serde_json::to_string(&x).ok()?;
    same_value(text, &written).then_some(x)
}

/// True when `serde_json::Value` holds every number of a JSON text exactly: integers in
/// `i64` or `u64` range, and other numbers that `serde_json` reads as the `f64` they are
/// ([`float`]) and writes back with the same value.
pub(crate) fn value_holds_all(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i),
            b'-' | b'0'..=b'9' => {
                let end = i + bytes[i..]
                    .iter()
                    .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .count();
                if !value_holds(&text[i..end]) {
                    return false;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    true
}

/// True when `serde_json::Value` holds one number exactly.
fn value_holds(number: &str) -> bool {
    if integer::<i64>(number).is_some() && !number.contains(['.', 'e', 'E']) {
        return true;
    }
    if integer::<u64>(number).is_some() && !number.contains(['.', 'e', 'E']) {
        return true;
    }
    // Anything else `serde_json` reads as an `f64`, perhaps a unit in the last place off:
    // it must read the one `float` would keep, and read it again from the text it writes
    // for it (else the value would change on the next read: `171607829105520850…0`, read
    // exactly through its integer digits, is written `1.7160782910552085e+151`, which
    // `serde_json` reads a unit off).
    let reads_as = |text: &str, x: f64| {
        serde_json::from_str::<f64>(text).is_ok_and(|read| read.to_bits() == x.to_bits())
    };
    match float(number) {
        Some(x) => {
            reads_as(number, x)
                && serde_json::to_string(&x).is_ok_and(|written| reads_as(&written, x))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_read_exactly_from_any_spelling() {
        assert_eq!(integer::<i64>("21"), Some(21));
        assert_eq!(integer::<i64>("21.0"), Some(21));
        assert_eq!(integer::<i64>("2.1E+1"), Some(21));
        assert_eq!(integer::<i64>("2100e-2"), Some(21));
        assert_eq!(integer::<i64>("-0.0"), Some(0));
        assert_eq!(integer::<i64>("0e999999999999999999999"), Some(0));
        assert_eq!(integer::<i64>("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(integer::<i64>("9223372036854775808"), None);
        assert_eq!(integer::<u64>("18446744073709551615"), Some(u64::MAX));
        assert_eq!(integer::<u64>("18446744073709551616"), None);
        assert_eq!(
            integer::<i64>("9007199254740993.0"),
            Some(9_007_199_254_740_993)
        );
        assert_eq!(integer::<i64>("21.5"), None);
        assert_eq!(integer::<i64>("1e300"), None);
        assert_eq!(integer::<i64>("1e-999999999999999999999"), None);
        assert_eq!(integer::<i32>("2147483648"), None);
        for not_json in [
            "", "-", "+1", "01", "1.", ".5", "1e", "1e+", "NaN", " 1", "0x10",
        ] {
            assert_eq!(integer::<i64>(not_json), None, "{not_json:?}");
        }
    }

    #[test]
    fn floats_are_kept_only_when_they_write_back_the_same_value() {
        for exact in [
            "0.1",
            "1.0",
            "-0.0",
            "1e308",
            "1E+2",
            "5e-324",
            "2.2250738585072014e-308",
            "1.7976931348623157e308",
            "9007199254740992",
            "0.30000000000000004",
            "1.6777141142156685e19",
            "123456789012345.6",
        ] {
            let x = float(exact).unwrap_or_else(|| panic!("{exact} is held"));
            assert_eq!(Some(x), exact.parse().ok(), "{exact}");
        }
        for lost in [
            "0.1000000000000000055511151231257827",
            "9007199254740993",
            "16777141142156685312",
            "-18044680724963509",
            "1e309",
            "1e-400",
            "3e-324",
            "1.00000000000000001",
        ] {
            assert_eq!(float(lost), None, "{lost}");
        }
    }

    #[test]
    fn values_are_compared_by_value() {
        assert!(same_value("18", "18.0"));
        assert!(same_value("1.8E+1", "180e-1"));
        assert!(same_value("-0.0", "0"));
        assert!(!same_value("18", "-18"));
        assert!(!same_value("18", "1.8"));
        assert!(!same_value("1.6777141142156685e19", "16777141142156685312"));
    }

    #[test]
    fn json_values_hold_numbers_that_serde_json_reads_exactly() {
        assert!(value_holds_all(
            r#"{"a":[1,-2,18446744073709551615,0.5,"1e999"]}"#
        ));
        assert!(!value_holds_all(r#"{"a":[1,18446744073709551616]}"#));
        assert!(!value_holds_all(
            r#"[0.1000000000000000055511151231257827]"#
        ));
        // `serde_json` reads this one a unit in the last place off.
        assert!(!value_holds_all("1.6777141142156685e19"));
        assert!(!value_holds_all("1e400"));
        // Read exactly, but written as a text `serde_json` reads a unit off.
        let long = format!("17160782910552085{}", "0".repeat(135));
        assert!(!value_holds_all(&long));
    }
}
