//! TLS for the fake, so that clients are tested over `https://` as against an on-premise
//! Halo: a certificate for `127.0.0.1`, `localhost` (and the bound address) signed by a CA
//! made at start, whose PEM clients are given to trust; or a certificate and key given as
//! PEM. Connections are accepted over TCP and their handshakes run in tasks of their own,
//! so that a client that never finishes its handshake holds up no other.

use crate::Error;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{crypto, ServerConfig};
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

/// How long a client may take over its handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the server's certificate comes from.
#[derive(Clone)]
pub(crate) enum Source {
    /// Made at start, with a CA of its own.
    Generate,
    /// A certificate chain and its private key, PEM.
    Pem { chain: Vec<u8>, key: Vec<u8> },
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Generate => f.write_str("Generate"),
            Source::Pem { .. } => f.write_str("Pem { <certificate and key> }"),
        }
    }
}

/// The server's side of TLS: what it answers handshakes with, and the CA that clients
/// trust when the certificate was made here.
pub(crate) struct Server {
    pub(crate) acceptor: TlsAcceptor,
    /// The PEM of the CA that signed a generated certificate.
    pub(crate) ca_pem: Option<String>,
}

fn tls_error(what: &str) -> impl Fn(String) -> Error + '_ {
    move |e| Error::Tls(format!("{what}: {e}"))
}

/// The TLS server for `source`, on `bound` (whose address a generated certificate names).
pub(crate) fn server(source: &Source, bound: IpAddr) -> Result<Server, Error> {
    let (chain, key, ca_pem) = match source {
        Source::Generate => generate(bound)?,
        Source::Pem { chain, key } => {
            let chain = CertificateDer::pem_slice_iter(chain)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| tls_error("the certificate is not PEM")(e.to_string()))?;
            if chain.is_empty() {
                return Err(Error::Tls(
                    "the certificate file holds no PEM certificate".to_owned(),
                ));
            }
            let key = PrivateKeyDer::from_pem_slice(key)
                .map_err(|e| tls_error("the key is not a PEM private key")(e.to_string()))?;
            (chain, key, None)
        }
    };
    let provider = Arc::new(crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error("no TLS version")(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| tls_error("the certificate and key do not go together")(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Server {
        acceptor: TlsAcceptor::from(Arc::new(config)),
        ca_pem,
    })
}

/// A CA, and a server certificate it signs for `127.0.0.1`, `::1`, `localhost` and `bound`.
fn generate(
    bound: IpAddr,
) -> Result<
    (
        Vec<CertificateDer<'static>>,
        PrivateKeyDer<'static>,
        Option<String>,
    ),
    Error,
> {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
        KeyPair, KeyUsagePurpose,
    };
    let failed = |e: rcgen::Error| tls_error("cannot make a certificate")(e.to_string());
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(failed)?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    // A name of its own: a TLS library looks a CA up by name, and the CAs of two fakes
    // trusted at once would be taken for each other.
    ca.distinguished_name.push(
        DnType::CommonName,
        format!("halopsa-fake test CA {}", crate::random_hex()),
    );
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_key = KeyPair::generate().map_err(failed)?;
    let ca_cert = ca.self_signed(&ca_key).map_err(failed)?;
    let issuer = Issuer::new(ca, ca_key);

    let mut names = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    if !bound.is_unspecified() && !bound.is_loopback() {
        names.push(bound.to_string());
    }
    let mut leaf = CertificateParams::new(names).map_err(failed)?;
    leaf.distinguished_name
        .push(DnType::CommonName, "halopsa-fake");
    leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf_key = KeyPair::generate().map_err(failed)?;
    let leaf_cert = leaf.signed_by(&leaf_key, &issuer).map_err(failed)?;
    let key = PrivateKeyDer::try_from(leaf_key.serialize_der())
        .map_err(|e| tls_error("cannot use the generated key")(e.to_owned()))?;
    Ok((vec![leaf_cert.der().clone()], key, Some(ca_cert.pem())))
}

/// A listener for axum that hands over connections whose TLS handshake is done.
pub(crate) struct Listener {
    handshaken: tokio::sync::mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    addr: SocketAddr,
}

/// Accepts TCP connections on `tcp` (counting them in `connections`) and handshakes each
/// in a task of its own, until the returned listener is dropped.
pub(crate) fn listen(
    tcp: TcpListener,
    acceptor: TlsAcceptor,
    connections: Arc<AtomicU64>,
) -> Result<Listener, Error> {
    let addr = tcp.local_addr().map_err(Error::Bind)?;
    let (done, handshaken) = tokio::sync::mpsc::channel(64);
    tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                () = done.closed() => return,
                accepted = tcp.accept() => accepted,
            };
            let Ok((stream, peer)) = accepted else {
                // Out of file descriptors and the like: wait a little, as axum does.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            };
            connections.fetch_add(1, Ordering::Relaxed);
            let acceptor = acceptor.clone();
            let done = done.clone();
            tokio::spawn(async move {
                let handshake = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream));
                // A failed handshake (a client that does not trust the CA) is the client's
                // business: the connection is closed.
                if let Ok(Ok(stream)) = handshake.await {
                    let _ = done.send((stream, peer)).await;
                }
            });
        }
    });
    Ok(Listener { handshaken, addr })
}

impl axum::serve::Listener for Listener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.handshaken.recv().await {
            Some(connection) => connection,
            // The accepting task ends only when this listener is dropped.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.addr)
    }
}
