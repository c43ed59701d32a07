//! Reading a response body within a size limit: the `Content-Length` is checked before
//! anything is read, and the body's length after each chunk, so that a server or a proxy
//! that sends without end cannot make the client hold more than the limit in memory.

use crate::Error;
use bytes::{Bytes, BytesMut};

/// The body of `response`, or [`Error::ResponseTooLarge`] as soon as it is known to be
/// longer than `limit` bytes (from its `Content-Length`, or while it is read). Past the
/// limit the response is dropped unread, and its connection with it.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Bytes, Error> {
    let too_large = |content_length| Error::ResponseTooLarge {
        limit,
        content_length,
    };
    let declared = response.content_length();
    if let Some(length) = declared.filter(|length| *length > limit) {
        return Err(too_large(Some(length)));
    }
    // One chunk (the usual case on loopback and for small answers) is returned as it is;
    // more are gathered into one buffer, sized from the Content-Length when there is one.
    let Some(first) = response.chunk().await? else {
        return Ok(Bytes::new());
    };
    if first.len() as u64 > limit {
        return Err(too_large(declared));
    }
    let Some(second) = response.chunk().await? else {
        return Ok(first);
    };
    let mut length = first.len() as u64 + second.len() as u64;
    if length > limit {
        return Err(too_large(declared));
    }
    // A Content-Length is a promise, not a fact: no more than 16 MiB is set aside for it.
    let capacity = declared.unwrap_or(length).min(16 << 20).max(length);
    let mut body = BytesMut::with_capacity(usize::try_from(capacity).unwrap_or(usize::MAX));
    body.extend_from_slice(&first);
    body.extend_from_slice(&second);
    while let Some(chunk) = response.chunk().await? {
        length += chunk.len() as u64;
        if length > limit {
            return Err(too_large(declared));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
