//! Creates a ticket.
//!
//! ```sh
//! HALOPSA_TENANT=acme HALOPSA_CLIENT_ID=… HALOPSA_CLIENT_SECRET=… \
//!     cargo run -p halopsa-examples --bin create_ticket -- "Printer on fire" "Third floor."
//! ```
#![forbid(unsafe_code)]

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
        Err(e) => {
            eprintln!("{}: {e}", outcome(&e));
            Err(e.into())
        }
    }
}

/// What a failed create says about the ticket.
fn outcome(error: &halopsa::Error) -> &'static str {
    use halopsa::Error;
    match error {
        // No connection was made: nothing reached Halo.
        e if e.is_connect() => "no connection, the ticket was not sent",
        // The token endpoint refused, or the API refused the token: not created.
        Error::Auth { .. } => "authentication failed, the ticket was not created",
        // Halo (or its rate limiter) refused the request before acting on it.
        Error::Api { status, .. } if *status == halopsa::StatusCode::TOO_MANY_REQUESTS => {
            "rate limited: Halo refused the request and the ticket was not created; \
             try again later"
        }
        // A 500 from Halo, or a 502, 503, 504 from a proxy or gateway in front of it,
        // which may have passed the request on before failing.
        Error::Api { status, .. } if status.is_server_error() => {
            "the ticket may or may not have been created (check before retrying)"
        }
        // 400, 403, 404, …: Halo refused it.
        Error::Api { .. } => "Halo refused the request, the ticket was not created",
        // A success whose body could not be read: the ticket exists.
        Error::Decode { .. } => "the ticket was created, but Halo's answer could not be read",
        // Nothing was sent.
        Error::Encode(_) | Error::Config(_) => "the ticket was not sent",
        // The request may have gone out without a complete answer coming back (a
        // timeout, a dropped connection): Halo may have created the ticket.
        _ => {
            "no complete answer: the ticket may or may not have been created \
              (check before retrying)"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::outcome;
    use halopsa::{Error, StatusCode};

    fn api(status: u16) -> Error {
        Error::Api {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT),
            message: None,
            body: String::new(),
            retry_after: None,
        }
    }

    #[test]
    fn a_refused_post_was_not_created() {
        assert!(outcome(&api(429)).contains("was not created"));
        assert!(outcome(&api(400)).contains("was not created"));
        let auth = Error::Auth {
            status: Some(StatusCode::SERVICE_UNAVAILABLE),
            message: String::new(),
            body: String::new(),
        };
        assert!(outcome(&auth).contains("was not created"));
    }

    #[test]
    fn a_post_that_may_have_reached_halo_may_have_been_created() {
        for status in [500, 502, 503, 504] {
            assert!(outcome(&api(status)).contains("may or may not"), "{status}");
        }
        let timeout = Error::Timeout {
            limit: halopsa::TimeLimit::Attempt,
            after: std::time::Duration::from_secs(1),
        };
        assert!(outcome(&timeout).contains("may or may not"));
    }
}
