//! Authentication: a static bearer token, or OAuth2 client credentials as Halo does them,
//! with a token cache that refreshes once for any number of concurrent requests.

use crate::client::{Inner, Target};
use crate::Error;
use reqwest::{Method, StatusCode};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

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

/// How a client authenticates.
pub(crate) enum Auth {
    /// A fixed bearer token: never refreshed.
    Bearer(Secret),
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
    /// The current token; the lock is held while a new one is fetched, so concurrent
    /// requests wait for that one fetch instead of starting their own.
    cache: Mutex<Option<CachedToken>>,
}

struct CachedToken {
    token: Secret,
    /// When to fetch a new one; `None` when the server did not say when it expires.
    refresh_at: Option<Instant>,
}

impl CachedToken {
    fn is_fresh(&self) -> bool {
        match self.refresh_at {
            Some(at) => Instant::now() < at,
            None => true,
        }
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
        }
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
    /// The bearer token to send, fetching or refreshing it when needed.
    pub(crate) async fn token(&self, inner: &Inner) -> Result<Secret, Error> {
        match self {
            Auth::Bearer(token) => Ok(token.clone()),
            Auth::ClientCredentials(oauth) => {
                let mut cache = oauth.cache.lock().await;
                if let Some(cached) = cache.as_ref().filter(|c| c.is_fresh()) {
                    return Ok(cached.token.clone());
                }
                let fresh = fetch_token(oauth, inner).await?;
                let token = fresh.token.clone();
                *cache = Some(fresh);
                Ok(token)
            }
        }
    }

    /// Forgets `used` after the API refused it, so that the next [`Auth::token`] fetches a
    /// new one (unless another request already did). Returns whether a new token can be
    /// had at all: `false` for a static bearer token.
    pub(crate) async fn invalidate(&self, used: &Secret) -> bool {
        match self {
            Auth::Bearer(_) => false,
            Auth::ClientCredentials(oauth) => {
                let mut cache = oauth.cache.lock().await;
                if cache.as_ref().is_some_and(|c| &c.token == used) {
                    *cache = None;
                }
                true
            }
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
async fn fetch_token(oauth: &OAuth, inner: &Inner) -> Result<CachedToken, Error> {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", oauth.client_id.as_str()),
        ("client_secret", oauth.client_secret.expose()),
        ("scope", oauth.scope.as_str()),
    ];
    let build = || {
        let mut builder = inner.http.post(&oauth.token_url);
        if let Some(tenant) = &oauth.tenant {
            builder = builder.query(&[("tenant", tenant)]);
        }
        builder
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
    };
    // Asking for a token twice does no harm: it is retried like a GET.
    let body = match inner
        .execute(Target::Token, &Method::POST, "/token", true, build)
        .await
    {
        Ok(body) => body,
        Err(Error::Api {
            status,
            message,
            body,
            ..
        }) => {
            return Err(Error::Auth {
                status: Some(status),
                message: oauth.scrub(
                    message.unwrap_or_else(|| "the token endpoint refused the request".to_owned()),
                ),
                body: oauth.scrub(body),
            })
        }
        Err(other) => return Err(other),
    };
    parse_token(&body, oauth.refresh_margin)
}

/// Reads a token response. On failure the body is not kept: it may hold a token.
fn parse_token(body: &[u8], margin: Duration) -> Result<CachedToken, Error> {
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
    let expires_in = value.get("expires_in").and_then(|e| match e {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    });
    let refresh_at = expires_in
        .and_then(|secs| Duration::try_from_secs_f64(secs.max(0.0)).ok())
        .map(|lifetime| {
            // Never spend more than half a short-lived token's life waiting to refresh it.
            let margin = margin.min(lifetime / 2);
            Instant::now() + (lifetime - margin)
        });
    Ok(CachedToken {
        token: Secret::new(token),
        refresh_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_is_redacted() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "<redacted>");
    }

    #[test]
    fn token_responses() {
        let t = parse_token(
            br#"{"access_token":"abc","token_type":"Bearer","expires_in":3600}"#,
            Duration::from_secs(60),
        );
        assert!(t
            .as_ref()
            .is_ok_and(|t| t.token.expose() == "abc" && t.is_fresh()));
        let t = parse_token(
            br#"{"access_token":"abc","expires_in":"0"}"#,
            Duration::ZERO,
        );
        assert!(t.is_ok_and(|t| !t.is_fresh()));
        let t = parse_token(br#"{"access_token":"abc"}"#, Duration::ZERO);
        assert!(t.is_ok_and(|t| t.is_fresh() && t.refresh_at.is_none()));
        let e = parse_token(br#"{"access_token":""}"#, Duration::ZERO);
        assert!(e.is_err_and(|e| e.is_auth()));
        let e = parse_token(br#"{"access_token":"secret-tok"#, Duration::ZERO);
        assert!(e.is_err_and(|e| !format!("{e:?}{e}").contains("secret-tok")));
    }
}
