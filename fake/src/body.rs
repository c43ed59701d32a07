//! Reading a request body within a limit: a body that declares a larger `Content-Length`
//! is refused before any of it is read, and one that streams more (chunked, or lying about
//! its length) is refused as soon as the bytes received pass the limit, so the fake never
//! holds more than the limit of one request in memory.

use axum::body::{Body, HttpBody};
use axum::http::{header, HeaderMap};
use std::pin::Pin;
use std::time::Duration;

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

/// Reads the body of a request whose headers are `headers`, at most `limit` bytes; what
/// is left of a body refused as too large stays in `body`, for [`drain`].
pub(crate) async fn read(
    headers: &HeaderMap,
    body: &mut Body,
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
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)).await {
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

/// How long the rest of a refused body is read at most (see [`drain`]).
const DRAIN_TIME: Duration = Duration::from_secs(2);
/// How much of the rest of a refused body is read at most.
const DRAIN_BYTES: usize = 16 * 1024 * 1024;

/// Reads and drops what is left of a refused body, for a while, so that the answer reaches
/// the client (a "lingering close", as web servers do). Closing the connection while the
/// client is still sending makes the operating system reset it, and a reset can destroy
/// the `413` before the client reads it: curl, sending without end, then reported no
/// answer but its `100 Continue`, about once in 130 tries on a loaded machine. Reading on
/// until the client stops (it does once it reads the answer), ends the body, or
/// [`DRAIN_TIME`] or [`DRAIN_BYTES`] run out lets the answer arrive first.
pub(crate) async fn drain(mut body: Body) {
    let mut read = 0usize;
    let _ = tokio::time::timeout(DRAIN_TIME, async {
        while let Some(Ok(frame)) =
            std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await
        {
            read = read.saturating_add(frame.data_ref().map_or(0, |d| d.len()));
            if read > DRAIN_BYTES {
                break;
            }
        }
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_up_to_the_limit_and_no_further() {
        let headers = HeaderMap::new();
        let at_limit = read(&headers, &mut Body::from(vec![b'x'; 10]), 10).await;
        assert_eq!(at_limit.map(|b| b.len()), Ok(10));
        let over = read(&headers, &mut Body::from(vec![b'x'; 11]), 10).await;
        assert_eq!(over, Err(ReadError::TooLarge));
        let mut declared = HeaderMap::new();
        declared.insert(header::CONTENT_LENGTH, "11".parse().unwrap());
        assert_eq!(
            read(&declared, &mut Body::empty(), 10).await,
            Err(ReadError::TooLarge)
        );
    }
}
