//! The SDK against bare reqwest on loopback: `GET /Tickets` answered with a page of 50
//! list tickets (Halo's wrapper object), decoded into the same records every way.
//!
//! - `sdk`: `halopsa::tickets::list_tickets` through a `halopsa::Client` (static bearer
//!   token, default settings: timeouts, retries, tracing span);
//! - `bare`: `reqwest::Client::new()` (no timeout at all), `bearer_auth`,
//!   `error_for_status`, `json::<FaultsView>()` (`serde_json::from_slice`), what a caller
//!   would write by hand;
//! - `bare+decode_json`: the same bare request, decoded with the SDK's own decoder into the
//!   type the SDK returns (`halopsa_runtime::decode::decode_list`, a `List<Faults>`), so
//!   that `sdk / bare+decode_json` is the cost of the SDK's HTTP path alone.
//!
//! The server is a plain tokio TCP server on its own thread that answers every request
//! with one fixed HTTP/1.1 response (keep-alive, `Content-Length`). Each round sends
//! `HALOPSA_BENCH_HTTP_REQUESTS` requests (default 160) at 1 and at 16 concurrent
//! requests (16 tasks, each sending its share one after another) and times the whole
//! round; the three ways alternate, in an order that rotates and reverses from round to
//! round (every way runs in every position equally often), for
//! `HALOPSA_BENCH_HTTP_ROUNDS` rounds (default 300) after one warm-up round each. Short
//! rounds, many of them, keep each round's three ways close in time, so that other load
//! on the machine hits them alike.
//!
//! ```sh
//! cargo bench -p halopsa-bench --bench http
//! ```
//!
//! It prints, per concurrency, the median time per request of each way, and the ratios of
//! `sdk` to `bare` and to `bare+decode_json`: the median of the per-round ratios (each
//! round's ways run back to back, so load from other processes mostly cancels out) and
//! their interquartile range.
#![forbid(unsafe_code)]

use halopsa::tickets::{self, Faults, FaultsView, ListTicketsQuery};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const TOKEN: &str = "bench-token";
const TICKETS_PER_PAGE: usize = 50;
const CONCURRENCY: [usize; 2] = [1, 16];

fn count(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|n| n.replace('_', "").parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

/// The one response the server sends: a `GET /Tickets` page of list tickets.
fn response() -> Vec<u8> {
    let tickets = halopsa_bench::list_tickets_json(TICKETS_PER_PAGE, 0x5eed);
    let mut body = format!(
        r#"{{"page_no":1,"page_size":{TICKETS_PER_PAGE},"record_count":{TICKETS_PER_PAGE},"tickets":"#
    )
    .into_bytes();
    body.extend_from_slice(&tickets);
    body.push(b'}');
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(&body);
    out
}

/// Answers every request on one connection with `response` until the client closes it.
/// Requests are `GET`s without a body: a request ends at its blank line.
async fn connection(mut socket: TcpStream, response: Arc<Vec<u8>>) {
    let _ = socket.set_nodelay(true);
    let mut buf = vec![0u8; 16 * 1024];
    let mut filled = 0;
    loop {
        let Some(free) = buf.get_mut(filled..) else {
            return;
        };
        if free.is_empty() {
            return; // a request head larger than the buffer: not one of ours
        }
        match socket.read(free).await {
            Ok(0) | Err(_) => return,
            Ok(n) => filled += n,
        }
        while let Some(end) = buf
            .get(..filled)
            .and_then(|b| b.windows(4).position(|w| w == b"\r\n\r\n"))
        {
            if socket.write_all(&response).await.is_err() {
                return;
            }
            buf.copy_within(end + 4..filled, 0);
            filled -= end + 4;
        }
    }
}

/// Starts the server on its own thread and runtime; returns its address.
fn start_server() -> std::io::Result<std::net::SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let response = Arc::new(response());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = TcpListener::from_std(listener) else {
                return;
            };
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(connection(socket, Arc::clone(&response)));
            }
        })
    });
    Ok(addr)
}

/// One way of making the call; returns the number of tickets received.
type Way = Arc<dyn Fn() -> std::pin::Pin<Box<dyn Future<Output = usize> + Send>> + Send + Sync>;

fn ways(base: &str) -> Result<Vec<(&'static str, Way)>, Box<dyn std::error::Error>> {
    let client = halopsa::Client::builder()
        .api_url(base)
        .bearer_token(TOKEN)
        .build()?;
    let query = Arc::new(ListTicketsQuery::new());
    let sdk: Way = Arc::new(move || {
        let (client, query) = (client.clone(), Arc::clone(&query));
        Box::pin(async move {
            match tickets::list_tickets(&client, &query).await {
                Ok(page) => page.len(),
                Err(e) => panic!("sdk call failed: {e}"),
            }
        })
    });

    let url: Arc<str> = Arc::from(format!("{base}/Tickets"));
    // Each way has its own connection pool, so that none finds its connections warmer
    // in the caches for having run just before (the two bare ways often run back to back).
    let (bare_http, bare_url) = (reqwest::Client::new(), Arc::clone(&url));
    let http = reqwest::Client::new();
    let bare: Way = Arc::new(move || {
        let (http, url) = (bare_http.clone(), Arc::clone(&bare_url));
        Box::pin(async move {
            let page = async {
                http.get(&*url)
                    .bearer_auth(TOKEN)
                    .send()
                    .await?
                    .error_for_status()?
                    .json::<FaultsView>()
                    .await
            };
            match page.await {
                Ok(page) => tickets_in(&page),
                Err(e) => panic!("bare call failed: {e}"),
            }
        })
    });

    let same_decoder: Way = Arc::new(move || {
        let (http, url) = (http.clone(), Arc::clone(&url));
        Box::pin(async move {
            let body = async {
                http.get(&*url)
                    .bearer_auth(TOKEN)
                    .send()
                    .await?
                    .error_for_status()?
                    .bytes()
                    .await
            };
            let body = match body.await {
                Ok(body) => body,
                Err(e) => panic!("bare call failed: {e}"),
            };
            match halopsa_runtime::decode::decode_list::<Faults>(
                "listTickets",
                Some("tickets"),
                &body,
            ) {
                Ok(page) => page.len(),
                Err(e) => panic!("bare decode failed: {e}"),
            }
        })
    });
    Ok(vec![
        ("sdk", sdk),
        ("bare", bare),
        ("bare+decode_json", same_decoder),
    ])
}

fn tickets_in(page: &FaultsView) -> usize {
    page.tickets.value().map_or(0, Vec::len)
}

/// Sends `requests` requests, `concurrency` at a time; the wall-clock time of the round.
async fn round(way: &Way, requests: usize, concurrency: usize) -> Duration {
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|task| {
            let way = Arc::clone(way);
            // Spread the requests as evenly as possible over the tasks.
            let share = requests / concurrency + usize::from(task < requests % concurrency);
            tokio::spawn(async move {
                let mut received = 0;
                for _ in 0..share {
                    received += way().await;
                }
                received
            })
        })
        .collect();
    let mut received = 0;
    for task in tasks {
        received += task.await.unwrap_or_else(|e| panic!("a task failed: {e}"));
    }
    assert_eq!(
        received,
        requests * TICKETS_PER_PAGE,
        "every page arrived whole"
    );
    started.elapsed()
}

/// The order of the ways in round `round`: every rotation of `0..n`, forwards and
/// backwards, in turn, so that each way runs first, last, before and after each other
/// way equally often.
fn order(round: usize, n: usize) -> Vec<usize> {
    let n = n.max(1);
    let shift = (round / 2) % n;
    let mut order: Vec<usize> = (0..n).map(|i| (i + shift) % n).collect();
    if round % 2 == 1 {
        order.reverse();
    }
    order
}

/// The value at quantile `q` (0 to 1) of `values`, which it sorts.
fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    if values.is_empty() {
        return f64::NAN;
    }
    let at = q * (values.len() - 1) as f64;
    let (low, high) = (at.floor() as usize, at.ceil() as usize);
    match (values.get(low), values.get(high)) {
        (Some(a), Some(b)) => a + (b - a) * (at - at.floor()),
        _ => f64::NAN,
    }
}

/// Median and interquartile range of `values`, formatted.
fn ratio_cell(mut values: Vec<f64>) -> String {
    format!(
        "{:.3}× ({:.2}–{:.2})",
        quantile(&mut values, 0.5),
        quantile(&mut values, 0.25),
        quantile(&mut values, 0.75)
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let requests = count("HALOPSA_BENCH_HTTP_REQUESTS", 160);
    let rounds = count("HALOPSA_BENCH_HTTP_ROUNDS", 300);
    let addr = start_server()?;
    let base = format!("http://{addr}/api");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let ways = ways(&base)?;
    println!(
        "{requests} requests a round, {rounds} rounds (+1 warm-up), {TICKETS_PER_PAGE} tickets a page ({} bytes a response)",
        response().len()
    );
    println!();
    let names: Vec<&str> = ways.iter().map(|(name, _)| *name).collect();
    println!(
        "| concurrent | {} | sdk / bare | sdk / bare+decode_json |",
        names.join(" | ")
    );
    println!("| ---: |{} ---: | ---: |", " ---: |".repeat(ways.len()));
    for concurrency in CONCURRENCY {
        // times[way][round]: seconds per request
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); ways.len()];
        for r in 0..=rounds {
            let order = order(r, ways.len());
            for w in order {
                let elapsed = runtime.block_on(round(&ways[w].1, requests, concurrency));
                if r > 0 {
                    if let Some(t) = times.get_mut(w) {
                        t.push(elapsed.as_secs_f64() / requests as f64);
                    }
                }
            }
        }
        let per_round = |a: usize, b: usize| -> Vec<f64> {
            match (times.get(a), times.get(b)) {
                (Some(a), Some(b)) => a.iter().zip(b).map(|(x, y)| x / y).collect(),
                _ => Vec::new(),
            }
        };
        let medians: Vec<String> = times
            .iter()
            .map(|t| format!("{:.1} µs", quantile(&mut t.clone(), 0.5) * 1e6))
            .collect();
        println!(
            "| {concurrency} | {} | {} | {} |",
            medians.join(" | "),
            ratio_cell(per_round(0, 1)),
            ratio_cell(per_round(0, 2)),
        );
    }
    println!();
    println!("Times: median per request over the rounds. Ratios: median of the per-round ratios (interquartile range).");
    Ok(())
}
