//! Authentication: a static bearer token, or OAuth2 client credentials as Halo does them,
//! with a token cache that refreshes once for any number of concurrent requests. Tokens
//! are fetched through the same [`Transport`] as API calls, within the calling call's
//! deadline.

use crate::transport::{Deadline, Step, Target, Transport};
use crate::Error;
use reqwest::header::{HeaderValue, ACCEPT};
use reqwest::{Method, StatusCode};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::time::Instant;

/// The longest a token is used before it is replaced, whatever `expires_in` says (and
/// when the token response has no usable `expires_in`).
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// A string that is never shown: `Debug` prints `<redacted>` and there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(Arc<str>);

impl Secret {
    /// Wraps a secret.
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Self(Arc::from(value.into()))
    }

    /// The secret itself, to put on the wire and nowhere else.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// An access token, ready to send: the whole `Authorization: Bearer …` header value,
/// marked sensitive, made once per token rather than once per request.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Token(HeaderValue);

impl Token {
    /// `None` when the token cannot be sent in a header (a control character, non-ASCII).
    pub(crate) fn new(token: &str) -> Option<Self> {
        let mut value = HeaderValue::from_str(&format!("Bearer {token}")).ok()?;
        value.set_sensitive(true);
        Some(Self(value))
    }

    /// The `Authorization` header value.
    pub(crate) fn header(&self) -> &HeaderValue {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How a client authenticates.
pub(crate) enum Auth {
    /// A fixed bearer token: never refreshed.
    Bearer(Token),
    /// OAuth2 client credentials: tokens are fetched, cached and refreshed.
    ClientCredentials(OAuth),
}

/// OAuth2 client credentials and the cached token.
pub(crate) struct OAuth {
    /// `{auth_url}/token`.
    pub(crate) token_url: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) scope: String,
    /// Sent as `?tenant=` for hosted instances.
    pub(crate) tenant: Option<String>,
    /// How long before expiry a token is replaced.
    pub(crate) refresh_margin: Duration,
    /// The current token. Locked only to read or replace it, never across an `.await`.
    cache: Mutex<Option<CachedToken>>,
    /// Held while a new token is fetched, so that concurrent calls that find the token
    /// stale wait for that one fetch instead of starting their own.
    fetching: tokio::sync::Mutex<()>,
}

struct CachedToken {
    token: Token,
    /// When to fetch a new one.
    refresh_at: Instant,
}

impl CachedToken {
    fn is_fresh(&self) -> bool {
        Instant::now() < self.refresh_at
    }
}

impl OAuth {
    /// Client credentials with nothing cached yet.
    pub(crate) fn new(
        token_url: String,
        client_id: String,
        client_secret: Secret,
        scope: String,
        tenant: Option<String>,
        refresh_margin: Duration,
    ) -> Self {
        Self {
            token_url,
            client_id,
            client_secret,
            scope,
            tenant,
            refresh_margin,
            cache: Mutex::new(None),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    /// The cached token, if it is still fresh.
    fn fresh(&self) -> Option<Token> {
        let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        cache
            .as_ref()
            .filter(|c| c.is_fresh())
            .map(|c| c.token.clone())
    }

    /// A fresh token: the cached one, or one fetched now (once for all the calls that
    /// need it at the same time). Waiting and fetching end at `deadline`.
    async fn token(&self, transport: &Transport, deadline: Deadline) -> Result<Token, Error> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let _fetching = deadline.bound(self.fetching.lock()).await?;
        // Another call may have fetched one while this one waited.
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let fetched = fetch_token(self, transport, deadline).await?;
        let token = fetched.token.clone();
        *self.cache.lock().unwrap_or_else(PoisonError::into_inner) = Some(fetched);
        Ok(token)
    }

    /// Replaces the secret wherever it appears in `text` (a server that echoes it back).
    fn scrub(&self, text: String) -> String {
        let secret = self.client_secret.expose();
        if secret.is_empty() || !text.contains(secret) {
            text
        } else {
            text.replace(secret, "<redacted>")
        }
    }
}

impl Auth {
    /// The token to send, fetching or refreshing it when it is missing or would expire
    /// within the refresh margin. Called before every attempt, so an attempt that follows
    /// a long wait (backoff, `Retry-After`) does not spend a request on an expired token.
    pub(crate) async fn token(
        &self,
        transport: &Transport,
        deadline: Deadline,
    ) -> Result<Token, Error> {
        match self {
            Auth::Bearer(token) => Ok(token.clone()),
            Auth::ClientCredentials(oauth) => oauth.token(transport, deadline).await,
        }
    }

    /// Forgets `used` after the API refused it, so that the next [`Auth::token`] fetches a
    /// new one (unless another request already did). Returns whether a new token can be
    /// had at all: `false` for a static bearer token.
    pub(crate) fn invalidate(&self, used: &Token) -> bool {
        match self {
            Auth::Bearer(_) => false,
            Auth::ClientCredentials(oauth) => {
                let mut cache = oauth.cache.lock().unwrap_or_else(PoisonError::into_inner);
                if cache.as_ref().is_some_and(|c| &c.token == used) {
                    *cache = None;
                }
                true
            }
        }
    }

    /// The token endpoint's base (`https://acme.halopsa.com/auth`), for client credentials.
    pub(crate) fn auth_url(&self) -> Option<&str> {
        match self {
            Auth::ClientCredentials(oauth) => oauth.token_url.strip_suffix("/token"),
            Auth::Bearer(_) => None,
        }
    }
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::Bearer(token) => f.debug_tuple("Bearer").field(token).finish(),
            Auth::ClientCredentials(oauth) => f
                .debug_struct("ClientCredentials")
                .field("token_url", &oauth.token_url)
                .field("client_id", &oauth.client_id)
                .field("client_secret", &oauth.client_secret)
                .field("scope", &oauth.scope)
                .field("tenant", &oauth.tenant)
                .field("refresh_margin", &oauth.refresh_margin)
                .finish_non_exhaustive(),
        }
    }
}

/// `POST {auth_url}/token` with `grant_type=client_credentials`.
async fn fetch_token(
    oauth: &OAuth,
    transport: &Transport,
    deadline: Deadline,
) -> Result<CachedToken, Error> {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", oauth.client_id.as_str()),
        ("client_secret", oauth.client_secret.expose()),
        ("scope", oauth.scope.as_str()),
    ];
    let method = Method::POST;
    // Asking for a token twice does no harm: it is retried like a GET.
    let mut call = transport.call(Target::Token, &method, "/token", true, deadline);
    let body = loop {
        let mut request = transport.http().post(&oauth.token_url);
        if let Some(tenant) = &oauth.tenant {
            request = request.query(&[("tenant", tenant)]);
        }
        let request = request
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .form(&form);
        match call.send(request).await {
            Step::Done(body) => break body,
            Step::Again => {}
            Step::Failed(Error::Api {
                status,
                message,
                body,
                ..
            }) => {
                return Err(Error::Auth {
                    status: Some(status),
                    message: oauth
                        .scrub(message.unwrap_or_else(|| {
                            "the token endpoint refused the request".to_owned()
                        })),
                    body: oauth.scrub(body),
                })
            }
            Step::Failed(other) => return Err(other),
        }
    };
    parse_token(&body, oauth.refresh_margin, Instant::now())
}

/// How long a token lives, from `expires_in`: seconds as a number or a string. Any value is
/// safe: a negative one is zero (the token is replaced before the next call), and a
/// missing, unreadable or larger one is [`MAX_TOKEN_LIFETIME`].
fn lifetime(expires_in: Option<&serde_json::Value>) -> Duration {
    let seconds = expires_in.and_then(|e| match e {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    });
    match seconds {
        Some(s) if s.is_nan() => MAX_TOKEN_LIFETIME,
        Some(s) if s <= 0.0 => Duration::ZERO,
        Some(s) => Duration::try_from_secs_f64(s)
            .unwrap_or(MAX_TOKEN_LIFETIME)
            .min(MAX_TOKEN_LIFETIME),
        None => MAX_TOKEN_LIFETIME,
    }
}

/// Reads a token response received at `now`. On failure the body is not kept: it may hold
/// a token.
fn parse_token(body: &[u8], margin: Duration, now: Instant) -> Result<CachedToken, Error> {
    let invalid = |message: &str| Error::Auth {
        status: Some(StatusCode::OK),
        message: message.to_owned(),
        body: String::new(),
    };
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| invalid("the token endpoint answered something that is not JSON"))?;
    let token = value
        .get("access_token")
        .and_then(|t| t.as_str())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| invalid("the token endpoint answered without an access_token"))?;
    let token = Token::new(token).ok_or_else(|| {
        invalid("the token endpoint answered an access_token that cannot be sent in a header")
    })?;
    let lifetime = lifetime(value.get("expires_in"));
    // Never spend more than half a short-lived token's life waiting to refresh it.
    let margin = margin.min(lifetime / 2);
    // The lifetime is capped, so this cannot overflow; if it ever did, the token would be
    // used once and replaced.
    let refresh_at = now
        .checked_add(lifetime.saturating_sub(margin))
        .unwrap_or(now);
    Ok(CachedToken { token, refresh_at })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_is_redacted() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "<redacted>");
        let token = Token::new("hunter2");
        assert_eq!(format!("{token:?}"), "Some(<redacted>)");
    }

    #[test]
    fn token_responses() {
        let now = Instant::now();
        let t = parse_token(
            br#"{"access_token":"abc","token_type":"Bearer","expires_in":3600}"#,
            Duration::from_secs(60),
            now,
        );
        assert!(t.as_ref().is_ok_and(|t| t.token.header() == "Bearer abc"
            && t.is_fresh()
            && t.refresh_at == now + Duration::from_secs(3540)));
        let t = parse_token(
            br#"{"access_token":"abc","expires_in":"0"}"#,
            Duration::ZERO,
            now,
        );
        assert!(t.is_ok_and(|t| !t.is_fresh()));
        let e = parse_token(br#"{"access_token":""}"#, Duration::ZERO, now);
        assert!(e.is_err_and(|e| e.is_auth()));
        let e = parse_token(br#"{"access_token":"secret-tok"#, Duration::ZERO, now);
        assert!(e.is_err_and(|e| !format!("{e:?}{e}").contains("secret-tok")));
        let e = parse_token(br#"{"access_token":"new\nline"}"#, Duration::ZERO, now);
        assert!(e.is_err_and(|e| e.is_auth() && !format!("{e:?}{e}").contains("line")));
    }

    #[test]
    fn expires_in_of_any_size_or_shape() {
        let max = MAX_TOKEN_LIFETIME;
        let cases: [(&str, Duration); 14] = [
            ("3600", Duration::from_secs(3600)),
            (r#""3600""#, Duration::from_secs(3600)),
            ("0.5", Duration::from_millis(500)),
            ("1e19", max),
            ("1e300", max),
            ("18446744073709551615", max),
            ("-1", Duration::ZERO),
            ("-1e300", Duration::ZERO),
            (r#""-5""#, Duration::ZERO),
            (r#""NaN""#, max),
            (r#""inf""#, max),
            (r#""soon""#, max),
            ("null", max),
            (r#"{"s":1}"#, max),
        ];
        for (raw, expected) in cases {
            let value: serde_json::Value = match serde_json::from_str(raw) {
                Ok(v) => v,
                Err(e) => panic!("{raw}: {e}"),
            };
            assert_eq!(lifetime(Some(&value)), expected, "{raw}");
            let body = format!(r#"{{"access_token":"a","expires_in":{raw}}}"#);
            let now = Instant::now();
            let parsed = parse_token(body.as_bytes(), Duration::from_secs(60), now);
            assert!(parsed.is_ok_and(|t| t.refresh_at <= now + max), "{raw}");
        }
        assert_eq!(lifetime(None), max);
    }
}
