//! Length-prefixed text: the codec of the buffer that [`crate::Extra`] keeps its keys and
//! raw values in, and that [`crate::raw`]'s deserializer appends to. A leaf module, so the
//! two share it without importing each other.

/// Appends `text` to `buf`, preceded by its length: base 64, six bits to a byte, least
/// significant first, `0x40` set on every byte but the last. All bytes are ASCII.
#[inline]
pub(crate) fn put(buf: &mut String, text: &str) {
    let mut n = text.len();
    while n >= 0x40 {
        buf.push(char::from(0x40 | (n & 0x3f) as u8));
        n >>= 6;
    }
    buf.push(char::from(n as u8));
    buf.push_str(text);
}

/// Reads one length-prefixed text written by [`put`] at `*pos`, moving `*pos` past it.
pub(crate) fn take<'a>(buf: &'a str, pos: &mut usize) -> Option<&'a str> {
    let bytes = buf.as_bytes();
    let (mut n, mut shift) = (0usize, 0u32);
    loop {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        n |= usize::from(b & 0x3f).checked_shl(shift)?;
        if b & 0x40 == 0 {
            break;
        }
        shift += 6;
    }
    let text = buf.get(*pos..pos.checked_add(n)?)?;
    *pos += n;
    Some(text)
}
