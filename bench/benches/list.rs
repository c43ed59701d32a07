//! The cost of the list type: decoding 50,000 list tickets (~22 MB, as `GET /Tickets`
//! lists them) through `halopsa::List` against a plain `Vec<Faults>`, side by side in one
//! run. Four ways:
//!
//! - `vec`: the bare array into `Vec<Faults>` (`decode_json`), the yardstick;
//! - `list-bare`: the same bare array through the list type (`decode_list`);
//! - `list-key`: Halo's wrapper object, records under the key the spec names (`tickets`),
//!   decoded straight;
//! - `list-found`: the same wrapper when the key is not known, found after the object is
//!   read (a second pass over the records' text).
//!
//! `cargo bench -p halopsa-bench --bench list` (criterion's options after `--`;
//! `HALOPSA_BENCH_LIST_TICKETS` changes the count). After criterion's report, a table gives
//! the median of each way and its ratio to `vec`.

use criterion::{criterion_group, Criterion, Throughput};
use halopsa::tickets::Faults;
use halopsa::List;
use halopsa_bench::list_tickets_json;
use halopsa_bench::timing::{count, median, timed};

fn expect<T>(result: Result<T, halopsa::Error>) -> T {
    match result {
        Ok(v) => v,
        Err(e) => panic!("benchmark data must decode: {e}"),
    }
}

fn bench(c: &mut Criterion) {
    let count = count("HALOPSA_BENCH_LIST_TICKETS", 50_000);
    let bare = list_tickets_json(count, 7);
    let mut wrapper =
        format!(r#"{{"page_no":1,"page_size":{count},"record_count":{count},"tickets":"#)
            .into_bytes();
    wrapper.extend_from_slice(&bare);
    wrapper.push(b'}');

    // The four ways decode the same records.
    let vec: Vec<Faults> = expect(halopsa_runtime::decode::decode_json(&bare));
    let found: List<Faults> = expect(halopsa_runtime::decode::decode_list(
        "listTickets",
        None,
        &wrapper,
    ));
    assert_eq!(vec.len(), count);
    assert_eq!(found.items, vec);

    let mut group = c.benchmark_group("list");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bare.len() as u64));
    group.bench_function("vec", |b| {
        b.iter_custom(|n| {
            timed("vec", n, || {
                expect(halopsa_runtime::decode::decode_json::<Vec<Faults>>(&bare))
            })
        })
    });
    group.bench_function("list-bare", |b| {
        b.iter_custom(|n| {
            timed("list-bare", n, || {
                expect(halopsa_runtime::decode::decode_list::<Faults>(
                    "listTickets",
                    Some("tickets"),
                    &bare,
                ))
            })
        })
    });
    group.bench_function("list-key", |b| {
        b.iter_custom(|n| {
            timed("list-key", n, || {
                expect(halopsa_runtime::decode::decode_list::<Faults>(
                    "listTickets",
                    Some("tickets"),
                    &wrapper,
                ))
            })
        })
    });
    group.bench_function("list-found", |b| {
        b.iter_custom(|n| {
            timed("list-found", n, || {
                expect(halopsa_runtime::decode::decode_list::<Faults>(
                    "listTickets",
                    None,
                    &wrapper,
                ))
            })
        })
    });
    group.finish();
}

fn summary() {
    let base = median("vec").unwrap_or_default();
    println!("\n| way | median | / vec |\n| --- | ---: | ---: |");
    for name in ["vec", "list-bare", "list-key", "list-found"] {
        if let Some(m) = median(name) {
            println!(
                "| {name} | {:.1} ms | {:.3}× |",
                m.as_secs_f64() * 1e3,
                m.as_secs_f64() / base.as_secs_f64().max(f64::MIN_POSITIVE)
            );
        }
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
