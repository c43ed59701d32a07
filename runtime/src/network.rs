//! Network failures that waiting does not fix: a server certificate the client does not
//! trust, a TLS handshake that fails, a host name that does not exist. The transport
//! fails these at once instead of retrying them, with a message that says what to fix.
//!
//! reqwest keeps the cause of a failure in its error's source chain: the TLS library's own
//! error (whichever backend is compiled in) or the resolver's. An `std::io::Error` hides
//! the error it wraps from that chain, so each one is opened with `get_ref`.

use std::error::Error as StdError;

/// What went wrong in a TLS connection, for [`crate::Error::Tls`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TlsProblem {
    /// The server's certificate was refused: signed by a CA the client does not trust
    /// (a company's own CA), self-signed, expired, or for another host name.
    Certificate,
    /// The handshake failed for another reason: the server does not speak TLS on that
    /// port (an `https://` URL for a plain HTTP server), no protocol version or cipher in
    /// common, or the server refused the connection with an alert.
    Handshake,
}

/// Every error of the chain that starts at `error`, and the errors `std::io::Error`s wrap
/// (hyper-rustls wraps tokio-rustls's `io::Error`, which wraps rustls's error, in another).
fn causes<'a>(error: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut causes = Vec::new();
    let mut next = Some(error);
    while let Some(cause) = next {
        causes.push(cause);
        // An `io::Error`'s source is its inner error's source: go through the inner one.
        next = match cause
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => cause.source(),
        };
    }
    causes
}

/// The TLS problem that `error` comes from, if it is one that retrying does not fix, and
/// the TLS library's words for it. An I/O failure during the handshake (the connection
/// reset or closed early) is not one: it is retried as any failed connection.
pub(crate) fn tls_problem(error: &(dyn StdError + 'static)) -> Option<(TlsProblem, String)> {
    causes(error).into_iter().find_map(|cause| {
        #[cfg(feature = "rustls")]
        if let Some(problem) = rustls_problem(cause) {
            return Some((problem, cause.to_string()));
        }
        #[cfg(feature = "native-tls")]
        if let Some(problem) = native_tls_problem(cause) {
            return Some((problem, cause.to_string()));
        }
        let _ = cause;
        None
    })
}

/// Whether `error` is an answer that is not HTTP at all (an `http://` URL for a TLS
/// server, another protocol on that port): sending it again gets the same answer.
pub(crate) fn is_not_http(error: &(dyn StdError + 'static)) -> bool {
    causes(error).into_iter().any(|cause| {
        cause
            .downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_parse)
    })
}

#[cfg(feature = "rustls")]
fn rustls_problem(cause: &(dyn StdError + 'static)) -> Option<TlsProblem> {
    use rustls_crate::Error;
    Some(match cause.downcast_ref::<Error>()? {
        Error::InvalidCertificate(_)
        | Error::NoCertificatesPresented
        | Error::InvalidCertRevocationList(_) => TlsProblem::Certificate,
        _ => TlsProblem::Handshake,
    })
}

#[cfg(feature = "native-tls")]
fn native_tls_problem(cause: &(dyn StdError + 'static)) -> Option<TlsProblem> {
    let error = cause.downcast_ref::<native_tls_crate::Error>()?;
    // The connection failed under the handshake: not a TLS problem.
    if causes(error)
        .iter()
        .any(|c| c.downcast_ref::<std::io::Error>().is_some())
    {
        return None;
    }
    let text = error.to_string().to_ascii_lowercase();
    // OpenSSL 3's name for a connection closed during the handshake.
    if text.contains("unexpected eof") {
        return None;
    }
    // OpenSSL: "certificate verify failed (unable to get local issuer certificate)";
    // SChannel and Security.framework name the certificate too.
    Some(if text.contains("certificate") {
        TlsProblem::Certificate
    } else {
        TlsProblem::Handshake
    })
}

/// What resolvers say of a name that does not exist (as opposed to a resolver that cannot
/// be reached, "Temporary failure in name resolution", which is retried): glibc, musl,
/// macOS and Windows.
const UNKNOWN_HOST: [&str; 5] = [
    "Name or service not known",
    "No address associated with hostname",
    "Name does not resolve",
    "nodename nor servname provided, or not known",
    "No such host is known",
];

/// Whether `error` comes from a host name that does not exist (a typo in the host or
/// tenant): the resolver's answer is final.
pub(crate) fn is_unknown_host(error: &(dyn StdError + 'static)) -> bool {
    causes(error).into_iter().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some() && {
            let text = cause.to_string();
            UNKNOWN_HOST.iter().any(|known| text.contains(known))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error with a source, as hyper-util's `ConnectError` is.
    #[derive(Debug)]
    struct Wrapper(&'static str, std::io::Error);

    impl std::fmt::Display for Wrapper {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl StdError for Wrapper {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.1)
        }
    }

    #[test]
    fn unknown_hosts_are_told_from_resolvers_that_may_recover() {
        let dns = |text: &str| Wrapper("dns error", std::io::Error::other(text.to_owned()));
        for text in [
            "failed to lookup address information: Name or service not known",
            "failed to lookup address information: nodename nor servname provided, or not known",
            "No such host is known. (os error 11001)",
        ] {
            assert!(is_unknown_host(&dns(text)), "{text}");
        }
        for text in [
            "failed to lookup address information: Temporary failure in name resolution",
            "failed to lookup address information: Try again",
            "connection refused",
        ] {
            assert!(!is_unknown_host(&dns(text)), "{text}");
        }
        // Only the resolver's own error counts, not a message that quotes it.
        let quoted = Wrapper(
            "Name or service not known",
            std::io::Error::other("refused"),
        );
        assert!(!is_unknown_host(&quoted));
    }

    #[test]
    fn io_errors_within_io_errors_are_opened() {
        let nested = std::io::Error::other(std::io::Error::other(Wrapper(
            "innermost",
            std::io::Error::other("Name or service not known"),
        )));
        assert!(is_unknown_host(&nested));
    }

    #[test]
    fn io_errors_are_opened() {
        let wrapped = std::io::Error::other(Wrapper(
            "outer",
            std::io::Error::other("Name or service not known"),
        ));
        assert!(is_unknown_host(&wrapped));
        assert_eq!(tls_problem(&wrapped), None);
        assert!(!is_not_http(&wrapped));
    }
}
