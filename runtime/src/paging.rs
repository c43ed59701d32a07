//! Paging: walks a paginated list operation page by page as a stream.
//!
//! Halo caps pages at 100 records whatever `page_size` asks for, so the end is found from
//! `record_count` and the records actually received, never from the page size asked for.
//! An empty page ends the walk, and so does a page count past what `record_count` allows
//! (a server that ignores `page_no` and sends page 1 again and again still ends the walk).
//! Without `record_count`, a page shorter than the page size ends it, and [`MAX_PAGES`]
//! bounds it in any case. Only one page is held in memory at a time.

use crate::{Client, Error, List, Request};
pub use futures_core::Stream;
use futures_util::stream::{self, TryStreamExt};

/// The page size asked for when the caller sets none: Halo's maximum.
pub const MAX_PAGE_SIZE: i64 = 100;

/// The most pages one walk fetches (ten million records at Halo's 100 a page): a bound for
/// a server that neither reports `record_count` nor ever sends a short page.
pub const MAX_PAGES: i64 = 100_000;

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The page number, from 1.
    pub page_no: i64,
    /// The total the server reported (`record_count`), if it did.
    pub record_count: Option<i64>,
    /// The records of this page.
    pub items: Vec<T>,
}

struct State<B, D> {
    client: Client,
    build: B,
    decode: D,
    page_size: i64,
    page_no: i64,
    seen: i64,
    done: bool,
}

/// Streams every page of a list. `build(page_no, page_size)` makes the request of one
/// page; `decode` decodes the body of one page into a [`List`].
pub fn pages<T, B, D>(
    client: Client,
    page_size: Option<i64>,
    build: B,
    decode: D,
) -> impl Stream<Item = Result<Page<T>, Error>> + Send + 'static
where
    T: Send + 'static,
    B: Fn(i64, i64) -> Result<Request, Error> + Send + Sync + 'static,
    D: Fn(&[u8]) -> Result<List<T>, Error> + Send + Sync + 'static,
{
    let state = State {
        client,
        build,
        decode,
        page_size: page_size.filter(|s| *s > 0).unwrap_or(MAX_PAGE_SIZE),
        page_no: 1,
        seen: 0,
        done: false,
    };
    stream::try_unfold(state, |mut st| async move {
        if st.done {
            return Ok(None);
        }
        let request = (st.build)(st.page_no, st.page_size)?;
        let body = st.client.send_bytes(request).await?;
        let list = (st.decode)(&body)?;
        let record_count = list.record_count();
        let items = list.items;
        let received = i64::try_from(items.len()).unwrap_or(i64::MAX);
        st.seen = st.seen.saturating_add(received);
        let page = Page {
            page_no: st.page_no,
            record_count,
            items,
        };
        st.done = match record_count {
            // Trust the records received: the server may send fewer than asked for.
            Some(total) => received == 0 || st.seen >= total || st.page_no >= total,
            // Without a total, a page shorter than any page size Halo sends is the last.
            None => received == 0 || received < st.page_size.min(MAX_PAGE_SIZE),
        } || st.page_no >= MAX_PAGES;
        st.page_no = st.page_no.saturating_add(1);
        if received == 0 {
            return Ok(None);
        }
        Ok(Some((page, st)))
    })
}

/// Streams the records of a stream of pages, one at a time.
pub fn items<T, P>(pages: P) -> impl Stream<Item = Result<T, Error>> + Send + 'static
where
    T: Send + 'static,
    P: Stream<Item = Result<Page<T>, Error>> + Send + 'static,
{
    pages
        .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
        .try_flatten()
}
