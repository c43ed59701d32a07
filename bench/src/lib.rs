//! Benchmark data and baselines for the `halopsa` models.
//!
//! Two kinds of realistic tickets are generated, deterministically, as a JSON array; both
//! take their keys and kinds of values from a real ticket
//! (`tests/fixtures/real/ticket_get_response.json`) and get fresh values of the same kinds:
//! mixed date-time formats and "not set" markers, GUIDs, `-0.0`, `18.0` for an integer,
//! `"21"` strings, time spans.
//!
//! - [`tickets_json`]: full tickets, as `GET /Tickets/{id}` and `POST /Tickets` answer:
//!   the real ticket's ~257 keys, of which ~60 are documented `Faults` fields and the rest
//!   unknown keys, with embedded `user`, `priority`, `tickettype` and `customfields`
//!   (~9.5 kB each).
//! - [`list_tickets_json`]: tickets as a `GET /Tickets` page lists them: 17 keys, 13 of
//!   them documented (~400 bytes each).
//!
//! [`plain`] holds the baseline: plain `#[derive(Deserialize, Serialize)]` structs with the
//! same documented fields as `Option<T>`, which drop every unknown key.
#![forbid(unsafe_code)]

use serde_json::{Map, Number, Value};

/// The real ticket every generated ticket is shaped after.
const TEMPLATE: &str = include_str!("../../tests/fixtures/real/ticket_get_response.json");

/// How many keys an embedded object keeps at most (the real ones have up to 208).
const NESTED_KEYS: usize = 16;
/// How many custom fields a ticket has at most.
const CUSTOM_FIELDS: usize = 2;
/// How many keys a custom field keeps at most.
const CUSTOM_FIELD_KEYS: usize = 12;

/// The date-time formats Halo mixes, as (fractional digits, offset), and its "not set"
/// markers.
const DATE_FORMATS: [(usize, &str); 6] = [(7, "Z"), (3, "Z"), (0, "Z"), (3, ""), (1, ""), (0, "")];
const NOT_SET: [&str; 3] = [
    "1900-01-01T00:00:00",
    "1899-12-30T00:00:00",
    "0001-01-01T00:00:00",
];

const WORDS: [&str; 16] = [
    "export", "support", "service", "ticket", "printer", "laptop", "network", "account",
    "password", "reset", "urgent", "client", "site", "invoice", "email", "Andorra",
];

/// A small deterministic random number generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// What a template string looks like, so that a fresh value of the same kind replaces it.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':'
}

fn is_guid(s: &str) -> bool {
    s.len() == 36 && s.bytes().filter(|&b| b == b'-').count() == 4
}

fn date(rng: &mut Rng) -> String {
    if rng.chance(10) {
        return NOT_SET[rng.below(NOT_SET.len() as u64) as usize].to_owned();
    }
    let (digits, offset) = DATE_FORMATS[rng.below(DATE_FORMATS.len() as u64) as usize];
    let seconds = 1_500_000_000 + rng.below(300_000_000) as i64;
    let nanos = rng.below(1_000_000_000) as u32;
    let Some(time) = halopsa::chrono::DateTime::from_timestamp(seconds, nanos) else {
        return "2024-08-16T07:30:00Z".to_owned();
    };
    let mut out = time.format("%Y-%m-%dT%H:%M:%S").to_string();
    if digits > 0 {
        let fraction = format!("{nanos:09}");
        out.push('.');
        out.push_str(fraction.get(..digits).unwrap_or_default());
    }
    out.push_str(offset);
    out
}

fn guid(rng: &mut Rng) -> String {
    let (a, b) = (rng.next(), rng.next());
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

fn text(rng: &mut Rng, len: usize) -> String {
    let mut out = String::new();
    while out.len() < len {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
    }
    if rng.chance(5) {
        out.push_str(" \"quoted\"\n£");
    }
    out
}

/// A fresh value of the same kind as `template`.
fn value_like(rng: &mut Rng, key: &str, template: &Value, depth: usize) -> Value {
    match template {
        Value::Null => Value::Null,
        Value::Bool(_) => Value::Bool(rng.chance(50)),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                if i == -1 && rng.chance(70) {
                    Value::from(-1)
                } else {
                    Value::from(rng.below(i.unsigned_abs().max(50) * 2) as i64)
                }
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                if f == 0.0 && f.is_sign_negative() {
                    // Halo's `-0.0`.
                    Value::from(-0.0)
                } else if key.ends_with("_id") || key == "site_id" {
                    // An integer written as a decimal (`18.0`).
                    Value::from(rng.below(500) as f64)
                } else {
                    Number::from_f64(rng.below(400) as f64 / 4.0).map_or(Value::Null, Value::Number)
                }
            }
        }
        Value::String(s) if s.is_empty() => {
            if rng.chance(80) {
                Value::from("")
            } else {
                Value::from(text(rng, 12))
            }
        }
        Value::String(s) if is_date(s) => Value::from(date(rng)),
        Value::String(s) if is_guid(s) => Value::from(guid(rng)),
        Value::String(s) if s.len() == 8 && s.as_bytes()[2] == b':' => Value::from("00:00:00"),
        Value::String(s) => Value::from(text(rng, s.len().min(300))),
        Value::Array(items) if depth == 0 && key == "customfields" => Value::Array(
            items
                .iter()
                .take(CUSTOM_FIELDS)
                .map(|item| object_like(rng, item, CUSTOM_FIELD_KEYS, depth + 1))
                .collect(),
        ),
        Value::Array(items) if depth == 0 => Value::Array(
            items
                .iter()
                .take(1)
                .map(|item| value_like(rng, key, item, depth + 1))
                .collect(),
        ),
        Value::Array(_) => Value::Array(Vec::new()),
        Value::Object(_) if depth >= 2 => Value::Object(Map::new()),
        Value::Object(_) => object_like(rng, template, NESTED_KEYS, depth + 1),
    }
}

/// A fresh object with the first `max_keys` keys of `template`.
fn object_like(rng: &mut Rng, template: &Value, max_keys: usize, depth: usize) -> Value {
    let mut out = Map::new();
    if let Value::Object(fields) = template {
        for (key, value) in fields.iter().take(max_keys) {
            out.insert(key.clone(), value_like(rng, key, value, depth));
        }
    }
    Value::Object(out)
}

/// One ticket, shaped after the real one.
fn ticket(rng: &mut Rng, template: &Map<String, Value>, id: u64) -> Value {
    let mut out = Map::new();
    for (key, value) in template {
        let value = match key.as_str() {
            "id" => Value::from(id),
            "customfields" => value_like(rng, key, value, 0),
            _ => match value {
                Value::Object(_) => object_like(rng, value, NESTED_KEYS, 1),
                _ => value_like(rng, key, value, 0),
            },
        };
        out.insert(key.clone(), value);
    }
    // A few unknown keys of odd shapes: integers as strings, GUIDs, time spans.
    out.insert(
        "lookup_id".to_owned(),
        Value::from(rng.below(100).to_string()),
    );
    out.insert("related_guid".to_owned(), Value::from(guid(rng)));
    out.insert("timetaken_span".to_owned(), Value::from("00:00:00"));
    Value::Object(out)
}

/// A JSON array of `count` realistic tickets; the same `count` and `seed` give the same
/// bytes.
pub fn tickets_json(count: usize, seed: u64) -> Vec<u8> {
    let template: Map<String, Value> = serde_json::from_str(TEMPLATE).unwrap_or_default();
    let mut rng = Rng(seed | 1);
    let mut out = Vec::with_capacity(count * 8 * 1024);
    out.push(b'[');
    for i in 0..count {
        if i > 0 {
            out.push(b',');
        }
        let ticket = ticket(&mut rng, &template, 10_000 + i as u64);
        if serde_json::to_writer(&mut out, &ticket).is_err() {
            break;
        }
    }
    out.push(b']');
    out
}

/// The keys of a ticket in a `GET /Tickets` list: documented ones, then unknown ones.
const LIST_KEYS: [&str; 17] = [
    "id",
    "dateoccurred",
    "summary",
    "status_id",
    "tickettype_id",
    "client_id",
    "client_name",
    "site_id",
    "user_name",
    "agent_id",
    "team",
    "lastactiondate",
    "fixbydate",
    "read",
    "enduserstatus",
    "matched_rule_id",
    "starttime",
];

/// A JSON array of `count` tickets as a `GET /Tickets` page lists them; the same `count`
/// and `seed` give the same bytes.
pub fn list_tickets_json(count: usize, seed: u64) -> Vec<u8> {
    let template: Map<String, Value> = serde_json::from_str(TEMPLATE).unwrap_or_default();
    let mut rng = Rng(seed | 1);
    let mut out = Vec::with_capacity(count * 512);
    out.push(b'[');
    for i in 0..count {
        if i > 0 {
            out.push(b',');
        }
        let mut ticket = Map::new();
        for key in LIST_KEYS {
            let value = match (key, template.get(key)) {
                ("id", _) => Value::from(10_000 + i as u64),
                (_, Some(value)) => value_like(&mut rng, key, value, 0),
                (_, None) => Value::Null,
            };
            ticket.insert(key.to_owned(), value);
        }
        if serde_json::to_writer(&mut out, &ticket).is_err() {
            break;
        }
    }
    out.push(b']');
    out
}

/// The baseline: plain serde-derive structs with the documented fields of the generated
/// models, as `Option<T>`. Unknown keys are dropped.
pub mod plain {
    use halopsa::uuid::Uuid;
    use serde::{Deserialize, Serialize};

    /// The documented fields of `halopsa::tickets::Faults`.
    #[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
    #[allow(missing_docs)]
    pub struct Faults {
        pub id: Option<i64>,
        pub summary: Option<String>,
        pub details: Option<String>,
        pub details_html: Option<String>,
        pub reference: Option<String>,
        pub guid: Option<Uuid>,
        pub status_id: Option<i64>,
        pub tickettype_id: Option<i64>,
        pub tickettype: Option<FaultTicketType>,
        pub itil_requesttype_id: Option<i64>,
        pub sla_id: Option<i64>,
        pub sla_name: Option<String>,
        pub priority_id: Option<i64>,
        pub priority: Option<FaultPriority>,
        pub client_id: Option<i64>,
        pub client_name: Option<String>,
        pub site_id: Option<i64>,
        pub site_name: Option<String>,
        pub user_id: Option<i64>,
        pub user_name: Option<String>,
        pub user_email: Option<String>,
        pub user: Option<FaultUser>,
        pub reportedby: Option<String>,
        pub emailtolist: Option<String>,
        pub agent_id: Option<i64>,
        pub team_id: Option<i64>,
        pub team: Option<String>,
        pub category_1: Option<String>,
        pub category_2: Option<String>,
        pub category_3: Option<String>,
        pub category_4: Option<String>,
        pub dateoccurred: Option<String>,
        pub datecreated: Option<String>,
        pub lastactiondate: Option<String>,
        pub last_update: Option<String>,
        pub deadlinedate: Option<String>,
        pub fixbydate: Option<String>,
        pub respondbydate: Option<String>,
        pub slaactiondate: Option<String>,
        pub targetdate: Option<String>,
        pub lastincomingemail: Option<String>,
        pub onhold: Option<bool>,
        pub excludefromsla: Option<bool>,
        pub inactive: Option<bool>,
        pub deleted: Option<bool>,
        pub flagged: Option<bool>,
        pub is_project: Option<bool>,
        pub is_opportunity: Option<bool>,
        pub isbillable: Option<bool>,
        pub source: Option<i64>,
        pub impact: Option<i64>,
        pub urgency: Option<i64>,
        pub estimate: Option<f64>,
        pub organisation_id: Option<i64>,
        pub department_id: Option<i64>,
        pub contract_id: Option<i64>,
        pub workflow_id: Option<i64>,
        pub workflow_step: Option<i64>,
        pub child_count: Option<i64>,
        pub attachment_count: Option<i64>,
        pub customfields: Option<Vec<CustomField>>,
    }

    /// Exactly the 17 keys a `GET /Tickets` list ticket carries ([`crate::list_tickets_json`]),
    /// all typed and none absent: the smallest record that holds a list ticket. It shows the
    /// fastest a typed decode through `serde_json` can be on the list, whatever the model.
    #[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
    #[allow(missing_docs)]
    pub struct ListTicket {
        pub id: Option<i64>,
        pub dateoccurred: Option<String>,
        pub summary: Option<String>,
        pub status_id: Option<i64>,
        pub tickettype_id: Option<i64>,
        pub client_id: Option<i64>,
        pub client_name: Option<String>,
        pub site_id: Option<i64>,
        pub user_name: Option<String>,
        pub agent_id: Option<i64>,
        pub team: Option<String>,
        pub lastactiondate: Option<String>,
        pub fixbydate: Option<String>,
        pub read: Option<bool>,
        pub enduserstatus: Option<i64>,
        pub matched_rule_id: Option<i64>,
        pub starttime: Option<String>,
    }

    /// The documented fields of `halopsa::tickets::FaultTicketType`.
    #[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
    #[allow(missing_docs)]
    pub struct FaultTicketType {
        pub id: Option<i64>,
        pub guid: Option<Uuid>,
        pub name: Option<String>,
        #[serde(rename = "use")]
        pub use_: Option<String>,
        pub sequence: Option<i64>,
        pub group_id: Option<i64>,
        pub itilrequesttype: Option<i64>,
        pub workflow_id: Option<i64>,
        pub initial_status: Option<i64>,
        pub default_sla: Option<i64>,
        pub visible: Option<bool>,
        pub agentscanselect: Option<bool>,
        pub enduserscanselect: Option<bool>,
        pub anonymouscanselect: Option<bool>,
        pub allowattachments: Option<bool>,
    }

    /// The documented fields of `halopsa::tickets::FaultPriority`.
    #[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
    #[allow(missing_docs)]
    pub struct FaultPriority {
        pub id: Option<Uuid>,
        pub slaid: Option<i64>,
        pub priorityid: Option<i64>,
        pub name: Option<String>,
        pub colour: Option<String>,
        pub fixtime: Option<f64>,
        pub fixunits: Option<String>,
        pub responsetime: Option<f64>,
        pub responseunits: Option<String>,
        pub ishidden: Option<bool>,
        pub enterslaexcuse: Option<bool>,
        pub fixendofday: Option<bool>,
        pub responseendofday: Option<bool>,
        pub workdaysoverride: Option<i64>,
        pub startofday: Option<bool>,
        pub startofdaytime: Option<String>,
        pub responsestartofday: Option<bool>,
        pub responsestartofdaytime: Option<String>,
        pub setfixtostartdate: Option<bool>,
        pub setfixtotargetdate: Option<bool>,
    }

    /// The documented fields of `halopsa::tickets::FaultUser`.
    #[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
    #[allow(missing_docs)]
    pub struct FaultUser {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub firstname: Option<String>,
        pub surname: Option<String>,
        pub initials: Option<String>,
        pub emailaddress: Option<String>,
        /// Documented as an integer; Halo sends a decimal (`18.0`), which a plain `i64`
        /// rejects, so the baseline reads it as `f64`.
        pub site_id: Option<f64>,
        pub site_id_int: Option<i64>,
        pub site_name: Option<String>,
        pub client_name: Option<String>,
        pub inactive: Option<bool>,
        pub isimportantcontact: Option<bool>,
        pub linked_agent_id: Option<i64>,
        pub datecreated: Option<String>,
        pub customfields: Option<Vec<CustomField>>,
    }

    /// The documented fields of `halopsa::common::CustomField`.
    #[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
    #[allow(missing_docs)]
    pub struct CustomField {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub label: Option<String>,
        #[serde(rename = "type")]
        pub type_: Option<i64>,
        pub value: Option<serde_json::Value>,
        pub display: Option<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tickets_decode_all_three_ways_and_round_trip() {
        let json = tickets_json(200, 7);
        assert_eq!(json, tickets_json(200, 7), "deterministic");
        let value: Value = serde_json::from_slice(&json).expect("JSON");
        let tickets: Vec<halopsa::tickets::Faults> =
            serde_json::from_slice(&json).expect("the generated model decodes");
        let plain: Vec<plain::Faults> =
            serde_json::from_slice(&json).expect("the plain struct decodes");
        assert_eq!(tickets.len(), 200);
        assert_eq!(plain.len(), 200);
        let first = value.get(0).and_then(Value::as_object).expect("an object");
        assert!(first.len() > 240, "about 250 keys: {}", first.len());
        assert!(tickets[0].extra_fields.len() > 180);
        // Every documented field has its documented shape (the plain struct decodes them).
        assert!(!format!("{tickets:?}").contains("Other("));
        // The model gives back the same JSON.
        let encoded: Value = serde_json::to_value(&tickets).expect("encodes");
        assert_eq!(encoded.as_array().map(Vec::len), Some(200));
        for (a, b) in value
            .as_array()
            .into_iter()
            .flatten()
            .zip(encoded.as_array().into_iter().flatten())
        {
            let (a, b) = (
                a.as_object().expect("object"),
                b.as_object().expect("object"),
            );
            assert_eq!(a.len(), b.len());
        }
    }

    #[test]
    fn generated_tickets_decode_again_to_the_same_records() {
        let json = tickets_json(50, 3);
        let tickets: Vec<halopsa::tickets::Faults> =
            serde_json::from_slice(&json).expect("decodes");
        let encoded = serde_json::to_vec(&tickets).expect("encodes");
        let again: Vec<halopsa::tickets::Faults> =
            serde_json::from_slice(&encoded).expect("decodes again");
        assert_eq!(again, tickets);
    }

    #[test]
    fn list_tickets_decode_all_three_ways() {
        let json = list_tickets_json(1000, 7);
        let tickets: Vec<halopsa::tickets::Faults> =
            serde_json::from_slice(&json).expect("the generated model decodes");
        let plain: Vec<plain::Faults> =
            serde_json::from_slice(&json).expect("the plain struct decodes");
        assert_eq!((tickets.len(), plain.len()), (1000, 1000));
        // The 17-key struct holds every key of every list ticket: nothing is dropped.
        let value: Value = serde_json::from_slice(&json).expect("JSON");
        let small: Vec<plain::ListTicket> =
            serde_json::from_slice(&json).expect("the 17-key struct decodes");
        let small = serde_json::to_value(&small).expect("encodes");
        assert_eq!(small, value);
        assert_eq!(tickets[0].extra_fields.len(), 4);
        assert!(!format!("{tickets:?}").contains("Other("));
        let size = json.len() / 1000;
        assert!(
            (300..600).contains(&size),
            "about 400 bytes a ticket: {size}"
        );
    }
}

/// Timing shared by the benchmarks: each timed pass is recorded by name, so that after
/// criterion's report a benchmark can print the median of one pass each way, side by side.
pub mod timing {
    use std::collections::BTreeMap;
    use std::hint::black_box;
    use std::sync::Mutex;
    use std::time::{Duration, Instant};

    /// Every timed pass, by benchmark name.
    static TIMES: Mutex<BTreeMap<String, Vec<Duration>>> = Mutex::new(BTreeMap::new());

    /// A count from the environment variable `var` (`_` allowed: `50_000`), else `default`.
    pub fn count(var: &str, default: usize) -> usize {
        std::env::var(var)
            .ok()
            .and_then(|n| n.replace('_', "").parse().ok())
            .unwrap_or(default)
    }

    /// Times `iters` passes of `f` under `name`; what a pass returns is dropped outside the
    /// timing. Returns the total, for criterion's `iter_custom`.
    pub fn timed<T>(name: &str, iters: u64, mut f: impl FnMut() -> T) -> Duration {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let start = Instant::now();
            let out = black_box(f());
            let elapsed = start.elapsed();
            drop(out);
            if let Ok(mut times) = TIMES.lock() {
                times.entry(name.to_owned()).or_default().push(elapsed);
            }
            total += elapsed;
        }
        total
    }

    /// Times one call of `f`; what it returns is dropped outside the timing.
    fn once<T>(f: &mut impl FnMut() -> T) -> Duration {
        let start = Instant::now();
        let out = black_box(f());
        let elapsed = start.elapsed();
        drop(out);
        elapsed
    }

    /// Runs `a` and `b` one right after the other, `rounds` times, `a` first in even
    /// rounds and `b` first in odd ones, and returns each round's time of `a` over `b`:
    /// both passes of a round meet the same machine, so a shared machine's drift (other
    /// jobs, frequency) cancels out of the ratio, where medians of separate runs keep it.
    pub fn interleaved<A, B>(
        rounds: usize,
        mut a: impl FnMut() -> A,
        mut b: impl FnMut() -> B,
    ) -> Vec<f64> {
        (0..rounds)
            .map(|round| {
                let (ta, tb) = if round % 2 == 0 {
                    let ta = once(&mut a);
                    (ta, once(&mut b))
                } else {
                    let tb = once(&mut b);
                    (once(&mut a), tb)
                };
                ta.as_secs_f64() / tb.as_secs_f64().max(f64::MIN_POSITIVE)
            })
            .collect()
    }

    /// The `q` quantile (0 to 1) of `values`, by the nearest rank; `None` when empty.
    pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let last = sorted.len().checked_sub(1)?;
        let rank = (q.clamp(0.0, 1.0) * last as f64).round() as usize;
        sorted.get(rank).copied()
    }

    /// The median of the passes timed under `name`, if any.
    pub fn median(name: &str) -> Option<Duration> {
        let times = TIMES.lock().ok()?;
        let mut sorted = times.get(name)?.clone();
        sorted.sort();
        sorted.get(sorted.len() / 2).copied()
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use std::cell::RefCell;

        #[test]
        fn interleaved_rounds_alternate_which_way_goes_first() {
            let calls = RefCell::new(String::new());
            let ratios = interleaved(
                4,
                || calls.borrow_mut().push('a'),
                || calls.borrow_mut().push('b'),
            );
            assert_eq!(calls.into_inner(), "abbaabba");
            assert_eq!(ratios.len(), 4);
            assert!(ratios.iter().all(|r| r.is_finite() && *r >= 0.0));
        }

        #[test]
        fn quantiles_by_nearest_rank() {
            let values = [5.0, 1.0, 4.0, 2.0, 3.0];
            assert_eq!(quantile(&values, 0.5), Some(3.0));
            assert_eq!(quantile(&values, 0.0), Some(1.0));
            assert_eq!(quantile(&values, 1.0), Some(5.0));
            assert_eq!(quantile(&values, 0.25), Some(2.0));
            assert_eq!(quantile(&[], 0.5), None);
            assert_eq!(quantile(&[f64::NAN, 1.0], 0.0), Some(1.0));
        }
    }
}
