//! Creates a ticket.
//!
//! ```sh
//! HALOPSA_TENANT=acme HALOPSA_CLIENT_ID=… HALOPSA_CLIENT_SECRET=… \
//!     cargo run -p halopsa-examples --bin create_ticket -- "Printer on fire" "Third floor."
//! ```

use halopsa::tickets::{self, Faults};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let summary = args
        .next()
        .unwrap_or_else(|| "Created by the halopsa SDK".to_owned());
    let details = args.next().unwrap_or_default();

    let client = halopsa::Client::from_env()?;

    // Only the fields set here are sent; Halo fills in the rest.
    let mut ticket = Faults::default();
    ticket.summary = summary.into();
    ticket.details = details.into();

    // A POST is sent once: if it fails on the way back, the ticket may exist already, so
    // the client does not send it again. `client.with_post_retries()` would.
    match tickets::create_tickets(&client, &[ticket]).await {
        Ok(created) => {
            for ticket in created.iter() {
                let id = ticket.id.value().copied().unwrap_or_default();
                println!("created ticket #{id}");
            }
            Ok(())
        }
        Err(e) if e.is_connect() => {
            eprintln!("no connection, the ticket was not sent: {e}");
            Err(e.into())
        }
        Err(e) if e.is_retryable() => {
            eprintln!("the ticket may or may not have been created (check before retrying): {e}");
            Err(e.into())
        }
        Err(e) => Err(e.into()),
    }
}
