//! Servers on loopback written with tokio alone, for what no well-behaved server does: a
//! body without end, a `Content-Length` of a terabyte, TLS with a certificate from a CA
//! of the test's own. Each counts the connections it accepts, so that a test can tell how
//! often the client tried.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{crypto, ServerConfig};
use tokio_rustls::TlsAcceptor;

/// The most any of these servers writes on one connection: 2 GiB, far past every limit
/// under test, so that a client that does not stop is caught and the server still ends.
pub const MAX_WRITTEN: u64 = 2 << 30;

/// A server's address and the connections it accepted so far.
pub struct Server {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
}

impl Server {
    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// `http://{addr}/api` (or `https://`).
    pub fn api_url(&self, scheme: &str) -> String {
        format!("{scheme}://{}/api", self.addr)
    }
}

/// What a server writes after reading a request's head: a response, and then perhaps
/// more without end.
#[derive(Clone, Copy)]
pub enum Answer {
    /// A complete `200` response with this JSON body.
    Json(&'static str),
    /// `status` with `Transfer-Encoding: chunked`, then chunks of 16 KiB until the client
    /// goes away (or [`MAX_WRITTEN`]).
    EndlessChunks(u16),
    /// `200` with this many bytes in chunks of `chunk` bytes: `[` and `]` around spaces.
    Chunked { length: usize, chunk: usize },
    /// `200` with this `Content-Length`, then bytes until the client goes away.
    ContentLength(u64),
}

/// Reads up to the end of a request's head (the body of the requests under test is
/// empty). What is not HTTP (a TLS handshake) gets a `400`, as from any HTTP server.
async fn read_head(stream: &mut (impl AsyncRead + AsyncWrite + Unpin)) -> bool {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if !head[0].is_ascii_uppercase() {
            let _ = stream
                .write_all(
                    b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
                .await;
            return false;
        }
        if head.len() > 1 << 20 {
            return false;
        }
    }
    true
}

async fn answer(stream: &mut (impl AsyncWrite + Unpin), answer: Answer) -> std::io::Result<()> {
    match answer {
        Answer::Json(body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(body.as_bytes()).await?;
        }
        Answer::EndlessChunks(status) => {
            let head = format!(
                "HTTP/1.1 {status} Whatever\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            let mut chunk = b"4000\r\n".to_vec();
            chunk.extend(std::iter::repeat_n(b' ', 0x4000));
            chunk.extend_from_slice(b"\r\n");
            let mut written = 0u64;
            while written < MAX_WRITTEN {
                stream.write_all(&chunk).await?;
                written += 0x4000;
            }
        }
        Answer::Chunked { length, chunk } => {
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                .await?;
            let mut body = vec![b' '; length];
            if length >= 2 {
                body[0] = b'[';
                body[length - 1] = b']';
            }
            for part in body.chunks(chunk.max(1)) {
                stream
                    .write_all(format!("{:x}\r\n", part.len()).as_bytes())
                    .await?;
                stream.write_all(part).await?;
                stream.write_all(b"\r\n").await?;
            }
            stream.write_all(b"0\r\n\r\n").await?;
        }
        Answer::ContentLength(length) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            let block = vec![b' '; 0x4000];
            let mut written = 0u64;
            while written < length.min(MAX_WRITTEN) {
                stream.write_all(&block).await?;
                written += 0x4000;
            }
        }
    }
    stream.flush().await
}

/// A plain HTTP server that gives every request `response`.
pub async fn http(response: Answer) -> Server {
    serve(response, None).await
}

/// A TLS server (its certificate signed by `ca`) that gives every request `response`.
pub async fn https(response: Answer, ca: &Ca) -> Server {
    serve(response, Some(ca.acceptor.clone())).await
}

async fn serve(response: Answer, tls: Option<TlsAcceptor>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            let tls = tls.clone();
            tokio::spawn(async move {
                match tls {
                    None => {
                        if read_head(&mut stream).await {
                            let _ = answer(&mut stream, response).await;
                        }
                    }
                    Some(acceptor) => {
                        if let Ok(mut stream) = acceptor.accept(stream).await {
                            if read_head(&mut stream).await {
                                let _ = answer(&mut stream, response).await;
                                let _ = stream.shutdown().await;
                            }
                        }
                    }
                }
            });
        }
    });
    Server { addr, connections }
}

/// A CA of the test's own, and the TLS side of a server whose certificate (for
/// `127.0.0.1` and `localhost`) it signed.
pub struct Ca {
    /// The CA's certificate, PEM.
    pub pem: String,
    acceptor: TlsAcceptor,
}

impl Ca {
    /// A new CA and server certificate.
    pub fn new() -> Self {
        use rcgen::{
            BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
            KeyPair, KeyUsagePurpose,
        };
        let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        // A name of its own: a TLS library looks a CA up by name, and two of one name
        // would be taken for each other.
        static MADE: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "halopsa-runtime test CA {} {}",
            std::process::id(),
            MADE.fetch_add(1, Ordering::SeqCst)
        );
        ca.distinguished_name.push(DnType::CommonName, name);
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_key = KeyPair::generate().expect("CA key");
        let ca_cert = ca.self_signed(&ca_key).expect("CA certificate");
        let issuer = Issuer::new(ca, ca_key);
        let mut leaf = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .expect("server params");
        leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let leaf_key = KeyPair::generate().expect("server key");
        let leaf_cert = leaf
            .signed_by(&leaf_key, &issuer)
            .expect("server certificate");
        let key = PrivateKeyDer::try_from(leaf_key.serialize_der()).expect("key");
        let config =
            ServerConfig::builder_with_provider(Arc::new(crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .expect("versions")
                .with_no_client_auth()
                .with_single_cert(vec![CertificateDer::from(leaf_cert.der().to_vec())], key)
                .expect("server config");
        Ca {
            pem: ca_cert.pem(),
            acceptor: TlsAcceptor::from(Arc::new(config)),
        }
    }

    /// Writes the CA's PEM to a file of its own under the system's temporary directory.
    pub fn write(&self, name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("halopsa-runtime-tls-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary directory");
        let path = dir.join("ca.pem");
        std::fs::write(&path, &self.pem).expect("CA file");
        path
    }
}
