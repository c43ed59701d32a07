//! [`Client`]: sends [`Request`]s to a Halo instance.

use crate::request::{Body, Request};
use crate::Error;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// A connection to one Halo instance's API. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    token: String,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("token", &"<redacted>")
            .finish()
    }
}

impl Client {
    /// A client for the API at `base_url` (`https://tenant.halopsa.com/api`) that sends
    /// `token` as a bearer token.
    pub fn new(base_url: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            inner: Arc::new(Inner {
                http: reqwest::Client::new(),
                base_url: base_url.into().trim_end_matches('/').to_owned(),
                token: token.into(),
            }),
        }
    }

    /// The API base URL.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request and decodes the JSON response as `T`.
    pub async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        let body = self.send_bytes(request).await?;
        crate::decode::decode_json(&body)
    }

    /// Sends a request and returns the response body.
    pub async fn send_bytes(&self, request: Request) -> Result<Vec<u8>, Error> {
        let url = format!("{}{}", self.inner.base_url, request.path);
        let mut builder = self
            .inner
            .http
            .request(request.method, url)
            .bearer_auth(&self.inner.token)
            .header(reqwest::header::ACCEPT, "application/json");
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        builder = match request.body {
            Body::Empty => builder,
            Body::Json(bytes) => builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(bytes),
            Body::Multipart(fields) => {
                let form = fields
                    .into_iter()
                    .fold(reqwest::multipart::Form::new(), |form, (k, v)| {
                        form.text(k, v)
                    });
                builder.multipart(form)
            }
        };
        let response = builder.send().await?;
        let status = response.status();
        let bytes = response.bytes().await?;
        if !status.is_success() {
            return Err(Error::api(
                status,
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
        Ok(bytes.to_vec())
    }
}
