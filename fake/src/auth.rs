//! OAuth2 client credentials as Halo does them: `POST /auth/token` (form-encoded
//! `grant_type=client_credentials`, `client_id`, `client_secret`, `scope`; the tenant as
//! `?tenant=` or a form field), bearer tokens that expire, and `401` for an API call without
//! a valid one. A token request for another tenant than the instance's (or none, when it has
//! one) is `400 invalid_request` naming the tenant, told apart from wrong credentials
//! (`401 invalid_client`).

use crate::clock::Clock;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Who may have a token, and for how long.
#[derive(Debug, Clone)]
pub(crate) struct Credentials {
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    /// When set, token requests must name this tenant.
    pub(crate) tenant: Option<String>,
    pub(crate) token_lifetime: Duration,
    /// A token that is always valid (never expires, survives revocation).
    pub(crate) static_token: Option<String>,
}

/// The tokens handed out.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    issued: HashMap<String, Instant>,
    counter: u64,
}

/// An answer of the token endpoint: status and JSON body.
pub(crate) type TokenAnswer = (u16, Value);

fn oauth_error(status: u16, error: &str, description: &str) -> TokenAnswer {
    (
        status,
        json!({"error": error, "error_description": description}),
    )
}

impl Tokens {
    /// Answers a token request: `form` is the decoded form body, `query` the decoded query.
    pub(crate) fn issue(
        &mut self,
        creds: &Credentials,
        clock: &Clock,
        form: &[(String, String)],
        query: &[(String, String)],
    ) -> TokenAnswer {
        let field = |name: &str| {
            form.iter()
                .chain(query.iter())
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        match field("grant_type") {
            Some("client_credentials") => {}
            Some(_) => {
                return oauth_error(
                    400,
                    "unsupported_grant_type",
                    "Only grant_type=client_credentials is supported.",
                )
            }
            None => return oauth_error(400, "invalid_request", "grant_type is missing."),
        }
        let (Some(id), Some(secret)) = (field("client_id"), field("client_secret")) else {
            return oauth_error(
                400,
                "invalid_request",
                "client_id and client_secret are required.",
            );
        };
        // The tenant picks the instance whose clients are checked, so it is checked first,
        // and a wrong one is told apart from wrong credentials. An instance without a
        // tenant (on-premise) ignores one that is sent.
        if let Some(expected) = &creds.tenant {
            match field("tenant").map(str::trim).filter(|t| !t.is_empty()) {
                None => {
                    return oauth_error(
                        400,
                        "invalid_request",
                        "tenant is missing: a hosted instance https://{tenant}.halopsa.com \
                         needs its tenant, as ?tenant={tenant} or a tenant form field.",
                    )
                }
                Some(given) if !given.eq_ignore_ascii_case(expected) => {
                    return oauth_error(
                        400,
                        "invalid_request",
                        &format!(
                            "Unknown tenant '{given}': no instance has this tenant (the \
                             tenant is the first label of the instance's address, \
                             https://{{tenant}}.halopsa.com)."
                        ),
                    )
                }
                Some(_) => {}
            }
        }
        if id != creds.client_id || secret != creds.client_secret {
            return oauth_error(401, "invalid_client", "Invalid client credentials.");
        }
        self.counter += 1;
        let token = format!("fake-token-{}-{}", self.counter, crate::random_hex());
        self.issued
            .insert(token.clone(), clock.now() + creds.token_lifetime);
        let scope = field("scope").filter(|s| !s.is_empty()).unwrap_or("all");
        (
            200,
            json!({
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": creds.token_lifetime.as_secs(),
                "scope": scope,
            }),
        )
    }

    /// Issues a token directly (for tests and the binary), valid for the configured time.
    pub(crate) fn mint(&mut self, creds: &Credentials, clock: &Clock) -> String {
        self.counter += 1;
        let token = format!("fake-token-{}-{}", self.counter, crate::random_hex());
        self.issued
            .insert(token.clone(), clock.now() + creds.token_lifetime);
        token
    }

    /// Whether a bearer token is valid now.
    pub(crate) fn valid(&self, creds: &Credentials, clock: &Clock, token: &str) -> bool {
        if creds.static_token.as_deref() == Some(token) {
            return true;
        }
        self.issued
            .get(token)
            .is_some_and(|expires| clock.now() < *expires)
    }

    /// Forgets every issued token.
    pub(crate) fn revoke_all(&mut self) {
        self.issued.clear();
    }
}

/// The bearer token of an `Authorization` header value.
pub(crate) fn bearer(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}
