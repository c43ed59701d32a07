//! Scanning JSON text by hand, where a parser would do too much: finding where a string
//! ends (for the decode error's path and for the numbers in a value's text).

/// The offset just past the JSON string starting at `start` (a `"`), or the end of the
/// text when the string does not end.
pub(crate) fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::string_end;

    #[test]
    fn strings_end_after_their_closing_quote_and_escapes_are_skipped() {
        assert_eq!(string_end(br#""ab" x"#, 0), 4);
        assert_eq!(string_end(br#""a\"b" x"#, 0), 6);
        assert_eq!(string_end(br#""a\\" x"#, 0), 5);
        assert_eq!(string_end(br#""open"#, 0), 5);
        assert_eq!(string_end(br#""ends in \"#, 0), 10);
    }
}
