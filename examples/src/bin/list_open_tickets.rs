//! Lists the open tickets of a Halo instance, streaming them page by page.
//!
//! ```sh
//! HALOPSA_TENANT=acme HALOPSA_CLIENT_ID=… HALOPSA_CLIENT_SECRET=… \
//!     cargo run -p halopsa-examples --bin list_open_tickets
//! ```
#![forbid(unsafe_code)]

use futures_util::TryStreamExt;
use halopsa::tickets::{self, ListTicketsQuery};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // HALOPSA_TENANT or HALOPSA_HOST, and HALOPSA_CLIENT_ID + HALOPSA_CLIENT_SECRET.
    let client = halopsa::Client::from_env()?;

    // Halo sends at most 100 tickets a page; the stream asks for the next page until it
    // has all `record_count` of them, holding one page in memory at a time.
    let query = ListTicketsQuery::new().open_only(true).page_size(100);
    let mut open = std::pin::pin!(tickets::list_tickets_stream(&client, &query));
    let mut count = 0usize;
    while let Some(ticket) = open.try_next().await? {
        count += 1;
        let id = ticket.id.value().copied().unwrap_or_default();
        let summary = ticket.summary.value().map(String::as_str).unwrap_or("");
        println!("#{id:<8} {summary}");
    }
    println!("{count} open tickets");
    Ok(())
}
