//! A fake HaloPSA server for tests: in memory, stateful, generated from the same spec as
//! the `halopsa` SDK, and failing the way Halo fails.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use halopsa::tickets::{self, Faults};
//!
//! let fake = halopsa_fake::FakeHalo::start().await?; // binds 127.0.0.1:0
//! let client = fake.client(); // a halopsa::Client with the fake's OAuth credentials
//! let mut ticket = Faults::default();
//! ticket.summary = halopsa::Field::Value("Printer on fire".into());
//! let saved = tickets::create_tickets(&client, &[ticket]).await?;
//! assert_eq!(fake.requests().len(), 2); // the token request and the POST
//! assert_eq!(fake.records("Tickets").len(), 1);
//! # Ok(()) }
//! ```
//!
//! The API is served under `/api` and tokens at `/auth/token`, as on a hosted instance.
//! What is stateful, which query parameters are honoured, and the faults: see
//! `docs/fake.md` in the repository.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod auth;
mod body;
mod clock;
mod control;
mod faults;
mod log;
#[rustfmt::skip]
pub mod operations;
pub mod paging;
mod reply;
mod router;
mod seed;
mod store;
pub mod table;
mod tls;
mod validate;

pub use body::DEFAULT_MAX_BODY;
pub use faults::{Failure, RateLimit};
pub use log::LoggedRequest;
pub use seed::table_names;

use serde_json::Value;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Locks a mutex; a poisoned one (a panic elsewhere while holding it) is used as it is.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// 16 random hex digits (for generated credentials and tokens; not for real secrets).
pub(crate) fn random_hex() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    format!("{:016x}", hasher.finish())
}

/// What the server shares between requests.
pub(crate) struct State {
    pub(crate) base_url: String,
    pub(crate) credentials: auth::Credentials,
    pub(crate) clock: clock::Clock,
    pub(crate) tokens: Mutex<auth::Tokens>,
    pub(crate) store: Mutex<store::Store>,
    pub(crate) faults: Mutex<faults::Faults>,
    pub(crate) log: Mutex<Vec<LoggedRequest>>,
    /// The largest request body read; a larger one is answered `413`.
    pub(crate) max_body: usize,
}

impl State {
    /// Loads a seed document into the store.
    pub(crate) fn seed(&self, document: Value) -> Result<usize, Error> {
        let tables = seed::document(document).map_err(Error::Seed)?;
        let mut store = lock(&self.store);
        let mut count = 0;
        for (name, id_type, records) in tables {
            let table = store.table(name, id_type);
            for record in records {
                table
                    .upsert(record)
                    .map_err(|e| Error::Seed(format!("`{name}`: {e}")))?;
                count += 1;
            }
        }
        Ok(count)
    }
}

/// What can go wrong starting or feeding the fake.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The address could not be bound.
    Bind(std::io::Error),
    /// A seed file could not be read.
    Read(String, std::io::Error),
    /// A seed document or record is not what the fake can load.
    Seed(String),
    /// The SDK client could not be built.
    Client(halopsa::Error),
    /// TLS could not be set up: a certificate or key that cannot be used.
    Tls(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Bind(e) => write!(f, "cannot bind the fake's address: {e}"),
            Error::Read(path, e) => write!(f, "cannot read the seed file {path}: {e}"),
            Error::Seed(e) => write!(f, "cannot seed the fake: {e}"),
            Error::Client(e) => write!(f, "cannot build the SDK client: {e}"),
            Error::Tls(e) => write!(f, "cannot serve TLS: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Bind(e) | Error::Read(_, e) => Some(e),
            Error::Client(e) => Some(e),
            Error::Seed(_) | Error::Tls(_) => None,
        }
    }
}

/// Settings of a fake, before it starts. From [`FakeHalo::builder`].
#[derive(Debug, Clone)]
pub struct Builder {
    addr: SocketAddr,
    client_id: Option<String>,
    client_secret: Option<String>,
    tenant: Option<String>,
    token_lifetime: Duration,
    static_token: Option<String>,
    seed: Vec<Value>,
    rate_limit: Option<RateLimit>,
    latency: Duration,
    tls: Option<tls::Source>,
    max_body: usize,
}

impl Builder {
    /// The address to bind (default `127.0.0.1:0`: any free port on loopback).
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// The port on 127.0.0.1 (0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.addr.set_port(port);
        self
    }

    /// The OAuth client id and secret the token endpoint accepts (generated when not set).
    pub fn client_credentials(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.client_id = Some(id.into());
        self.client_secret = Some(secret.into());
        self
    }

    /// A tenant that token requests must name (`?tenant=` or a form field); none by default.
    pub fn tenant(mut self, tenant: impl Into<String>) -> Self {
        self.tenant = Some(tenant.into());
        self
    }

    /// How long tokens last (default 3600 s, as Halo's).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// A bearer token that is always accepted (never expires, survives revocation).
    pub fn static_token(mut self, token: impl Into<String>) -> Self {
        self.static_token = Some(token.into());
        self
    }

    /// Records to load at start: a seed document (see [`FakeHalo::seed`]).
    pub fn seed(mut self, document: Value) -> Self {
        self.seed.push(document);
        self
    }

    /// A rate limit from the start.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Latency added to every API call from the start.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Serves `https://` with a certificate for `127.0.0.1`, `::1`, `localhost` (and the
    /// bound address) signed by a CA made at start: [`FakeHalo::ca_pem`] is its PEM, and
    /// [`FakeHalo::client_builder`] trusts it.
    pub fn tls(mut self) -> Self {
        self.tls = Some(tls::Source::Generate);
        self
    }

    /// Serves `https://` with this certificate chain and private key (PEM: the server's
    /// certificate first, then any intermediates; a PKCS#8, PKCS#1 or SEC1 key). Clients
    /// must trust its CA themselves.
    pub fn tls_pem(mut self, chain: impl Into<Vec<u8>>, key: impl Into<Vec<u8>>) -> Self {
        self.tls = Some(tls::Source::Pem {
            chain: chain.into(),
            key: key.into(),
        });
        self
    }

    /// The largest request body, in bytes (default [`DEFAULT_MAX_BODY`], 32 MiB). A body
    /// that declares more in `Content-Length` is answered `413` before it is read; one that
    /// streams more is answered `413` as soon as the bytes received pass the limit.
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Binds and starts serving.
    pub async fn start(self) -> Result<FakeHalo, Error> {
        let listener = tokio::net::TcpListener::bind(self.addr)
            .await
            .map_err(Error::Bind)?;
        let addr = listener.local_addr().map_err(Error::Bind)?;
        let tls = self
            .tls
            .as_ref()
            .map(|source| tls::server(source, addr.ip()))
            .transpose()?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        let state = Arc::new(State {
            base_url: format!("{scheme}://{addr}"),
            credentials: auth::Credentials {
                client_id: self
                    .client_id
                    .unwrap_or_else(|| format!("fake-client-{}", random_hex())),
                client_secret: self
                    .client_secret
                    .unwrap_or_else(|| format!("{}{}", random_hex(), random_hex())),
                tenant: self.tenant,
                token_lifetime: self.token_lifetime,
                static_token: self.static_token,
            },
            clock: clock::Clock::default(),
            tokens: Mutex::default(),
            store: Mutex::default(),
            faults: Mutex::default(),
            log: Mutex::default(),
            max_body: self.max_body,
        });
        for document in self.seed {
            state.seed(document)?;
        }
        {
            let mut faults = lock(&state.faults);
            faults.set_rate_limit(self.rate_limit);
            faults.latency = self.latency;
        }
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let stopped = async {
            let _ = stopped.await;
        };
        let app = router::router(state.clone());
        let connections = Arc::new(AtomicU64::new(0));
        let ca_pem = match tls {
            Some(tls) => {
                let listener = tls::listen(listener, tls.acceptor, connections.clone())?;
                tokio::spawn(async move {
                    let _ = axum::serve(listener, app)
                        .with_graceful_shutdown(stopped)
                        .await;
                });
                tls.ca_pem
            }
            None => {
                use axum::serve::ListenerExt;
                let counted = connections.clone();
                let listener = listener.tap_io(move |_| {
                    counted.fetch_add(1, Ordering::Relaxed);
                });
                tokio::spawn(async move {
                    let _ = axum::serve(listener, app)
                        .with_graceful_shutdown(stopped)
                        .await;
                });
                None
            }
        };
        Ok(FakeHalo {
            state,
            addr,
            stop: Some(stop),
            ca_pem,
            connections,
        })
    }
}

/// A running fake Halo. Dropping it stops the server.
pub struct FakeHalo {
    state: Arc<State>,
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    /// The PEM of the CA of a generated TLS certificate.
    ca_pem: Option<String>,
    /// TCP connections accepted so far.
    connections: Arc<AtomicU64>,
}

impl std::fmt::Debug for FakeHalo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeHalo")
            .field("base_url", &self.state.base_url)
            .finish_non_exhaustive()
    }
}

impl Drop for FakeHalo {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl FakeHalo {
    /// A fake on `127.0.0.1` and a free port, with generated credentials.
    pub async fn start() -> Result<Self, Error> {
        Self::builder().start().await
    }

    /// Settings: address, credentials, tenant, token lifetime, seed, faults from the start,
    /// the request body limit.
    pub fn builder() -> Builder {
        Builder {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            client_id: None,
            client_secret: None,
            tenant: None,
            token_lifetime: Duration::from_secs(3600),
            static_token: None,
            seed: Vec::new(),
            rate_limit: None,
            latency: Duration::ZERO,
            tls: None,
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:{port}` (`https://` with TLS): what `HALOPSA_HOST` takes.
    pub fn base_url(&self) -> &str {
        &self.state.base_url
    }

    /// The PEM of the CA that signed the certificate, when the fake serves TLS with a
    /// certificate it made ([`Builder::tls`]): what a client must trust
    /// (`HALOPSA_CA_FILE`, `curl --cacert`).
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// How many TCP connections the fake has accepted (a TLS handshake that failed
    /// included): for telling how often a client tried.
    pub fn connections(&self) -> u64 {
        self.connections.load(Ordering::Relaxed)
    }

    /// `{base_url}/api`.
    pub fn api_url(&self) -> String {
        format!("{}/api", self.state.base_url)
    }

    /// `{base_url}/auth` (tokens at `{auth_url}/token`).
    pub fn auth_url(&self) -> String {
        format!("{}/auth", self.state.base_url)
    }

    /// The client id the token endpoint accepts.
    pub fn client_id(&self) -> &str {
        &self.state.credentials.client_id
    }

    /// The client secret the token endpoint accepts.
    pub fn client_secret(&self) -> &str {
        &self.state.credentials.client_secret
    }

    /// A builder for an SDK client of this fake: its URLs and credentials (and tenant), the
    /// CA of a generated TLS certificate, and retries that wait 10 ms to 100 ms rather than
    /// seconds (a `Retry-After` the fake sends is still honoured). Change anything before
    /// `build()`.
    pub fn client_builder(&self) -> halopsa::ClientBuilder {
        let mut builder = halopsa::Client::builder()
            .api_url(self.api_url())
            .auth_url(self.auth_url())
            .client_credentials(self.client_id(), self.client_secret())
            .backoff(Duration::from_millis(10), Duration::from_millis(100));
        if let Some(tenant) = &self.state.credentials.tenant {
            builder = builder.tenant(tenant.clone());
        }
        if let Some(ca) = &self.ca_pem {
            builder = builder.add_ca_pem(ca);
        }
        builder
    }

    /// An SDK client of this fake (see [`client_builder`](Self::client_builder)).
    ///
    /// # Panics
    ///
    /// Never for the builder's own settings; use [`try_client`](Self::try_client) to get
    /// the error instead.
    pub fn client(&self) -> halopsa::Client {
        match self.try_client() {
            Ok(client) => client,
            Err(e) => panic!("the fake's own client settings are valid: {e}"),
        }
    }

    /// An SDK client of this fake, or why it cannot be built.
    pub fn try_client(&self) -> Result<halopsa::Client, Error> {
        self.client_builder().build().map_err(Error::Client)
    }

    /// A valid bearer token, issued without a request (for tools and tests that do not go
    /// through the token endpoint).
    pub fn issue_token(&self) -> String {
        lock(&self.state.tokens).mint(&self.state.credentials, &self.state.clock)
    }

    /// Every request received so far (token requests included), oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.state.log).clone()
    }

    /// The requests of one operation (`listTickets`, or `token`).
    pub fn requests_of(&self, operation_id: &str) -> Vec<LoggedRequest> {
        lock(&self.state.log)
            .iter()
            .filter(|r| r.operation_id == Some(operation_id))
            .cloned()
            .collect()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        lock(&self.state.log).clear();
    }

    /// The records of a table (`Tickets`, `ToDo`, …; any case), by id.
    pub fn records(&self, table: &str) -> Vec<Value> {
        let Some((name, _)) = seed::table(table) else {
            return Vec::new();
        };
        lock(&self.state.store)
            .get(name)
            .map(|t| t.records().cloned().map(Value::Object).collect())
            .unwrap_or_default()
    }

    /// One record by id (`7`, or `"abc"` for string ids).
    pub fn record(&self, table: &str, id: impl std::fmt::Display) -> Option<Value> {
        let (name, _) = seed::table(table)?;
        let store = lock(&self.state.store);
        let t = store.get(name)?;
        let key = t.key_from_text(&id.to_string())?;
        t.get(&key).cloned().map(Value::Object)
    }

    /// Saves one record as a `POST` would (upsert: no id makes a new one); returns it as
    /// stored, with its id.
    pub fn insert(&self, table: &str, record: Value) -> Result<Value, Error> {
        let (name, id_type) =
            seed::table(table).ok_or_else(|| Error::Seed(format!("no table `{table}`")))?;
        let Value::Object(record) = record else {
            return Err(Error::Seed("a record is a JSON object".into()));
        };
        lock(&self.state.store)
            .table(name, id_type)
            .upsert(record)
            .map(Value::Object)
            .map_err(Error::Seed)
    }

    /// Loads a seed document: `{"Tickets": […], "ToDo": {…}}`, each value a record, an
    /// array of records, or a list wrapper (`{"record_count": 1, "tickets": […]}`).
    /// Returns how many records were loaded.
    pub fn seed(&self, document: Value) -> Result<usize, Error> {
        self.state.seed(document)
    }

    /// Loads the records of one JSON value (a record, an array, a list wrapper, as a saved
    /// Halo answer holds them) into one table.
    pub fn seed_table(&self, table: &str, value: Value) -> Result<usize, Error> {
        let mut document = serde_json::Map::new();
        document.insert(table.to_owned(), value);
        self.state.seed(Value::Object(document))
    }

    /// Loads a seed document from a file.
    pub fn seed_file(&self, path: impl AsRef<Path>) -> Result<usize, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Read(path.display().to_string(), e))?;
        let value = serde_json::from_str(&text)
            .map_err(|e| Error::Seed(format!("{}: {e}", path.display())))?;
        self.state.seed(value)
    }

    /// Empties every table.
    pub fn clear_records(&self) {
        lock(&self.state.store).clear();
    }

    /// Injects a failure (see [`Failure`]).
    pub fn fail(&self, failure: Failure) {
        lock(&self.state.faults).push(failure);
    }

    /// The next `times` calls of `operation_id` answer `status`.
    pub fn fail_next(&self, operation_id: &str, times: u32, status: u16) {
        self.fail(Failure::new(status).operation(operation_id).times(times));
    }

    /// The next call of `operation_id` is carried out (a `POST` saves its records) and then
    /// answers `status`, as when the answer is lost: for testing that a caller does not
    /// send it again.
    pub fn commit_then_fail(&self, operation_id: &str, status: u16) {
        self.fail(Failure::new(status).operation(operation_id).after_commit());
    }

    /// Sets or lifts a rate limit on API calls; past it they answer `429` with
    /// `Retry-After`.
    pub fn set_rate_limit(&self, limit: Option<RateLimit>) {
        lock(&self.state.faults).set_rate_limit(limit);
    }

    /// Delays every API call and token request.
    pub fn set_latency(&self, latency: Duration) {
        lock(&self.state.faults).latency = latency;
    }

    /// Lifts every fault: failures, rate limit, latency.
    pub fn clear_faults(&self) {
        lock(&self.state.faults).clear();
    }

    /// Revokes every token issued: the next API calls answer `401` until a new token is
    /// fetched.
    pub fn revoke_tokens(&self) {
        lock(&self.state.tokens).revoke_all();
    }

    /// Moves the fake's clock forward (tokens expire, the rate-limit window slides) without
    /// waiting.
    pub fn advance_time(&self, by: Duration) {
        self.state.clock.advance(by);
    }

    /// Stops serving (also done on drop).
    pub fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
