//! Decoding and encoding a list of realistic tickets three ways, side by side in one run:
//! the generated model (`halopsa::tickets::Faults`, every key kept), a plain serde-derive
//! struct with the same documented fields (unknown keys dropped), and `serde_json::Value`.
//!
//! `cargo bench -p halopsa-bench` (criterion's options after `--`, e.g.
//! `-- --measurement-time 5 --warm-up-time 1`). `HALOPSA_BENCH_TICKETS` sets how many
//! tickets the list holds (default 50,000). After criterion's own report, a table gives the
//! median time of one pass each way and the ratios.

use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use halopsa_bench::{plain, tickets_json};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Every timed pass, by benchmark name, for the summary table.
static TIMES: Mutex<BTreeMap<String, Vec<Duration>>> = Mutex::new(BTreeMap::new());

fn record(name: &str, time: Duration) {
    if let Ok(mut times) = TIMES.lock() {
        times.entry(name.to_owned()).or_default().push(time);
    }
}

fn ticket_count() -> usize {
    std::env::var("HALOPSA_BENCH_TICKETS")
        .ok()
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(50_000)
}

/// Times `iters` passes of `f`; what a pass returns is dropped outside the timing.
fn timed<T>(name: &str, iters: u64, mut f: impl FnMut() -> T) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        let out = black_box(f());
        let elapsed = start.elapsed();
        drop(out);
        record(name, elapsed);
        total += elapsed;
    }
    total
}

fn decode<T: DeserializeOwned>(json: &[u8]) -> Vec<T> {
    match serde_json::from_slice(json) {
        Ok(v) => v,
        Err(e) => panic!("the benchmark data decodes: {e}"),
    }
}

fn decode_value(json: &[u8]) -> serde_json::Value {
    match serde_json::from_slice(json) {
        Ok(v) => v,
        Err(e) => panic!("the benchmark data decodes: {e}"),
    }
}

fn encode<T: Serialize + ?Sized>(value: &T, capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    match serde_json::to_writer(&mut out, value) {
        Ok(()) => out,
        Err(e) => panic!("the benchmark data encodes: {e}"),
    }
}

fn models(c: &mut Criterion) {
    let count = ticket_count();
    let json = tickets_json(count, 0x5eed);
    let size = json.len();
    let keys = serde_json::from_slice::<Vec<serde_json::Map<String, serde_json::Value>>>(
        &tickets_json(1, 0x5eed),
    )
    .ok()
    .and_then(|v| v.first().map(serde_json::Map::len))
    .unwrap_or(0);
    eprintln!(
        "{count} tickets, {:.1} MB of JSON, {keys} top-level keys a ticket",
        size as f64 / 1e6
    );

    let mut group = c.benchmark_group("decode");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_function(BenchmarkId::from_parameter("generated"), |b| {
        b.iter_custom(|n| timed("decode/generated", n, || decode::<halopsa::tickets::Faults>(&json)))
    });
    group.bench_function(BenchmarkId::from_parameter("plain"), |b| {
        b.iter_custom(|n| timed("decode/plain", n, || decode::<plain::Faults>(&json)))
    });
    group.bench_function(BenchmarkId::from_parameter("value"), |b| {
        b.iter_custom(|n| timed("decode/value", n, || decode_value(&json)))
    });
    group.finish();

    let mut group = c.benchmark_group("encode");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(size as u64));
    {
        let tickets = decode::<halopsa::tickets::Faults>(&json);
        group.bench_function(BenchmarkId::from_parameter("generated"), |b| {
            b.iter_custom(|n| timed("encode/generated", n, || encode(&tickets, size)))
        });
    }
    {
        let tickets = decode::<plain::Faults>(&json);
        group.bench_function(BenchmarkId::from_parameter("plain"), |b| {
            b.iter_custom(|n| timed("encode/plain", n, || encode(&tickets, size)))
        });
    }
    {
        let value = decode_value(&json);
        group.bench_function(BenchmarkId::from_parameter("value"), |b| {
            b.iter_custom(|n| timed("encode/value", n, || encode(&value, size)))
        });
    }
    group.finish();
}

fn median(times: &[Duration]) -> Option<Duration> {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied()
}

/// The summary table: median of every timed pass (warm-up included), and the ratios.
fn summary() {
    let Ok(times) = TIMES.lock() else { return };
    let ms = |name: &str| {
        times
            .get(name)
            .and_then(|t| median(t))
            .map(|d| d.as_secs_f64() * 1e3)
    };
    println!();
    println!("| pass | generated model | plain struct | serde_json::Value | model / plain | Value / model |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for op in ["decode", "encode"] {
        let (g, p, v) = (
            ms(&format!("{op}/generated")),
            ms(&format!("{op}/plain")),
            ms(&format!("{op}/value")),
        );
        let cell = |x: Option<f64>| x.map_or("-".to_owned(), |x| format!("{x:.0} ms"));
        let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
            _ => "-".to_owned(),
        };
        println!(
            "| {op} | {} | {} | {} | {} | {} |",
            cell(g),
            cell(p),
            cell(v),
            ratio(g, p),
            ratio(v, g)
        );
    }
}

criterion_group!(benches, models);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
