//! Stage timings: with `HALOPSA_CODEGEN_TIMINGS` set in the environment, every pipeline
//! stage (load, check, model, emit, format, write) prints its wall time to stderr, to find
//! what grows faster than the spec (`bench/scale_spec.py` makes large specs).

use std::sync::OnceLock;
use std::time::Instant;

/// Whether stage timings are printed: `HALOPSA_CODEGEN_TIMINGS` is set.
fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("HALOPSA_CODEGEN_TIMINGS").is_some())
}

/// Runs `f`, printing `name` and its wall time to stderr when timings are enabled.
pub fn stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    eprintln!("{name:<24} {:8.3} s", start.elapsed().as_secs_f64());
    out
}
