//! Decoding and encoding lists of realistic tickets three ways, side by side in one run:
//! the generated model (`halopsa::tickets::Faults`, every key kept), a plain serde-derive
//! struct with the same documented fields (unknown keys dropped), and `serde_json::Value`.
//!
//! Two lists: `list`, 50,000 tickets as a `GET /Tickets` page lists them (17 keys each,
//! ~20 MB), and `full`, 2,000 full tickets as `GET /Tickets/{id}` answers (~257 keys each,
//! three quarters of them undocumented, ~19 MB). `HALOPSA_BENCH_LIST_TICKETS` and
//! `HALOPSA_BENCH_FULL_TICKETS` change the counts. Bodies are decoded the way the SDK
//! decodes responses (`halopsa_runtime::decode::decode_json`).
//!
//! On `list` a fourth way, a plain struct with exactly the 17 keys a list ticket carries
//! (none absent, none dropped), shows the fastest a typed decode can be there.
//!
//! `cargo bench -p halopsa-bench` (criterion's options after `--`, e.g.
//! `-- --measurement-time 5 --warm-up-time 1`). After criterion's own report, a table gives
//! the median time of one pass each way, and the ratios; then the decode ratios measured
//! interleaved: `HALOPSA_BENCH_ROUNDS` rounds (default 21) of one model pass and one plain
//! pass right after each other, the median round and the spread.
#![forbid(unsafe_code)]

use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use halopsa::tickets::Faults;
use halopsa_bench::timing::{count, interleaved, median, quantile, timed};
use halopsa_bench::{list_tickets_json, plain, tickets_json};
use serde::de::DeserializeOwned;
use serde::Serialize;

fn decode<T: DeserializeOwned>(json: &[u8]) -> T {
    match halopsa_runtime::decode::decode_json(json) {
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

/// Decodes and encodes one list three ways.
fn run(c: &mut Criterion, list: &str, json: &[u8], count: usize) {
    let size = json.len();
    eprintln!(
        "{list}: {count} tickets, {:.1} MB of JSON",
        size as f64 / 1e6
    );
    let name = |op: &str, way: &str| format!("{list}/{op}/{way}");

    let mut group = c.benchmark_group(format!("{list}/decode"));
    group.sample_size(10);
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_function(BenchmarkId::from_parameter("generated"), |b| {
        let n = name("decode", "generated");
        b.iter_custom(|i| timed(&n, i, || decode::<Vec<Faults>>(json)))
    });
    group.bench_function(BenchmarkId::from_parameter("plain"), |b| {
        let n = name("decode", "plain");
        b.iter_custom(|i| timed(&n, i, || decode::<Vec<plain::Faults>>(json)))
    });
    group.bench_function(BenchmarkId::from_parameter("value"), |b| {
        let n = name("decode", "value");
        b.iter_custom(|i| timed(&n, i, || decode::<serde_json::Value>(json)))
    });
    if list == "list" {
        group.bench_function(BenchmarkId::from_parameter("17-key"), |b| {
            let n = name("decode", "17-key");
            b.iter_custom(|i| timed(&n, i, || decode::<Vec<plain::ListTicket>>(json)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group(format!("{list}/encode"));
    group.sample_size(10);
    group.throughput(Throughput::Bytes(size as u64));
    {
        let tickets = decode::<Vec<Faults>>(json);
        group.bench_function(BenchmarkId::from_parameter("generated"), |b| {
            let n = name("encode", "generated");
            b.iter_custom(|i| timed(&n, i, || encode(&tickets, size)))
        });
    }
    {
        let tickets = decode::<Vec<plain::Faults>>(json);
        group.bench_function(BenchmarkId::from_parameter("plain"), |b| {
            let n = name("encode", "plain");
            b.iter_custom(|i| timed(&n, i, || encode(&tickets, size)))
        });
    }
    {
        let value = decode::<serde_json::Value>(json);
        group.bench_function(BenchmarkId::from_parameter("value"), |b| {
            let n = name("encode", "value");
            b.iter_custom(|i| timed(&n, i, || encode(&value, size)))
        });
    }
    if list == "list" {
        let tickets = decode::<Vec<plain::ListTicket>>(json);
        group.bench_function(BenchmarkId::from_parameter("17-key"), |b| {
            let n = name("encode", "17-key");
            b.iter_custom(|i| timed(&n, i, || encode(&tickets, size)))
        });
    }
    group.finish();
}

fn models(c: &mut Criterion) {
    let list = count("HALOPSA_BENCH_LIST_TICKETS", 50_000);
    run(c, "list", &list_tickets_json(list, 0x5eed), list);
    let full = count("HALOPSA_BENCH_FULL_TICKETS", 2_000);
    run(c, "full", &tickets_json(full, 0x5eed), full);
}

/// The decode ratios that the goals are about (model / plain struct), each round's two
/// passes right after each other: the median round, the middle half and the extremes.
fn interleaved_decode() {
    let rounds = count("HALOPSA_BENCH_ROUNDS", 21);
    if rounds == 0 {
        return;
    }
    println!();
    println!("Decode, model / plain struct, {rounds} interleaved rounds:");
    println!();
    println!("| list | median | middle half | all rounds |");
    println!("| --- | ---: | ---: | ---: |");
    let lists = [
        (
            "list",
            list_tickets_json(count("HALOPSA_BENCH_LIST_TICKETS", 50_000), 0x5eed),
        ),
        (
            "full",
            tickets_json(count("HALOPSA_BENCH_FULL_TICKETS", 2_000), 0x5eed),
        ),
    ];
    for (list, json) in lists {
        let ratios = interleaved(
            rounds,
            || decode::<Vec<Faults>>(&json),
            || decode::<Vec<plain::Faults>>(&json),
        );
        let q = |at: f64| quantile(&ratios, at).map_or("-".to_owned(), |r| format!("{r:.3}×"));
        println!(
            "| {list} | {} | {} to {} | {} to {} |",
            q(0.5),
            q(0.25),
            q(0.75),
            q(0.0),
            q(1.0)
        );
    }
}

/// The summary table: median of every timed pass (warm-up included), and the ratios.
fn summary() {
    let ms = |name: &str| median(name).map(|d| d.as_secs_f64() * 1e3);
    println!();
    println!(
        "| list | pass | generated model | plain struct | serde_json::Value | model / plain | Value / model | 17-key struct | Value / 17-key |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for list in ["list", "full"] {
        for op in ["decode", "encode"] {
            let (g, p, v, k) = (
                ms(&format!("{list}/{op}/generated")),
                ms(&format!("{list}/{op}/plain")),
                ms(&format!("{list}/{op}/value")),
                ms(&format!("{list}/{op}/17-key")),
            );
            if g.is_none() && p.is_none() && v.is_none() {
                continue;
            }
            let cell = |x: Option<f64>| x.map_or("-".to_owned(), |x| format!("{x:.1} ms"));
            let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
                _ => "-".to_owned(),
            };
            println!(
                "| {list} | {op} | {} | {} | {} | {} | {} | {} | {} |",
                cell(g),
                cell(p),
                cell(v),
                ratio(g, p),
                ratio(v, g),
                cell(k),
                ratio(v, k)
            );
        }
    }
}

criterion_group!(benches, models);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary();
    interleaved_decode();
}
