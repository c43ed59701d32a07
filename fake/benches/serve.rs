//! Benchmark of the fake (not a timed test): start-up time, and requests per second served
//! on loopback through the SDK, one at a time and 16 at once.
//!
//! ```sh
//! cargo bench -p halopsa-fake --bench serve
//! # HALOPSA_FAKE_BENCH_REQUESTS=… (default 4000 per measurement)
//! ```
//!
//! Every loop is bounded by a request count; everything stays on 127.0.0.1.

use halopsa::tickets::{self, GetTicketQuery, ListTicketsQuery};
use halopsa_fake::FakeHalo;
use std::time::{Duration, Instant};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

async fn startup() {
    let mut starts = Vec::new();
    let mut first_answers = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let fake = FakeHalo::start().await.expect("starts");
        starts.push(t.elapsed());
        let client = fake.client();
        tickets::list_tickets(&client, &ListTicketsQuery::new())
            .await
            .expect("answers");
        first_answers.push(t.elapsed());
    }
    println!(
        "start-up: FakeHalo::start() median {:?}; to the first answered SDK call (token + GET) median {:?} (20 runs)",
        median(starts),
        median(first_answers)
    );
}

async fn measure<F, Fut>(label: &str, requests: usize, concurrency: usize, call: F)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    // Warm up.
    for _ in 0..50 {
        call().await;
    }
    let per_task = requests / concurrency;
    let t = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let call = call.clone();
            tokio::spawn(async move {
                for _ in 0..per_task {
                    call().await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("the task finishes");
    }
    let elapsed = t.elapsed();
    let total = per_task * concurrency;
    println!(
        "{label:<44} {concurrency:>2} at once: {total} requests in {:>7.3} s = {:>8.0} requests/s",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
}

#[tokio::main]
async fn main() {
    let requests: usize = std::env::var("HALOPSA_FAKE_BENCH_REQUESTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4000);
    startup().await;
    let fake = FakeHalo::start().await.expect("starts");
    // 100 tickets shaped like the real one (the fixture), ~250 keys each.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/real/ticket_get_response.json"
    );
    let text = std::fs::read_to_string(path).expect("the fixture");
    let mut real: halopsa::serde_json::Value = halopsa::serde_json::from_str(&text).expect("JSON");
    for id in 1..=100 {
        real["id"] = id.into();
        fake.seed_table("Tickets", real.clone()).expect("seeds");
    }
    // Small tickets for the list: what GET /Tickets lists (a few keys each).
    let client = fake.client();
    for (label, concurrency) in [("sequential", 1), ("concurrent", 16)] {
        let c = client.clone();
        measure(
            &format!("getTicket (a ~250-key ticket), {label}"),
            requests,
            concurrency,
            move || {
                let c = c.clone();
                async move {
                    tickets::get_ticket(&c, 42, &GetTicketQuery::new())
                        .await
                        .expect("getTicket");
                }
            },
        )
        .await;
    }
    let list_fake = FakeHalo::start().await.expect("starts");
    for i in 0..100 {
        list_fake
            .insert(
                "Tickets",
                halopsa::serde_json::json!({"summary": format!("ticket {i}"), "client_id": 12, "status_id": 1}),
            )
            .expect("inserts");
    }
    let client = list_fake.client();
    let query = ListTicketsQuery::new().pageinate(true).page_size(50);
    for (label, concurrency) in [("sequential", 1), ("concurrent", 16)] {
        let (c, q) = (client.clone(), query.clone());
        measure(
            &format!("listTickets (a page of 50), {label}"),
            requests,
            concurrency,
            move || {
                let (c, q) = (c.clone(), q.clone());
                async move {
                    let page = tickets::list_tickets(&c, &q).await.expect("listTickets");
                    assert_eq!(page.len(), 50);
                }
            },
        )
        .await;
    }
}
