//! The HTTP side: one axum handler that logs each request, applies the faults in force,
//! finds the operation in the generated table, checks the token, the parameters and the
//! body, and answers from the store or with the operation's sample.
//!
//! Layout of a hosted instance: the API under `/api`, tokens at `/auth/token`,
//! `GET /api/authinfo` naming the auth URL; the fake's own controls under `/_fake`.

use crate::body::ReadError;
use crate::faults::Failure;
use crate::log::LoggedRequest;
use crate::operations::{MODELS, OPERATIONS, PATH_LISTS, RESOURCES};
use crate::reply::Reply;
use crate::table::{Body as BodyKind, Operation, Part, Response as Answer, Role};
use crate::{auth, lock, paging, validate, State};
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method};
use axum::response::Response;
use serde_json::{json, Value};
use std::sync::Arc;

/// The router: every request goes to [`handle`].
pub(crate) fn router(state: Arc<State>) -> axum::Router {
    axum::Router::new().fallback(handle).with_state(state)
}

/// A failure's answer.
fn failure_reply(failure: &Failure) -> Reply {
    let mut reply = match &failure.body {
        Some(body) => Reply {
            status: failure.status,
            content_type: Some("text/plain; charset=utf-8"),
            body: body.clone().into_bytes(),
            headers: Vec::new(),
        },
        None => Reply::error(
            failure.status,
            "InjectedFault",
            format!(
                "The fake was told to fail this call with {}.",
                failure.status
            ),
        ),
    };
    if let Some(after) = failure.retry_after {
        reply = reply.with_header(header::RETRY_AFTER, whole_seconds(after).to_string());
    }
    reply
}

fn whole_seconds(d: std::time::Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// The one handler.
async fn handle(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
    request: Request,
) -> Response {
    let (parts, mut body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().unwrap_or_default().to_owned();
    let token = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(auth::bearer)
        .map(str::to_owned);
    let bytes = match crate::body::read(&parts.headers, &mut body, state.max_body).await {
        Ok(bytes) => Bytes::from(bytes),
        Err(error) => {
            if error == ReadError::TooLarge {
                // The client may still be sending: read on a while, so it gets the answer.
                tokio::spawn(crate::body::drain(body));
            }
            let reply = match error {
                ReadError::TooLarge => Reply::error(
                    413,
                    "PayloadTooLarge",
                    format!(
                        "The request body is larger than the limit of {} bytes.",
                        state.max_body
                    ),
                ),
                ReadError::Broken => Reply::bad_request("The request body ended early."),
            };
            if strip_prefix_ci(&path, "/_fake").is_none() {
                lock(&state.log).push(LoggedRequest {
                    method: parts.method.as_str().to_owned(),
                    path,
                    query,
                    body: String::new(),
                    token,
                    operation_id: None,
                    status: reply.status,
                });
            }
            return reply.into_response();
        }
    };
    if let Some(rest) = strip_prefix_ci(&path, "/_fake") {
        return crate::control::handle(&state, &parts.method, rest, &bytes).into_response();
    }
    let latency = lock(&state.faults).latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let (operation_id, reply) = answer(
        &state,
        &parts.method,
        &path,
        &query,
        &parts.headers,
        token.as_deref(),
        &bytes,
    );
    lock(&state.log).push(LoggedRequest {
        method: parts.method.as_str().to_owned(),
        path,
        query,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        token,
        operation_id,
        status: reply.status,
    });
    reply.into_response()
}

/// `path` without `prefix` (any case), when it starts with it as whole segments.
fn strip_prefix_ci<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let head = path.get(..prefix.len())?;
    let rest = &path[prefix.len()..];
    (head.eq_ignore_ascii_case(prefix) && (rest.is_empty() || rest.starts_with('/')))
        .then_some(rest)
}

/// Everything but logging: the operation matched (if any) and the answer.
fn answer(
    state: &State,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    token: Option<&str>,
    body: &Bytes,
) -> (Option<&'static str>, Reply) {
    let _ = headers;
    let query_pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    if let Some(rest) = strip_prefix_ci(path, "/auth") {
        if !rest.trim_end_matches('/').eq_ignore_ascii_case("/token") {
            return (None, Reply::not_found(format!("No endpoint at {path}.")));
        }
        if method != Method::POST {
            return (
                Some("token"),
                Reply::error(405, "MethodNotAllowed", "The token endpoint takes POST.")
                    .with_header(header::ALLOW, "POST".into()),
            );
        }
        if let Some(failure) = lock(&state.faults).take_named("token") {
            return (Some("token"), failure_reply(&failure));
        }
        let form: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
        let (status, value) =
            lock(&state.tokens).issue(&state.credentials, &state.clock, &form, &query_pairs);
        return (Some("token"), Reply::json(status, &value));
    }
    let Some(api_path) = strip_prefix_ci(path, "/api") else {
        return (
            None,
            Reply::not_found(format!("No endpoint at {path}: the API is under /api.")),
        );
    };
    let api_path = match api_path.strip_suffix('/') {
        Some(p) if !p.is_empty() => p,
        _ => api_path,
    };
    if api_path.eq_ignore_ascii_case("/authinfo") && method == Method::GET {
        return (
            None,
            Reply::json(
                200,
                &json!({"auth_url": format!("{}/auth", state.base_url)}),
            ),
        );
    }
    if let Err(wait) = lock(&state.faults).admit(state.clock.now()) {
        return (
            None,
            Reply::error(429, "TooManyRequests", "API rate limit exceeded.")
                .with_header(header::RETRY_AFTER, whole_seconds(wait).max(1).to_string()),
        );
    }
    let Some((op, raw_params)) = find(method, api_path) else {
        // The methods of the best-matching template (`/IncomingEvent/Process`, not
        // `/IncomingEvent/{id}`).
        let matching: Vec<&Operation> = OPERATIONS
            .iter()
            .filter(|op| matches(op, api_path).is_some())
            .collect();
        let best = matching.iter().map(|op| literal_len(op)).max().unwrap_or(0);
        let allowed: Vec<&str> = matching
            .iter()
            .filter(|op| literal_len(op) == best)
            .map(|op| op.method.as_str())
            .collect();
        if allowed.is_empty() {
            return (
                None,
                Reply::not_found(format!(
                    "No HTTP resource was found that matches the request URI {path}."
                )),
            );
        }
        return (
            None,
            Reply::error(
                405,
                "MethodNotAllowed",
                format!("The requested resource does not support http method '{method}'."),
            )
            .with_header(header::ALLOW, allowed.join(", ")),
        );
    };
    let id = Some(op.operation_id);
    let authorised =
        token.is_some_and(|t| lock(&state.tokens).valid(&state.credentials, &state.clock, t));
    if !authorised {
        return (
            id,
            Reply::error(
                401,
                "Unauthorized",
                "Authorization has been denied for this request.",
            )
            .with_header(
                header::WWW_AUTHENTICATE,
                "Bearer error=\"invalid_token\"".into(),
            ),
        );
    }
    let failure = lock(&state.faults).take(op.operation_id);
    if let Some(failure) = failure.as_ref().filter(|f| !f.after_commit) {
        return (id, failure_reply(failure));
    }
    let reply = match parse(op, &raw_params, &query_pairs, body) {
        Ok(call) => dispatch(state, op, call),
        Err(reply) => reply,
    };
    match failure {
        Some(failure) if reply.status < 300 => (id, failure_reply(&failure)),
        _ => (id, reply),
    }
}

/// The operation for a method and a path (without `/api`) and its raw path parameters:
/// among the templates that match, the one with the most literal text (`/Tickets/zapier`
/// before `/Tickets/{id}`).
fn find<'a>(method: &Method, path: &'a str) -> Option<(&'static Operation, Vec<&'a str>)> {
    OPERATIONS
        .iter()
        .filter(|op| op.method == *method)
        .filter_map(|op| matches(op, path).map(|params| (op, params)))
        .max_by_key(|(op, _)| literal_len(op))
}

fn literal_len(op: &Operation) -> usize {
    op.parts
        .iter()
        .map(|p| match p {
            Part::Literal(l) => l.len(),
            Part::Param(_) => 0,
        })
        .sum()
}

/// Matches a path against an operation's template (literals in any case, as Halo's routing
/// does); a parameter takes one segment, up to the literal that follows it.
fn matches<'a>(op: &Operation, path: &'a str) -> Option<Vec<&'a str>> {
    let mut rest = path;
    let mut params = vec![""; op.path_params.len()];
    for (i, part) in op.parts.iter().enumerate() {
        match part {
            Part::Literal(lit) => {
                let head = rest.get(..lit.len())?;
                if !head.eq_ignore_ascii_case(lit) {
                    return None;
                }
                rest = &rest[lit.len()..];
            }
            Part::Param(p) => {
                let segment_end = rest.find('/').unwrap_or(rest.len());
                let end = match op.parts.get(i + 1) {
                    Some(Part::Literal(next)) if !next.starts_with('/') => {
                        let lower = rest[..segment_end].to_ascii_lowercase();
                        lower.find(&next.to_ascii_lowercase())?
                    }
                    _ => segment_end,
                };
                if end == 0 {
                    return None;
                }
                *params.get_mut(*p)? = &rest[..end];
                rest = &rest[end..];
            }
        }
    }
    rest.is_empty().then_some(params)
}

/// A request that passed the checks.
struct Call {
    params: Vec<String>,
    query: Vec<(String, String)>,
    body: Value,
}

/// Decodes and type-checks path parameters, query parameters and the body.
fn parse(
    op: &Operation,
    raw_params: &[&str],
    query: &[(String, String)],
    body: &Bytes,
) -> Result<Call, Reply> {
    let mut params = Vec::with_capacity(raw_params.len());
    for (raw, param) in raw_params.iter().zip(op.path_params) {
        let value = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| {
                Reply::bad_request(format!("The path parameter `{}` is not UTF-8.", param.name))
            })?;
        if !validate::param_ok(&value, param.ty) {
            return Err(Reply::bad_request(format!(
                "The value '{value}' is not valid for `{}`: expected {}.",
                param.name,
                validate::describe(param.ty)
            )));
        }
        params.push(value.into_owned());
    }
    for (name, value) in query {
        let Some(param) = op.query.iter().find(|p| p.name.eq_ignore_ascii_case(name)) else {
            continue;
        };
        if !value.trim().is_empty() && !validate::param_ok(value, param.ty) {
            return Err(Reply::bad_request(format!(
                "The value '{value}' is not valid for `{}`: expected {}.",
                param.name,
                validate::describe(param.ty)
            )));
        }
    }
    let body = match op.body {
        BodyKind::Json(ty) => {
            let text = body.trim_ascii();
            if text.is_empty() {
                // Records to save need a body; an action (the spec does not require its
                // body) does without.
                if matches!(op.role, Role::Save(_))
                    || matches!(op.response, crate::table::Response::Saved)
                {
                    return Err(Reply::bad_request("A non-empty request body is required."));
                }
                Value::Null
            } else {
                let value: Value = serde_json::from_slice(text).map_err(|e| {
                    Reply::bad_request(format!("The request body is not valid JSON: {e}."))
                })?;
                validate::check(&value, ty).map_err(Reply::bad_request)?;
                value
            }
        }
        BodyKind::None | BodyKind::Multipart => Value::Null,
    };
    Ok(Call {
        params,
        query: query.to_vec(),
        body,
    })
}

/// The table an operation reads or writes and its id type: its resource's or its path
/// list's (none for the other operations, which answer without the store).
fn table_of(op: &Operation) -> (&'static str, crate::table::IdType) {
    let table = match op.role {
        Role::List(r) | Role::Save(r) | Role::Get(r) | Role::Delete(r) => {
            RESOURCES.get(r).map(|res| (res.name, res.id_type))
        }
        Role::ListPath(l) | Role::SavePath(l) => PATH_LISTS.get(l).map(|p| (p.name, p.id_type)),
        Role::Other => None,
    };
    table.unwrap_or(("", crate::table::IdType::Integer))
}

/// Answers a checked call.
fn dispatch(state: &State, op: &Operation, call: Call) -> Reply {
    let (table, id_type) = table_of(op);
    match op.response {
        Answer::Empty if matches!(op.role, Role::Delete(_)) => {
            let mut store = lock(&state.store);
            let t = store.table(table, id_type);
            match call.params.first().and_then(|id| t.key_from_text(id)) {
                Some(key) if t.delete(&key) => Reply::empty(op.status),
                _ => Reply::not_found(format!("No {table} record has that id.")),
            }
        }
        Answer::Empty => Reply::empty(op.status),
        Answer::Record => {
            let store = lock(&state.store);
            let found = store.get(table).and_then(|t| {
                let key = t.key_from_text(call.params.first()?)?;
                t.get(&key).cloned()
            });
            match found {
                Some(record) => Reply::json(op.status, &Value::Object(record)),
                None => Reply::not_found(format!("No {table} record has that id.")),
            }
        }
        Answer::Saved => {
            let Value::Array(items) = call.body else {
                return Reply::bad_request("The body must be a JSON array of records.");
            };
            if items.is_empty() {
                return Reply::bad_request("The body holds no records.");
            }
            let mut records = Vec::with_capacity(items.len());
            for item in items {
                let Value::Object(map) = item else {
                    return Reply::bad_request("Each record must be a JSON object.");
                };
                records.push(map);
            }
            let mut store = lock(&state.store);
            let t = store.table(table, id_type);
            // All or nothing: check every id before saving any record.
            for r in &records {
                if let Err(message) = t.key_of(r.get(crate::store::ID)) {
                    return Reply::bad_request(message);
                }
            }
            let mut saved = Vec::with_capacity(records.len());
            for r in records {
                match t.upsert(r) {
                    Ok(s) => saved.push(Value::Object(s)),
                    Err(message) => return Reply::bad_request(message),
                }
            }
            // One record sent: the saved record, as documented ("201 Created, Faults
            // schema") and as the real `POST /Tickets` answer in the fixtures holds it.
            // Several: every saved record, in the order sent (not documented; the SDK reads
            // either as `OneOrMany`, and `openapi.json` declares both).
            if saved.len() == 1 {
                Reply::json(op.status, &saved.remove(0))
            } else {
                Reply::json(op.status, &Value::Array(saved))
            }
        }
        Answer::List { key } => {
            let store = lock(&state.store);
            let model = op.record.and_then(|m| MODELS.get(m));
            let value = match store.get(table) {
                Some(t) => paging::list(t.records(), &call.query, model, key),
                None => paging::list(std::iter::empty(), &call.query, model, key),
            };
            Reply::json(op.status, &value)
        }
        Answer::Sample { content_type, body } => Reply {
            status: op.status,
            content_type: Some(content_type),
            body: body.as_bytes().to_vec(),
            headers: Vec::new(),
        },
    }
}
