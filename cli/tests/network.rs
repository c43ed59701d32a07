//! The `halopsa` binary on the networks of on-premise instances and companies, against the
//! fake Halo over TLS with a CA of its own: a certificate it does not trust fails at once
//! (one connection) saying what to do; the CA from `HALOPSA_CA_FILE`, the profile's
//! `ca_file` or `SSL_CERT_FILE` is trusted; `HTTPS_PROXY` and `HTTP_PROXY` are used (through
//! pproxy, a proxy we did not write) and `NO_PROXY` is honoured; bodies in and out are
//! held to the size limit.

use assert_cmd::Command;
use halopsa_fake::FakeHalo;
use predicates::prelude::*;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

const CLIENT_ID: &str = "cli-net-client";
const SECRET: &str = "cli-net-secret-5d1e";

/// A fake Halo served by its own runtime while the test runs the binary.
struct Fake {
    fake: FakeHalo,
    _runtime: tokio::runtime::Runtime,
}

impl std::ops::Deref for Fake {
    type Target = FakeHalo;
    fn deref(&self) -> &FakeHalo {
        &self.fake
    }
}

fn fake(tls: bool) -> Fake {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let builder = FakeHalo::builder().client_credentials(CLIENT_ID, SECRET);
    let builder = if tls { builder.tls() } else { builder };
    let fake = runtime.block_on(builder.start()).expect("the fake starts");
    Fake {
        fake,
        _runtime: runtime,
    }
}

/// A directory of this test's own under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("halopsa-cli-net-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

/// `halopsa` configured for the fake through the environment, and nothing of the machine's
/// own: no HALOPSA_* variable, no config file, no proxy, no SSL_CERT_* variable.
fn halopsa(fake: &FakeHalo) -> Command {
    let mut cmd = Command::cargo_bin("halopsa").expect("the binary");
    for (name, _) in std::env::vars() {
        let upper = name.to_ascii_uppercase();
        if name.starts_with("HALOPSA_")
            || upper.ends_with("_PROXY")
            || name.starts_with("SSL_CERT_")
        {
            cmd.env_remove(name);
        }
    }
    cmd.env(
        "HALOPSA_CONFIG",
        "/nonexistent/halopsa-cli-test/config.toml",
    )
    .env("HALOPSA_HOST", fake.base_url())
    .env("HALOPSA_CLIENT_ID", CLIENT_ID)
    .env("HALOPSA_CLIENT_SECRET", SECRET)
    .timeout(Duration::from_secs(60));
    cmd
}

fn write_ca(fake: &FakeHalo, dir: &Path) -> PathBuf {
    let path = dir.join("ca.pem");
    std::fs::write(&path, fake.ca_pem().expect("a generated CA")).unwrap();
    path
}

#[test]
fn a_certificate_not_trusted_fails_at_once_saying_what_to_do() {
    let fake = fake(true);
    let before = fake.connections();
    halopsa(&fake)
        .args(["tickets", "list"])
        .assert()
        .code(6)
        .stderr(
            predicate::str::contains("the server's certificate is not trusted")
                .and(predicate::str::contains("HALOPSA_CA_FILE"))
                .and(predicate::str::contains("retrying").not()),
        );
    assert_eq!(fake.connections() - before, 1, "one connection, no retry");
}

#[test]
fn the_ca_from_the_environment_the_profile_or_ssl_cert_file_is_trusted() {
    let fake = fake(true);
    let dir = scratch("ca");
    let ca = write_ca(&fake, &dir);
    halopsa(&fake)
        .env("HALOPSA_CA_FILE", &ca)
        .args(["tickets", "list"])
        .assert()
        .success()
        .stdout("[]\n");
    // SSL_CERT_FILE: the system's TLS library reads it (OpenSSL on Linux).
    halopsa(&fake)
        .env("SSL_CERT_FILE", &ca)
        .args(["tickets", "list"])
        .assert()
        .success()
        .stdout("[]\n");
    // The profile's ca_file, relative to the config file.
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.onprem]\nhost = \"{}\"\nclient_id = \"{CLIENT_ID}\"\nclient_secret_env = \"ONPREM_SECRET\"\nca_file = \"ca.pem\"\nmax_response_bytes = 1000000\n",
            fake.base_url()
        ),
    )
    .unwrap();
    let profile = || {
        let mut cmd = halopsa(&fake);
        cmd.env_remove("HALOPSA_HOST")
            .env_remove("HALOPSA_CLIENT_ID")
            .env_remove("HALOPSA_CLIENT_SECRET")
            .env("HALOPSA_CONFIG", &config)
            .env("ONPREM_SECRET", SECRET)
            .args(["--profile", "onprem"]);
        cmd
    };
    profile()
        .args(["tickets", "list"])
        .assert()
        .success()
        .stdout("[]\n");
    profile()
        .args(["config", "show"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(format!(
                "ca file      {} (from the profile's `ca_file`)",
                ca.display()
            ))
            .and(predicate::str::contains(
                "max body     1000000 bytes (from the profile's `max_response_bytes`)",
            )),
        );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bodies_in_and_out_are_held_to_the_limit() {
    let fake = fake(false);
    for n in 0..5 {
        fake.insert(
            "Tickets",
            serde_json::json!({"summary": format!("ticket {n} with a long enough summary")}),
        )
        .unwrap();
    }
    // An answer over the limit (the token's answer is under it).
    halopsa(&fake)
        .env("HALOPSA_MAX_RESPONSE_BYTES", "300")
        .args(["tickets", "list"])
        .assert()
        .code(6)
        .stderr(predicate::str::contains(
            "larger than the limit of 300 bytes",
        ));
    halopsa(&fake)
        .env("HALOPSA_MAX_RESPONSE_BYTES", "a lot")
        .args(["tickets", "list"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("HALOPSA_MAX_RESPONSE_BYTES"));

    // A body on standard input that never ends: refused at the limit, nothing sent.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("halopsa"))
        .env(
            "HALOPSA_CONFIG",
            "/nonexistent/halopsa-cli-test/config.toml",
        )
        .env("HALOPSA_HOST", fake.base_url())
        .env("HALOPSA_CLIENT_ID", CLIENT_ID)
        .env("HALOPSA_CLIENT_SECRET", SECRET)
        .env("HALOPSA_MAX_RESPONSE_BYTES", "1048576")
        .args(["tickets", "create", "--body", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // Until the reader stops reading (a broken pipe), at most 1 GiB.
        let block = vec![b' '; 64 << 10];
        let mut written = 0usize;
        while written < 1 << 30 && stdin.write_all(&block).is_ok() {
            written += block.len();
        }
        written
    });
    let status = child.wait().unwrap();
    let written = writer.join().unwrap();
    let mut stderr = String::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        stderr.push_str(&line.unwrap());
        stderr.push('\n');
    }
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--body -: longer than the limit of 1048576 bytes"),
        "{stderr}"
    );
    assert!(
        written < 1 << 30,
        "the reader stopped: {written} bytes written"
    );
    assert!(fake.requests_of("createTickets").is_empty());
}

/// pproxy on a free port of loopback, and its log (`http 127.0.0.1:… -> host:port` for
/// each connection it makes).
struct Proxy {
    child: std::process::Child,
    url: String,
    log: std::sync::mpsc::Receiver<String>,
}

impl Proxy {
    fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut child = std::process::Command::new("python3")
            .args(["-m", "pproxy", "-l"])
            .arg(format!("http://127.0.0.1:{port}"))
            .arg("-v")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let (send, log) = std::sync::mpsc::channel();
        for out in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let send = send.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    let _ = send.send(line);
                }
            });
        }
        // Ready when it accepts connections; gone when it exits (not installed).
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Proxy {
                    child,
                    url: format!("http://127.0.0.1:{port}"),
                    log,
                };
            }
            if let Ok(Some(status)) = child.try_wait() {
                let said: Vec<String> = log.try_iter().collect();
                panic!(
                    "pproxy exited ({status}): {}\ninstall it: python3 -m pip install pproxy (.ci/run does)",
                    said.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("pproxy did not start listening on port {port}");
    }

    /// What it has logged so far.
    fn said(&self) -> String {
        self.log.try_iter().collect::<Vec<_>>().join("\n")
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn proxies_from_the_environment_are_used_and_no_proxy_is_honoured() {
    let proxy = Proxy::start();
    let tls = fake(true);
    let dir = scratch("proxy");
    let ca = write_ca(&tls, &dir);
    let tls_port = tls.addr().port();
    // HTTPS through the proxy (CONNECT).
    halopsa(&tls)
        .env("HALOPSA_CA_FILE", &ca)
        .env("HTTPS_PROXY", &proxy.url)
        .args(["tickets", "list"])
        .assert()
        .success()
        .stdout("[]\n");
    // Plain HTTP through the proxy.
    let plain = fake(false);
    halopsa(&plain)
        .env("HTTP_PROXY", &proxy.url)
        .args(["tickets", "list"])
        .assert()
        .success()
        .stdout("[]\n");
    // The log is written as connections are made; it may lag the answer a little.
    let mut said = String::new();
    for _ in 0..100 {
        said.push_str(&proxy.said());
        said.push('\n');
        if said.contains(&format!("-> 127.0.0.1:{}", plain.addr().port())) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        said.contains(&format!("-> 127.0.0.1:{tls_port}")),
        "the proxy carried the HTTPS requests:\n{said}"
    );
    assert!(
        said.contains(&format!("-> 127.0.0.1:{}", plain.addr().port())),
        "the proxy carried the HTTP requests:\n{said}"
    );
    // With the proxy gone, the same settings fail; NO_PROXY goes around it.
    let url = proxy.url.clone();
    drop(proxy);
    halopsa(&tls)
        .env("HALOPSA_CA_FILE", &ca)
        .env("HTTPS_PROXY", &url)
        .args(["--max-attempts", "1", "tickets", "list"])
        .assert()
        .code(6);
    halopsa(&tls)
        .env("HALOPSA_CA_FILE", &ca)
        .env("HTTPS_PROXY", &url)
        .env("NO_PROXY", "127.0.0.1")
        .args(["tickets", "list"])
        .assert()
        .success()
        .stdout("[]\n");
    let _ = std::fs::remove_dir_all(dir);
}
