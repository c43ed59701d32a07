//! The TLS backend and the certificates a client trusts: the operating system's (and so
//! `SSL_CERT_FILE` / `SSL_CERT_DIR` where the platform reads them), plus the CA files a
//! user adds (a company's own CA, an on-premise instance's).
//!
//! The backend is a cargo feature: `native-tls` (the default: OpenSSL on Linux, SChannel
//! on Windows, Security.framework on macOS) or `rustls` (rustls with ring, and the
//! system's certificates read by `rustls-native-certs`). With both, rustls is used: it
//! can only have been asked for on purpose.

use crate::Error;
use std::path::PathBuf;
use std::sync::Arc;

/// The name of the backend compiled in, for messages and `Debug`.
pub(crate) const BACKEND: &str = if cfg!(feature = "rustls") {
    "rustls"
} else if cfg!(feature = "native-tls") {
    "native-tls"
} else {
    "none"
};

/// Whether a TLS backend is compiled in (without one, only `http://` URLs work).
pub(crate) const HAS_TLS: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

/// CA certificates to trust besides the system's.
#[derive(Clone)]
pub(crate) enum Ca {
    /// A PEM file, read when the client is built.
    File(PathBuf),
    /// PEM text.
    Pem(Arc<[u8]>),
}

impl std::fmt::Debug for Ca {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ca::File(path) => write!(f, "{}", path.display()),
            Ca::Pem(pem) => write!(f, "<PEM, {} bytes>", pem.len()),
        }
    }
}

impl Ca {
    /// Where it comes from, for messages.
    fn origin(&self) -> String {
        match self {
            Ca::File(path) => format!("the CA file {}", path.display()),
            Ca::Pem(_) => "the CA PEM given to add_ca_pem".to_owned(),
        }
    }
}

/// Applies the backend and the CAs to a reqwest builder. A CA file that cannot be read,
/// or a CA that holds no PEM certificate, is an [`Error::Config`] naming it.
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
    cas: &[Ca],
) -> Result<reqwest::ClientBuilder, Error> {
    #[cfg(feature = "rustls")]
    let builder = builder.use_rustls_tls();
    #[cfg(all(feature = "native-tls", not(feature = "rustls")))]
    let builder = builder.use_native_tls();
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    {
        let mut builder = builder;
        for ca in cas {
            for certificate in read_ca(ca)? {
                builder = builder.add_root_certificate(certificate);
            }
        }
        Ok(builder)
    }
    #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
    match cas.first() {
        None => Ok(builder),
        Some(ca) => Err(Error::Config(format!(
            "{} is set but no TLS backend is compiled in: \
             turn on the `native-tls` or `rustls` feature of halopsa",
            ca.origin()
        ))),
    }
}

/// The certificates of a PEM file or text (one or several `BEGIN CERTIFICATE` blocks).
#[cfg(any(feature = "rustls", feature = "native-tls"))]
fn read_ca(ca: &Ca) -> Result<Vec<reqwest::Certificate>, Error> {
    let read;
    let bytes: &[u8] = match ca {
        Ca::File(path) => {
            read = std::fs::read(path).map_err(|e| {
                Error::Config(format!("cannot read the CA file {}: {e}", path.display()))
            })?;
            &read
        }
        Ca::Pem(pem) => pem,
    };
    let certificates = reqwest::Certificate::from_pem_bundle(bytes)
        .map_err(|e| Error::Config(format!("{} is not PEM certificates: {e}", ca.origin())))?;
    if certificates.is_empty() {
        return Err(Error::Config(format!(
            "{} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            ca.origin()
        )));
    }
    Ok(certificates)
}

/// Refuses an `https://` URL when no TLS backend is compiled in, rather than failing at
/// the first call.
pub(crate) fn check_scheme(what: &str, url: &reqwest::Url) -> Result<(), Error> {
    if url.scheme() == "https" && !HAS_TLS {
        return Err(Error::Config(format!(
            "the {what} `{url}` is https, but no TLS backend is compiled in: \
             turn on the `native-tls` or `rustls` feature of halopsa"
        )));
    }
    Ok(())
}
