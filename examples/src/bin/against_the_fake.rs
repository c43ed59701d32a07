//! The SDK end to end against the fake Halo: no Halo account, no network.
//!
//! ```sh
//! cargo run -p halopsa-examples --bin against_the_fake
//! ```
//!
//! Starts `halopsa_fake::FakeHalo` on loopback, creates, updates, reads and lists tickets
//! through the SDK, survives an injected outage, and prints what the server received.

use futures_util::TryStreamExt;
use halopsa::tickets::{self, Faults, GetTicketQuery, ListTicketsQuery};
use halopsa::Field;
use halopsa_fake::{Failure, FakeHalo};
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeHalo::start().await?;
    println!(
        "fake Halo at {} (client id {})",
        fake.base_url(),
        fake.client_id()
    );
    // A client like any other: OAuth client credentials, retries, paging.
    let client = fake.client();

    let mut new = Faults::default();
    new.summary = Field::Value("Printer on fire".into());
    new.details = Field::Value("Third floor.".into());
    let created = tickets::create_tickets(&client, &[new]).await?;
    let id = created[0].id.value().copied().unwrap_or_default();
    println!("created ticket #{id}");
    // The ticket id is an integer; the path parameter of GET /Tickets/{id} is an int32.
    let path_id = i32::try_from(id)?;

    // Update one field: the others are kept.
    let mut update = Faults::default();
    update.id = Field::Value(id);
    update.summary = Field::Value("Printer still on fire".into());
    tickets::create_tickets(&client, &[update]).await?;
    let ticket = tickets::get_ticket(&client, path_id, &GetTicketQuery::new()).await?;
    println!(
        "ticket #{id}: {:?} / {:?}",
        ticket.summary.value(),
        ticket.details.value()
    );

    // 150 more tickets, then walk them page by page (Halo's 100-record pages).
    for n in 0..150 {
        fake.insert(
            "Tickets",
            halopsa::serde_json::json!({"summary": format!("bulk {n}")}),
        )?;
    }
    let all: Vec<Faults> = tickets::list_tickets_stream(&client, &ListTicketsQuery::new())
        .try_collect()
        .await?;
    println!(
        "listed {} tickets in {} pages",
        all.len(),
        fake.requests_of("listTickets").len()
    );

    // Halo is down for two calls; the SDK waits as told (Retry-After) and tries again.
    fake.fail(
        Failure::new(503)
            .operation("getTicket")
            .times(2)
            .retry_after(Duration::from_secs(1)),
    );
    tickets::get_ticket(&client, path_id, &GetTicketQuery::new()).await?;
    println!("getTicket succeeded after two 503s");

    println!("\nwhat the fake received:");
    for r in fake.requests() {
        let query = if r.query.is_empty() {
            String::new()
        } else {
            format!("?{}", r.query)
        };
        println!("  {} {}{query} -> {}", r.method, r.path, r.status);
    }
    Ok(())
}
