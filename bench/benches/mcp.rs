//! A tool call of the MCP server against the same SDK call, on loopback against
//! `halopsa-fake`: `GET /Tickets`, one page of 25 tickets, side by side in one run.
//!
//! - `sdk`: `halopsa::tickets::list_tickets` (page 1, 25 a page, `pageinate`: the request
//!   the tool sends) through the fake's `halopsa::Client`;
//! - `tool`: `tools/call tickets_list {"page_size": 25}` from an rmcp client over an
//!   in-memory stream to the server (`halopsa_mcp::server::Server`) as it runs by default:
//!   the JSON-RPC request encoded and decoded, the arguments decoded into the SDK's types,
//!   the same SDK call, the typed answer encoded as text and as structured content (a JSON
//!   value), the result decoded by the client;
//! - `text-only`: the same with `--text-only` (the answer as JSON text only);
//! - `server`, `server-text`: `Server::call` without the protocol (default settings, and
//!   `--text-only`), to tell the server's own work from the protocol's.
//!
//! The server's caps are raised (`max_bytes` 10 MB) so that every way answers the same 25
//! records. Two pages are measured: tickets as `GET /Tickets` lists them (17 keys each,
//! about 0.5 KB) and full tickets (about 250 keys, 8 KB). Each round makes
//! `HALOPSA_BENCH_MCP_CALLS` calls (default 20) of each way, in an order that rotates from
//! round to round, for `HALOPSA_BENCH_MCP_ROUNDS` rounds (default 100) after a warm-up.
//!
//! ```sh
//! cargo bench -p halopsa-bench --bench mcp
//! ```
//!
//! It prints the median time per call of each way and the median of the per-round ratios
//! of each to `sdk`, with their interquartile range.
#![forbid(unsafe_code)]

use halopsa::tickets::{self, ListTicketsQuery};
use halopsa_bench::timing::count;
use halopsa_fake::FakeHalo;
use halopsa_mcp::answer::Limits;
use halopsa_mcp::catalog::{Catalog, Selection};
use halopsa_mcp::server::{Options, Server};
use rmcp::model::CallToolRequestParams;
use rmcp::ServiceExt;
use serde_json::{json, Map, Value};
use std::time::{Duration, Instant};

const PAGE: usize = 25;

fn quartiles(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    (at(0.25), at(0.5), at(0.75))
}

fn arguments() -> Map<String, Value> {
    let Value::Object(map) = json!({"page_size": PAGE}) else {
        unreachable!("an object literal")
    };
    map
}

/// An rmcp client connected to `server` over an in-memory stream.
async fn connect(
    server: Server,
) -> Result<rmcp::service::RunningService<rmcp::RoleClient, ()>, Box<dyn std::error::Error>> {
    let (server_end, client_end) = tokio::io::duplex(1 << 20);
    tokio::spawn(async move {
        if let Ok(service) = server.serve(server_end).await {
            let _ = service.waiting().await;
        }
    });
    Ok(().serve(client_end).await?)
}

async fn run(label: &str, tickets: Vec<u8>) -> Result<(), Box<dyn std::error::Error>> {
    let tickets: Value = serde_json::from_slice(&tickets)?;
    let fake = FakeHalo::start().await?;
    fake.seed(json!({ "Tickets": tickets }))?;
    let client = fake.client();
    let options = |structured| -> Result<Options, Box<dyn std::error::Error>> {
        Ok(Options {
            catalog: Catalog::select(halopsa_mcp::tools::TOOLS, &Selection::default())?,
            compact: false,
            limits: Limits {
                max_records: PAGE,
                max_bytes: 10_000_000,
            },
            dry_run: false,
            structured,
        })
    };
    let server = Server::new(options(true)?, client.clone());
    let server_text = Server::new(options(false)?, client.clone());
    let peer = connect(server.clone()).await?;
    let text_only = connect(Server::new(options(false)?, client.clone())).await?;

    let mut query = ListTicketsQuery::new();
    query.page_no = Some(1);
    query.page_size = Some(PAGE as i64);
    query.pageinate = Some(true);

    // Each way checked once: the same 25 records.
    let sdk = tickets::list_tickets(&client, &query).await?;
    let params = CallToolRequestParams::new("tickets_list").with_arguments(arguments());
    let tool = peer.call_tool(params.clone()).await?;
    let records = tool
        .structured_content
        .as_ref()
        .and_then(|s| s.get("records"))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    assert_eq!(
        (sdk.len(), records),
        (PAGE, PAGE),
        "both ways answer the page"
    );
    let text = text_only.call_tool(params.clone()).await?;
    let text = text
        .content
        .first()
        .and_then(|c| c.as_text())
        .map(|t| t.text.clone());
    let text: Value = serde_json::from_str(&text.unwrap_or_default())?;
    assert_eq!(text["records"].as_array().map(Vec::len), Some(PAGE));
    let direct = server.call("tickets_list", arguments()).await?;
    assert_ne!(direct.is_error, Some(true));

    let calls = count("HALOPSA_BENCH_MCP_CALLS", 20).max(1);
    let rounds = count("HALOPSA_BENCH_MCP_ROUNDS", 100).max(1);
    const WAYS: [&str; 5] = ["sdk", "tool", "text-only", "server", "server-text"];
    let mut per_call: [Vec<f64>; 5] = Default::default();
    let mut ratios: [Vec<f64>; 5] = Default::default();
    for round in 0..=rounds {
        let mut times = [Duration::ZERO; 5];
        for k in 0..WAYS.len() {
            let way = (round + k) % WAYS.len();
            let start = Instant::now();
            for _ in 0..calls {
                match way {
                    0 => drop(tickets::list_tickets(&client, &query).await?),
                    1 => drop(peer.call_tool(params.clone()).await?),
                    2 => drop(text_only.call_tool(params.clone()).await?),
                    3 => drop(server.call("tickets_list", arguments()).await?),
                    _ => drop(server_text.call("tickets_list", arguments()).await?),
                }
            }
            times[way] = start.elapsed();
        }
        if round == 0 {
            continue; // warm-up
        }
        for (way, time) in times.iter().enumerate() {
            per_call[way].push(time.as_secs_f64() / calls as f64);
            ratios[way].push(time.as_secs_f64() / times[0].as_secs_f64());
        }
    }
    println!("{label} ({rounds} rounds of {calls} calls each way):");
    for (way, name) in WAYS.iter().enumerate() {
        let (_, per, _) = quartiles(per_call[way].clone());
        let (q1, q2, q3) = quartiles(ratios[way].clone());
        println!(
            "  {name:11} {:7.0} µs per call   {q2:.3}x sdk (interquartile {q1:.3}–{q3:.3})",
            per * 1e6
        );
    }
    peer.cancel().await?;
    text_only.cancel().await?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        run(
            "GET /Tickets, 25 list tickets",
            halopsa_bench::list_tickets_json(PAGE, 0x5eed),
        )
        .await?;
        run(
            "GET /Tickets, 25 full tickets",
            halopsa_bench::tickets_json(PAGE, 0x5eed),
        )
        .await
    })
}
