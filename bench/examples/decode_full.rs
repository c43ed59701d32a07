//! Decodes the benchmark's 2,000 full tickets (`halopsa_bench::tickets_json`) a set number
//! of times, one way, for profilers: instruction counts do not vary with the machine's load
//! as times do.
//!
//! ```text
//! cargo build --release -p halopsa-bench --example decode_full
//! HALOPSA_DECODE_PASSES=1 valgrind --tool=callgrind target/release/examples/decode_full model
//! HALOPSA_DECODE_PASSES=1 valgrind --tool=callgrind target/release/examples/decode_full plain
//! HALOPSA_DECODE_PASSES=0 valgrind --tool=callgrind target/release/examples/decode_full
//! ```
//!
//! The first argument is the way: `model` (the generated `Faults`, the default) or `plain`
//! (the benchmark's serde-derive struct). `HALOPSA_DECODE_PASSES` (default 10) is the
//! number of passes; a run with 0 counts building the data alone, to subtract.
#![forbid(unsafe_code)]

use halopsa_bench::{plain, tickets_json};
use halopsa_runtime::decode::decode_json;

fn main() {
    let way = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "model".to_owned());
    let passes: usize = std::env::var("HALOPSA_DECODE_PASSES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let json = tickets_json(2_000, 0x5eed);
    for _ in 0..passes {
        let decoded = match way.as_str() {
            "plain" => decode_json::<Vec<plain::Faults>>(&json).map(|v| v.len()),
            "model" => decode_json::<Vec<halopsa::tickets::Faults>>(&json).map(|v| v.len()),
            other => {
                eprintln!("unknown way {other:?}: `model` or `plain`");
                std::process::exit(2);
            }
        };
        match decoded {
            Ok(2_000) => {}
            other => {
                eprintln!("the data did not decode to 2,000 tickets: {other:?}");
                std::process::exit(1);
            }
        }
    }
}
