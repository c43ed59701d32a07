//! The fake's own controls, under `/_fake`, for tests written in other languages (the Rust
//! API on [`crate::FakeHalo`] does the same). Not part of Halo's API; never logged; no
//! token needed.
//!
//! | request | does |
//! | --- | --- |
//! | `GET /_fake/requests` | the request log, as JSON |
//! | `DELETE /_fake/requests` | clears it |
//! | `GET /_fake/records/{table}` | a table's records |
//! | `POST /_fake/seed` | loads a seed document (the body) |
//! | `DELETE /_fake/records` | empties every table |
//! | `POST /_fake/fail` | `{"operation": "listTickets", "times": 2, "status": 503, "retry_after": 1, "after_commit": false}` |
//! | `POST /_fake/rate_limit` | `{"requests": 300, "per": 300}` (seconds); `DELETE` lifts it |
//! | `POST /_fake/latency` | `{"ms": 250}` |
//! | `DELETE /_fake/faults` | lifts every fault |
//! | `POST /_fake/revoke` | revokes every token |
//! | `POST /_fake/advance` | `{"seconds": 3600}`: moves the clock forward |
//! | `POST /_fake/token` | issues a token: `{"access_token": …}` |

use crate::faults::{Failure, RateLimit};
use crate::reply::Reply;
use crate::{lock, seed, State};
use axum::http::Method;
use serde_json::{json, Value};
use std::time::Duration;

/// Answers one control request (`rest` is the path after `/_fake`).
pub(crate) fn handle(state: &State, method: &Method, rest: &str, body: &[u8]) -> Reply {
    let body: Value = if body.trim_ascii().is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => return Reply::error(400, "BadRequest", format!("not JSON: {e}")),
        }
    };
    let number = |key: &str| body.get(key).and_then(Value::as_f64).filter(|n| *n >= 0.0);
    let seconds = |key: &str| number(key).and_then(|s| Duration::try_from_secs_f64(s).ok());
    let ok = || Reply::json(200, &json!({"ok": true}));
    match (method.as_str(), rest.trim_end_matches('/')) {
        ("GET", "/requests") => {
            let log: Vec<Value> = lock(&state.log)
                .iter()
                .map(|r| {
                    json!({
                        "method": r.method, "path": r.path, "query": r.query, "body": r.body,
                        "token": r.token, "operation_id": r.operation_id, "status": r.status,
                    })
                })
                .collect();
            Reply::json(200, &Value::Array(log))
        }
        ("DELETE", "/requests") => {
            lock(&state.log).clear();
            ok()
        }
        ("DELETE", "/records") => {
            lock(&state.store).clear();
            ok()
        }
        ("GET", path) if path.starts_with("/records/") => {
            let name = &path["/records/".len()..];
            let Some((table, _)) = seed::table(name) else {
                return Reply::error(404, "NotFound", format!("no table `{name}`"));
            };
            let records: Vec<Value> = lock(&state.store)
                .get(table)
                .map(|t| t.records().cloned().map(Value::Object).collect())
                .unwrap_or_default();
            Reply::json(200, &Value::Array(records))
        }
        ("POST", "/seed") => match state.seed(body) {
            Ok(n) => Reply::json(200, &json!({"loaded": n})),
            Err(e) => Reply::error(400, "BadRequest", e.to_string()),
        },
        ("POST", "/fail") => {
            let Some(status) = number("status").filter(|s| (100.0..600.0).contains(s)) else {
                return Reply::error(400, "BadRequest", "`status` (100-599) is required");
            };
            let mut failure =
                Failure::new(status as u16).times(number("times").unwrap_or(1.0) as u32);
            if let Some(op) = body.get("operation").and_then(Value::as_str) {
                failure = failure.operation(op);
            }
            if let Some(after) = seconds("retry_after") {
                failure = failure.retry_after(after);
            }
            if let Some(text) = body.get("body").and_then(Value::as_str) {
                failure = failure.body(text);
            }
            if body.get("after_commit").and_then(Value::as_bool) == Some(true) {
                failure = failure.after_commit();
            }
            lock(&state.faults).push(failure);
            ok()
        }
        ("POST", "/rate_limit") => {
            let (Some(requests), Some(per)) = (number("requests"), seconds("per")) else {
                return Reply::error(
                    400,
                    "BadRequest",
                    "`requests` and `per` (seconds) are required",
                );
            };
            lock(&state.faults).set_rate_limit(Some(RateLimit::new(requests as u32, per)));
            ok()
        }
        ("DELETE", "/rate_limit") => {
            lock(&state.faults).set_rate_limit(None);
            ok()
        }
        ("POST", "/latency") => {
            lock(&state.faults).latency = number("ms")
                .map(|ms| Duration::from_micros((ms * 1000.0) as u64))
                .unwrap_or_default();
            ok()
        }
        ("DELETE", "/faults") => {
            lock(&state.faults).clear();
            ok()
        }
        ("POST", "/revoke") => {
            lock(&state.tokens).revoke_all();
            ok()
        }
        ("POST", "/advance") => {
            state.clock.advance(seconds("seconds").unwrap_or_default());
            ok()
        }
        ("POST", "/token") => {
            let token = lock(&state.tokens).mint(&state.credentials, &state.clock);
            Reply::json(200, &json!({"access_token": token, "token_type": "Bearer"}))
        }
        _ => Reply::error(404, "NotFound", format!("no fake control at /_fake{rest}")),
    }
}
