//! Reading a request body within a limit: a body that declares a larger `Content-Length`
//! is refused before any of it is read, and one that streams more (chunked, or lying about
//! its length) is refused as soon as the bytes received pass the limit, so the fake never
//! holds more than the limit of one request in memory.

use axum::body::{Body, HttpBody};
use axum::http::{header, HeaderMap};
use std::pin::Pin;

/// The default limit on a request body: 32 MiB.
pub const DEFAULT_MAX_BODY: usize = 32 * 1024 * 1024;

/// Why a body could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// It is (or declares to be) larger than the limit.
    TooLarge,
    /// The connection failed before the body ended.
    Broken,
}

/// Reads the body of a request whose headers are `headers`, at most `limit` bytes.
pub(crate) async fn read(
    headers: &HeaderMap,
    mut body: Body,
    limit: usize,
) -> Result<Vec<u8>, ReadError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ReadError::TooLarge);
    }
    let mut bytes = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|_| ReadError::Broken)?;
        if let Ok(data) = frame.into_data() {
            if data.len() > limit - bytes.len() {
                return Err(ReadError::TooLarge);
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_up_to_the_limit_and_no_further() {
        let headers = HeaderMap::new();
        let at_limit = read(&headers, Body::from(vec![b'x'; 10]), 10).await;
        assert_eq!(at_limit.map(|b| b.len()), Ok(10));
        let over = read(&headers, Body::from(vec![b'x'; 11]), 10).await;
        assert_eq!(over, Err(ReadError::TooLarge));
        let mut declared = HeaderMap::new();
        declared.insert(header::CONTENT_LENGTH, "11".parse().unwrap());
        assert_eq!(
            read(&declared, Body::empty(), 10).await,
            Err(ReadError::TooLarge)
        );
    }
}
