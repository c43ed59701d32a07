//! [`ClientBuilder`]: where the instance is, how to authenticate, timeouts, retries and the
//! request budget; from explicit values or from environment variables.

use crate::auth::{Auth, OAuth, Secret, Token};
use crate::budget::RateLimit;
use crate::retry::RetryPolicy;
use crate::tls::{self, Ca};
use crate::transport::Transport;
use crate::Error;
use reqwest::header::HeaderValue;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The API URL; overrides the one derived from the host or tenant.
pub const ENV_API_URL: &str = "HALOPSA_API_URL";
/// The auth URL (`https://host/auth`); overrides the derived one.
pub const ENV_AUTH_URL: &str = "HALOPSA_AUTH_URL";
/// The instance's host (`halo.example.com`, or a URL such as `https://halo.example.com`),
/// for on-premise, HaloITSM and HaloCRM instances.
pub const ENV_HOST: &str = "HALOPSA_HOST";
/// The tenant of a hosted instance (`acme` for `acme.halopsa.com`).
pub const ENV_TENANT: &str = "HALOPSA_TENANT";
/// The OAuth2 client id.
pub const ENV_CLIENT_ID: &str = "HALOPSA_CLIENT_ID";
/// The OAuth2 client secret.
pub const ENV_CLIENT_SECRET: &str = "HALOPSA_CLIENT_SECRET";
/// The OAuth2 scope (default `all`).
pub const ENV_SCOPE: &str = "HALOPSA_SCOPE";
/// A static bearer token, used when no client id and secret are set.
pub const ENV_TOKEN: &str = "HALOPSA_TOKEN";
/// A PEM file of CA certificates to trust besides the system's (a company's own CA, an
/// on-premise instance's).
pub const ENV_CA_FILE: &str = "HALOPSA_CA_FILE";
/// The longest response body read, in bytes (default [`DEFAULT_MAX_RESPONSE_BYTES`]).
pub const ENV_MAX_RESPONSE_BYTES: &str = "HALOPSA_MAX_RESPONSE_BYTES";

/// The scope asked for when none is set.
pub const DEFAULT_SCOPE: &str = "all";
/// The connect timeout when none is set.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The timeout of one attempt (connect, send, read the whole response) when none is set.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest response body read when no limit is set: 256 MiB, far above any Halo
/// answer (a page of 100 full tickets is a few MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 256 << 20;
/// How long before a token expires it is replaced, when not set.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);
/// The `User-Agent` sent: this crate and its version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

#[derive(Clone)]
enum Credentials {
    ClientCredentials { id: String, secret: Secret },
    Bearer(Secret),
}

/// Builds a [`Client`](crate::Client). Start from [`Client::builder`](crate::Client::builder)
/// or [`ClientBuilder::from_env`], finish with [`build`](Self::build).
///
/// ```no_run
/// # fn main() -> Result<(), halopsa_runtime::Error> {
/// let client = halopsa_runtime::Client::builder()
///     .hosted("acme") // https://acme.halopsa.com/api, token from https://acme.halopsa.com/auth
///     .client_credentials("my-client-id", "my-client-secret")
///     .build()?;
/// # Ok(()) }
/// ```
///
/// URLs: [`hosted`](Self::hosted) gives `https://{tenant}.halopsa.com/api` and `/auth`
/// and sends the tenant with token requests; [`host`](Self::host) gives
/// `https://{host}/api` and `/auth`; [`api_url`](Self::api_url) and
/// [`auth_url`](Self::auth_url) override either (an API URL alone derives the auth URL by
/// replacing its trailing `/api` with `/auth`).
#[derive(Clone)]
pub struct ClientBuilder {
    host: Option<String>,
    tenant: Option<String>,
    api_url: Option<String>,
    auth_url: Option<String>,
    credentials: Option<Credentials>,
    scope: String,
    http: Option<reqwest::Client>,
    /// `None`: the default, [`DEFAULT_CONNECT_TIMEOUT`].
    connect_timeout: Option<Duration>,
    timeout: Duration,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    refresh_margin: Duration,
    user_agent: Option<String>,
    /// CAs trusted besides the system's certificates.
    cas: Vec<Ca>,
    max_response_bytes: u64,
    /// A variable of [`from_env`](Self::from_env) that could not be read, reported by
    /// [`build`](Self::build) rather than dropped.
    env_error: Option<String>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let credentials = match &self.credentials {
            None => "none".to_owned(),
            Some(Credentials::Bearer(_)) => "bearer token <redacted>".to_owned(),
            Some(Credentials::ClientCredentials { id, .. }) => {
                format!("client credentials (client id {id:?}, secret <redacted>)")
            }
        };
        f.debug_struct("ClientBuilder")
            .field("host", &self.host)
            .field("tenant", &self.tenant)
            .field("api_url", &self.api_url)
            .field("auth_url", &self.auth_url)
            .field("credentials", &credentials)
            .field("scope", &self.scope)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("cas", &self.cas)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("tls_backend", &tls::BACKEND)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder with nothing set and the default timeouts, retries and scope.
    pub fn new() -> Self {
        Self {
            host: None,
            tenant: None,
            api_url: None,
            auth_url: None,
            credentials: None,
            scope: DEFAULT_SCOPE.to_owned(),
            http: None,
            connect_timeout: None,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            rate_limit: None,
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            user_agent: None,
            cas: Vec::new(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            env_error: None,
        }
    }

    /// A builder set from the environment: `HALOPSA_API_URL`, `HALOPSA_AUTH_URL`,
    /// `HALOPSA_HOST`, `HALOPSA_TENANT`, `HALOPSA_CLIENT_ID`, `HALOPSA_CLIENT_SECRET`,
    /// `HALOPSA_SCOPE`, `HALOPSA_TOKEN`, `HALOPSA_CA_FILE` (a PEM file of CAs to trust,
    /// see [`add_ca_file`](Self::add_ca_file)) and `HALOPSA_MAX_RESPONSE_BYTES` (unset or
    /// empty variables are ignored; a limit that is not a number makes
    /// [`build`](Self::build) fail).
    ///
    /// `HALOPSA_TENANT` alone means a hosted instance; with `HALOPSA_HOST` it is only sent
    /// as the tenant. Client credentials are used when both `HALOPSA_CLIENT_ID` and
    /// `HALOPSA_CLIENT_SECRET` are set, else `HALOPSA_TOKEN`. Anything can still be
    /// changed on the builder before [`build`](Self::build).
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) reading variables through `get`.
    pub(crate) fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        let get = |name: &str| {
            get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut builder = Self::new();
        match (get(ENV_HOST), get(ENV_TENANT)) {
            (Some(host), tenant) => {
                builder = builder.host(host);
                if let Some(tenant) = tenant {
                    builder = builder.tenant(tenant);
                }
            }
            (None, Some(tenant)) => builder = builder.hosted(tenant),
            (None, None) => {}
        }
        if let Some(url) = get(ENV_API_URL) {
            builder = builder.api_url(url);
        }
        if let Some(url) = get(ENV_AUTH_URL) {
            builder = builder.auth_url(url);
        }
        if let Some(scope) = get(ENV_SCOPE) {
            builder = builder.scope(scope);
        }
        match (get(ENV_CLIENT_ID), get(ENV_CLIENT_SECRET), get(ENV_TOKEN)) {
            (Some(id), Some(secret), _) => builder = builder.client_credentials(id, secret),
            (_, _, Some(token)) => builder = builder.bearer_token(token),
            _ => {}
        }
        if let Some(path) = get(ENV_CA_FILE) {
            builder = builder.add_ca_file(path);
        }
        if let Some(limit) = get(ENV_MAX_RESPONSE_BYTES) {
            match limit.parse::<u64>() {
                Ok(limit) => builder = builder.max_response_bytes(limit),
                Err(_) => {
                    builder.env_error = Some(format!(
                        "{ENV_MAX_RESPONSE_BYTES}=`{limit}` is not a number of bytes"
                    ))
                }
            }
        }
        builder
    }

    /// A hosted instance, `https://{tenant}.halopsa.com`; the tenant is also sent with
    /// token requests.
    pub fn hosted(mut self, tenant: impl Into<String>) -> Self {
        let tenant = tenant.into();
        self.host = Some(format!("{tenant}.halopsa.com"));
        self.tenant = Some(tenant);
        self
    }

    /// Any instance by host name (`halo.example.com`, `https://` assumed) or base URL
    /// (`https://halo.example.com`, `http://localhost:8080`).
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// The tenant sent as `?tenant=` with token requests (set by [`hosted`](Self::hosted)).
    pub fn tenant(mut self, tenant: impl Into<String>) -> Self {
        self.tenant = Some(tenant.into()).filter(|t| !t.is_empty());
        self
    }

    /// The API base URL (`https://acme.halopsa.com/api`), overriding the derived one.
    pub fn api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = Some(url.into());
        self
    }

    /// The auth URL (`https://acme.halopsa.com/auth`; tokens come from `{auth_url}/token`),
    /// overriding the derived one.
    pub fn auth_url(mut self, url: impl Into<String>) -> Self {
        self.auth_url = Some(url.into());
        self
    }

    /// Authenticates with OAuth2 client credentials (an API application in Halo set to
    /// "Client ID and Secret (Services)").
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::ClientCredentials {
            id: client_id.into(),
            secret: Secret::new(client_secret),
        });
        self
    }

    /// The OAuth2 scope asked for (default `all`).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    /// Authenticates with a fixed bearer token (never refreshed; a `401` is an
    /// [`Error::Auth`]).
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::Bearer(Secret::new(token)));
        self
    }

    /// Sends requests through this `reqwest::Client` (its proxy, TLS and pool settings).
    /// The attempt timeout, the retries and the `User-Agent` set here still apply; a
    /// connect timeout must then be set on that client ([`build`](Self::build) refuses
    /// [`connect_timeout`](Self::connect_timeout) with it rather than ignore it).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How long connecting may take (default 10 s). Not with
    /// [`http_client`](Self::http_client): set it on that client.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long one attempt may take, from sending the request to the end of the response
    /// body (default 60 s; 30 years or more is no limit). An attempt that takes longer fails with
    /// [`Error::Timeout`] ([`TimeLimit::Attempt`](crate::TimeLimit::Attempt)) and is
    /// retried when the request may be sent again.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The whole retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Attempts per call, the first included (default 5; 1 turns retries off).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.retry.max_attempts = attempts;
        self
    }

    /// The longest a call may take, everything included (default 3 min): a hard deadline.
    ///
    /// The call ends by then: an attempt still in flight is abandoned
    /// ([`Error::Timeout`] with [`TimeLimit::Call`](crate::TimeLimit::Call)), so are waits
    /// for the request budget or for a token, and a retry whose delay (backoff or
    /// `Retry-After`) would end at or after the deadline is not made: the last error is
    /// returned at once.
    pub fn max_retry_time(mut self, time: Duration) -> Self {
        self.retry.max_elapsed = time;
        self
    }

    /// The first backoff delay and the longest one (defaults 1 s and 30 s).
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.retry.initial_backoff = initial;
        self.retry.max_backoff = max;
        self
    }

    /// Spaces requests out to stay within `limit` (default: no budget).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Spaces requests out to stay within Halo's 300 requests per 5 minutes.
    pub fn halo_rate_limit(self) -> Self {
        self.rate_limit(RateLimit::halo())
    }

    /// How long before a token expires it is replaced (default 60 s; at most half the
    /// token's lifetime).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Trusts the CA certificates of a PEM file (one or several `-----BEGIN CERTIFICATE-----`
    /// blocks) besides the operating system's: for an instance whose certificate comes from
    /// a company's own CA. Can be called again for more files; read by
    /// [`build`](Self::build), which fails with [`Error::Config`] naming a file it cannot
    /// read or that holds no certificate. Not with [`http_client`](Self::http_client): add
    /// the certificate to that client.
    pub fn add_ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.cas.push(Ca::File(path.into()));
        self
    }

    /// Trusts the CA certificates of PEM text, as [`add_ca_file`](Self::add_ca_file) does
    /// those of a file (for a CA kept in a secret store rather than a file).
    pub fn add_ca_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.cas.push(Ca::Pem(Arc::from(pem.as_ref())));
        self
    }

    /// The longest response body read, in bytes (default [`DEFAULT_MAX_RESPONSE_BYTES`],
    /// 256 MiB). A longer one fails the call with [`Error::ResponseTooLarge`] as soon as
    /// its `Content-Length` says so, or while it is read: a server or proxy that sends
    /// without end cannot exhaust memory.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// A product token (`my-app/1.2`) sent in `User-Agent` before this crate's.
    pub fn user_agent(mut self, product: impl Into<String>) -> Self {
        self.user_agent = Some(product.into());
        self
    }

    /// Checks the settings and makes what a client is built from (see
    /// [`build`](Self::build)). Nothing is silently dropped: a setting that cannot apply is
    /// an error, and so is an HTTP client that cannot be made (TLS setup).
    pub(crate) fn settings(self) -> Result<Settings, Error> {
        if let Some(error) = self.env_error {
            return Err(Error::Config(error));
        }
        let base = self.host.as_deref().map(host_base_url);
        let api_url = match (&self.api_url, &base) {
            (Some(url), _) => url.trim_end_matches('/').to_owned(),
            (None, Some(base)) => format!("{base}/api"),
            (None, None) => {
                return Err(Error::Config(
                    "no instance: set hosted(tenant), host(host) or api_url(url) \
                     (HALOPSA_TENANT, HALOPSA_HOST or HALOPSA_API_URL)"
                        .to_owned(),
                ))
            }
        };
        check_url("API URL", &api_url)?;
        let credentials = self.credentials.ok_or_else(|| {
            Error::Config(
                "no credentials: set client_credentials(id, secret) or bearer_token(token) \
                 (HALOPSA_CLIENT_ID and HALOPSA_CLIENT_SECRET, or HALOPSA_TOKEN)"
                    .to_owned(),
            )
        })?;
        let auth = match credentials {
            Credentials::Bearer(token) => {
                if token.expose().is_empty() {
                    return Err(Error::Config("the bearer token is empty".to_owned()));
                }
                Auth::Bearer(Token::new(token.expose()).ok_or_else(|| {
                    Error::Config(
                        "the bearer token cannot be sent in a header \
                         (control or non-ASCII characters)"
                            .to_owned(),
                    )
                })?)
            }
            Credentials::ClientCredentials { id, secret } => {
                if id.is_empty() || secret.expose().is_empty() {
                    return Err(Error::Config(
                        "the client id and the client secret must not be empty".to_owned(),
                    ));
                }
                let auth_url = match (&self.auth_url, &self.api_url, &base) {
                    (Some(url), _, _) => url.trim_end_matches('/').to_owned(),
                    (None, None, Some(base)) => format!("{base}/auth"),
                    (None, _, _) => derive_auth_url(&api_url),
                };
                check_url("auth URL", &auth_url)?;
                Auth::ClientCredentials(OAuth::new(
                    format!("{auth_url}/token"),
                    id,
                    secret,
                    self.scope,
                    self.tenant,
                    self.refresh_margin,
                ))
            }
        };
        for (name, limit) in [
            ("timeout", Some(self.timeout)),
            ("connect_timeout", self.connect_timeout),
            ("max_retry_time", Some(self.retry.max_elapsed)),
        ] {
            if limit.is_some_and(|l| l.is_zero()) {
                return Err(Error::Config(format!(
                    "{name} is zero: every call would time out"
                )));
            }
        }
        let user_agent = match self.user_agent {
            Some(product) => format!("{product} {USER_AGENT}"),
            None => USER_AGENT.to_owned(),
        };
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::Config("the user agent is not a valid header value".to_owned()))?;
        let (http, per_request_user_agent) = match self.http {
            Some(http) => {
                if self.connect_timeout.is_some() {
                    return Err(Error::Config(
                        "connect_timeout does not apply to a client given with http_client: \
                         set it on that reqwest::Client"
                            .to_owned(),
                    ));
                }
                if let Some(ca) = self.cas.first() {
                    return Err(Error::Config(format!(
                        "a CA ({ca:?}) does not apply to a client given with http_client: \
                         add it to that reqwest::Client (add_root_certificate)"
                    )));
                }
                // The caller's client may send its own User-Agent: ours goes on each request.
                (http, Some(user_agent))
            }
            None => {
                // Proxies: reqwest reads HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY
                // (and their lower-case forms) by default; nothing here turns that off.
                let http = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .user_agent(user_agent);
                let http = tls::configure(http, &self.cas)?
                    .build()
                    .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
                (http, None)
            }
        };
        let transport = Transport::new(
            http,
            per_request_user_agent,
            self.timeout,
            self.max_response_bytes,
            self.retry,
            self.rate_limit,
        )?;
        Ok(Settings {
            api_url,
            auth,
            transport,
        })
    }
}

/// What a client is made of, checked.
pub(crate) struct Settings {
    pub(crate) api_url: String,
    pub(crate) auth: Auth,
    pub(crate) transport: Transport,
}

/// `https://{host}` for a bare host, the URL itself when it has a scheme; no trailing `/`.
fn host_base_url(host: &str) -> String {
    let host = host.trim().trim_end_matches('/');
    if host.contains("://") {
        host.to_owned()
    } else {
        format!("https://{host}")
    }
}

/// `…/api` becomes `…/auth`; any other URL gets `/auth` appended.
fn derive_auth_url(api_url: &str) -> String {
    let base = api_url.strip_suffix("/api").unwrap_or(api_url);
    format!("{base}/auth")
}

fn check_url(what: &str, url: &str) -> Result<(), Error> {
    let parsed =
        reqwest::Url::parse(url).map_err(|e| Error::Config(format!("bad {what} `{url}`: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "bad {what} `{url}`: the scheme must be http or https"
        )));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Error::Config(format!("bad {what} `{url}`: no host")));
    }
    tls::check_scheme(what, &parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(vars: &[(&str, &str)]) -> ClientBuilder {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ClientBuilder::from_lookup(|name| vars.get(name).cloned())
    }

    use crate::Client;

    fn urls(client: &Client) -> (String, Option<String>) {
        (
            client.base_url().to_owned(),
            client.auth_url().map(str::to_owned),
        )
    }

    #[test]
    fn hosted_tenant_from_env() {
        let client = from(&[
            (ENV_TENANT, "acme"),
            (ENV_CLIENT_ID, "id"),
            (ENV_CLIENT_SECRET, "s3cret"),
        ])
        .build();
        let client = client.ok();
        assert_eq!(
            client.as_ref().map(urls),
            Some((
                "https://acme.halopsa.com/api".to_owned(),
                Some("https://acme.halopsa.com/auth".to_owned())
            ))
        );
        let debug = format!("{client:?}");
        assert!(
            debug.contains("acme") && !debug.contains("s3cret"),
            "{debug}"
        );
    }

    #[test]
    fn host_and_overrides() {
        let client = from(&[
            (ENV_HOST, "halo.example.com/"),
            (ENV_TOKEN, "tok"),
            (ENV_CLIENT_ID, "id-without-secret"),
        ])
        .build()
        .ok();
        assert_eq!(
            client.as_ref().map(urls),
            Some(("https://halo.example.com/api".to_owned(), None))
        );
        let client = ClientBuilder::new()
            .api_url("http://127.0.0.1:9/halo/api/")
            .client_credentials("id", "secret")
            .build()
            .ok();
        assert_eq!(
            client.as_ref().map(urls),
            Some((
                "http://127.0.0.1:9/halo/api".to_owned(),
                Some("http://127.0.0.1:9/halo/auth".to_owned())
            ))
        );
        let client = ClientBuilder::new()
            .host("http://localhost:8080")
            .auth_url("https://login.example.com/auth")
            .client_credentials("id", "secret")
            .build()
            .ok();
        assert_eq!(
            client.as_ref().map(urls),
            Some((
                "http://localhost:8080/api".to_owned(),
                Some("https://login.example.com/auth".to_owned())
            ))
        );
    }

    #[test]
    fn bad_configurations() {
        let no_instance = ClientBuilder::new().bearer_token("t").build();
        assert!(matches!(no_instance, Err(Error::Config(_))));
        let no_credentials = ClientBuilder::new().hosted("acme").build();
        assert!(matches!(no_credentials, Err(Error::Config(_))));
        let bad_url = ClientBuilder::new()
            .api_url("ftp://x/api")
            .bearer_token("t")
            .build();
        assert!(matches!(bad_url, Err(Error::Config(_))));
        let secret = ClientBuilder::new()
            .hosted("acme")
            .client_credentials("", "hunter2")
            .build();
        assert!(matches!(&secret, Err(Error::Config(m)) if !m.contains("hunter2")));
        let bad_token = ClientBuilder::new()
            .hosted("acme")
            .bearer_token("SECRET\nX")
            .build();
        assert!(matches!(&bad_token, Err(Error::Config(m)) if !m.contains("SECRET")));
        let no_attempts = ClientBuilder::new()
            .hosted("acme")
            .bearer_token("t")
            .max_attempts(0)
            .build();
        assert!(matches!(no_attempts, Err(Error::Config(_))));
    }

    #[test]
    fn zero_time_limits_are_refused() {
        let base = || ClientBuilder::new().hosted("acme").bearer_token("t");
        for builder in [
            base().timeout(Duration::ZERO),
            base().connect_timeout(Duration::ZERO),
            base().max_retry_time(Duration::ZERO),
        ] {
            let built = builder.build();
            assert!(
                matches!(&built, Err(Error::Config(m)) if m.contains("zero")),
                "{built:?}"
            );
        }
        let huge = base()
            .timeout(Duration::MAX)
            .connect_timeout(Duration::MAX)
            .max_retry_time(Duration::MAX)
            .backoff(Duration::MAX, Duration::MAX)
            .refresh_margin(Duration::MAX)
            .build();
        assert!(huge.is_ok(), "{huge:?}");
    }

    #[test]
    fn settings_are_never_silently_dropped() {
        // A connect timeout cannot reach a reqwest client built elsewhere: refused.
        let own = ClientBuilder::new()
            .hosted("acme")
            .bearer_token("t")
            .http_client(reqwest::Client::new())
            .connect_timeout(Duration::from_secs(1))
            .build();
        assert!(
            matches!(&own, Err(Error::Config(m)) if m.contains("connect_timeout")),
            "{own:?}"
        );
        let own = ClientBuilder::new()
            .hosted("acme")
            .bearer_token("t")
            .http_client(reqwest::Client::new())
            .timeout(Duration::from_secs(1))
            .user_agent("app/1")
            .build();
        assert!(own.is_ok(), "{own:?}");
    }

    #[test]
    fn client_new_never_panics() {
        // Settings `Client::new` cannot use make a client whose every call fails.
        let client = Client::new("not a url", "tok");
        assert_eq!(client.base_url(), "not a url");
        let client = Client::new("https://acme.halopsa.com/api/", "");
        assert_eq!(client.base_url(), "https://acme.halopsa.com/api");
        let client = Client::new("https://acme.halopsa.com/api/", "tok");
        assert_eq!(client.base_url(), "https://acme.halopsa.com/api");
    }
}
