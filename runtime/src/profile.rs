//! Connection settings shared by every program built on the SDK (the `halopsa` command
//! line, the `halopsa-mcp` server, yours): from a named profile of the config file, or from
//! the same environment variables as [`Client::from_env`](crate::Client::from_env), with
//! flags over either. Behind the `profiles` feature; with `clap` too, [`Flags`] is a
//! `clap::Args` group a command line flattens into its own.
//!
//! Which source is used, first match:
//! 1. the profile named by `--profile` or `HALOPSA_PROFILE` (the `HALOPSA_*` connection
//!    variables are then not read: a named profile is that tenant, whatever the shell
//!    has set);
//! 2. the environment, when any `HALOPSA_*` connection variable is set;
//! 3. the config file's `default_profile`.
//!
//! Then the flags: `--tenant`, `--host` or `--api-url` replace the instance as a whole
//! (the source's tenant, host, API and auth URLs), `--auth-url`, `--oauth-client-id`
//! and `--oauth-scope` replace that one setting.
//!
//! The network settings apply whatever the source: the CAs to trust are the profile's
//! `ca_file` and `HALOPSA_CA_FILE` (both, when both are set: trusting one more CA cannot
//! break a connection), and the largest body held in memory is `HALOPSA_MAX_RESPONSE_BYTES`,
//! else the profile's `max_response_bytes`, else 256 MiB. Proxies come from
//! `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`, read by the HTTP client itself. Secrets are never taken as flags (they would be in
//! the shell's history and the process list): they come from the environment or the
//! profile (inline, from a variable it names, or from a command's output). No secret is
//! ever printed: `config show`, `--verbose` and `--dry-run` say where it comes from.

use crate::Error;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use crate::config::{
    DEFAULT_MAX_RESPONSE_BYTES as DEFAULT_MAX_BODY_BYTES, ENV_API_URL, ENV_AUTH_URL, ENV_CA_FILE,
    ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_HOST, ENV_MAX_RESPONSE_BYTES, ENV_SCOPE, ENV_TENANT,
    ENV_TOKEN,
};
/// The profile to use.
pub const ENV_PROFILE: &str = "HALOPSA_PROFILE";
/// The config file, instead of `~/.config/halopsa/config.toml`.
pub const ENV_CONFIG: &str = "HALOPSA_CONFIG";

/// The variables that make the environment the source (the SDK's, but the scope).
const CONNECTION_VARIABLES: &[&str] = &[
    ENV_TENANT,
    ENV_HOST,
    ENV_API_URL,
    ENV_AUTH_URL,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    ENV_TOKEN,
];

/// Reads an environment variable: unset and empty (after trimming) are the same, as for
/// the SDK.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process's environment.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The connection flags of the command line.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct Flags {
    /// The profile of the config file to use (or HALOPSA_PROFILE).
    #[cfg_attr(
        feature = "clap",
        arg(long, global = true, value_name = "NAME", help_heading = "Connection")
    )]
    pub profile: Option<String>,
    /// A hosted tenant (instead of the profile's or environment's instance).
    #[cfg_attr(
        feature = "clap",
        arg(
            long,
            global = true,
            value_name = "TENANT",
            help_heading = "Connection",
            help = "A hosted tenant: https://TENANT.halopsa.com (instead of the profile's or environment's instance)"
        )
    )]
    pub tenant: Option<String>,
    /// Any other instance, by host name or base URL (instead of the profile's or environment's).
    #[cfg_attr(
        feature = "clap",
        arg(long, global = true, value_name = "HOST", help_heading = "Connection")
    )]
    pub host: Option<String>,
    /// The API URL.
    #[cfg_attr(
        feature = "clap",
        arg(
            long,
            global = true,
            value_name = "URL",
            help_heading = "Connection",
            help = "The API URL (https://HOST/api by default)"
        )
    )]
    pub api_url: Option<String>,
    /// The auth URL.
    #[cfg_attr(
        feature = "clap",
        arg(
            long,
            global = true,
            value_name = "URL",
            help_heading = "Connection",
            help = "The auth URL; tokens come from URL/token (https://HOST/auth by default)"
        )
    )]
    pub auth_url: Option<String>,
    /// The OAuth2 client id of the API application (the secret comes from
    /// HALOPSA_CLIENT_SECRET or the profile).
    #[cfg_attr(
        feature = "clap",
        arg(
            long = "oauth-client-id",
            global = true,
            value_name = "ID",
            help_heading = "Connection"
        )
    )]
    pub oauth_client_id: Option<String>,
    /// The OAuth2 scope (default all).
    #[cfg_attr(
        feature = "clap",
        arg(
            long = "oauth-scope",
            global = true,
            value_name = "SCOPE",
            help_heading = "Connection"
        )
    )]
    pub oauth_scope: Option<String>,
    /// Seconds one attempt may take (default 60).
    #[cfg_attr(feature = "clap", arg(long, global = true, value_name = "SECONDS", value_parser = parse_seconds, help_heading = "Connection"))]
    pub timeout: Option<Duration>,
    /// Attempts per call, retries of 429, 502, 503, 504 and failed connections included
    /// (default 5; 1 turns retries off).
    #[cfg_attr(feature = "clap", arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), help_heading = "Connection"))]
    pub max_attempts: Option<u32>,
}

#[cfg(feature = "clap")]
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(seconds > 0.0 && seconds.is_finite()) {
        return Err("the timeout must be a positive number of seconds".to_owned());
    }
    Duration::try_from_secs_f64(seconds).map_err(|e| e.to_string())
}

/// One profile of the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    tenant: Option<String>,
    host: Option<String>,
    api_url: Option<String>,
    auth_url: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    client_secret_env: Option<String>,
    client_secret_command: Option<String>,
    scope: Option<String>,
    token: Option<String>,
    token_env: Option<String>,
    token_command: Option<String>,
    /// A PEM file of CAs to trust; a relative path is relative to the config file.
    ca_file: Option<PathBuf>,
    max_response_bytes: Option<u64>,
}

/// The config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// The profile used when none is named and the environment names no instance.
    default_profile: Option<String>,
    /// The profiles, by name.
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

/// Where the config file is: `HALOPSA_CONFIG`, else `$XDG_CONFIG_HOME/halopsa/config.toml`,
/// else `~/.config/halopsa/config.toml` (`%APPDATA%\halopsa\config.toml` on Windows).
pub fn path(env: Env) -> Option<PathBuf> {
    if let Some(path) = env(ENV_CONFIG) {
        return Some(PathBuf::from(path));
    }
    let base = env("XDG_CONFIG_HOME").map(PathBuf::from).or_else(|| {
        if cfg!(windows) {
            env("APPDATA").map(PathBuf::from)
        } else {
            env("HOME").map(|home| Path::new(&home).join(".config"))
        }
    })?;
    Some(base.join("halopsa").join("config.toml"))
}

/// Reads the config file; a file that is not there is an empty one.
pub fn load(path: Option<&Path>) -> Result<(File, bool), Error> {
    let Some(path) = path else {
        return Ok((File::default(), false));
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((File::default(), false)),
        Err(e) => {
            return Err(Error::Config(format!(
                "cannot read the config file {}: {e}",
                path.display()
            )))
        }
    };
    let file: File = toml::from_str(&text).map_err(|e| {
        Error::Config(format!(
            "the config file {} is not valid: {e}",
            path.display()
        ))
    })?;
    Ok((file, true))
}

/// Where a secret comes from; read only when a client is built.
#[derive(Clone)]
pub enum Secret {
    /// The value itself, and where it was found (`HALOPSA_CLIENT_SECRET`).
    Value(String, String),
    /// An environment variable the profile names.
    Env(String),
    /// A command whose output (trimmed) is the secret.
    Command(String),
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.origin())
    }
}

impl Secret {
    /// Where it comes from, in words, without the value.
    pub fn origin(&self) -> String {
        match self {
            Secret::Value(_, from) => from.clone(),
            Secret::Env(name) => format!("the variable {name}"),
            Secret::Command(_) => "the profile's command".to_owned(),
        }
    }

    /// The value: read from its variable or its command's output now.
    fn read(&self, env: Env, what: &str) -> Result<String, Error> {
        match self {
            Secret::Value(value, _) => Ok(value.clone()),
            Secret::Env(name) => env(name).ok_or_else(|| {
                Error::Config(format!(
                    "the {what} is to come from {name}, which is not set"
                ))
            }),
            Secret::Command(command) => run_secret_command(command, what),
        }
    }
}

/// Runs a profile's secret command with the shell; its standard output, trimmed, is the
/// secret. Its output is never shown, not even when it fails.
fn run_secret_command(command: &str, what: &str) -> Result<String, Error> {
    let mut shell = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.arg("/C");
        c
    } else {
        let mut c = std::process::Command::new("sh");
        c.arg("-c");
        c
    };
    let output = shell
        .arg(command)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| Error::Config(format!("cannot run the {what} command: {e}")))?;
    if !output.status.success() {
        return Err(Error::Config(format!(
            "the {what} command failed ({})",
            output.status
        )));
    }
    let value = String::from_utf8(output.stdout)
        .map_err(|_| Error::Config(format!("the {what} command's output is not UTF-8")))?;
    let value = value.trim().to_owned();
    if value.is_empty() {
        return Err(Error::Config(format!("the {what} command printed nothing")));
    }
    Ok(value)
}

/// The settings a client is built from, and where they come from.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    /// Where the settings come from (`profile acme`, `the environment`).
    pub source: String,
    /// The profile's name, when a profile is used.
    pub profile: Option<String>,
    /// The config file, and whether it exists.
    pub file: Option<(PathBuf, bool)>,
    /// The profiles the file has.
    pub profiles: Vec<String>,
    /// Hosted tenant.
    pub tenant: Option<String>,
    /// Host or base URL.
    pub host: Option<String>,
    /// API URL.
    pub api_url: Option<String>,
    /// Auth URL.
    pub auth_url: Option<String>,
    /// OAuth2 client id.
    pub client_id: Option<String>,
    /// OAuth2 client secret.
    pub client_secret: Option<Secret>,
    /// Static bearer token.
    pub token: Option<Secret>,
    /// OAuth2 scope.
    pub scope: Option<String>,
    /// Per-attempt timeout.
    pub timeout: Option<Duration>,
    /// Attempts per call.
    pub max_attempts: Option<u32>,
    /// CA files to trust besides the system's certificates, and where each comes from.
    pub ca_files: Vec<(PathBuf, String)>,
    /// The largest response body (and `--body` input) held in memory, and where it comes
    /// from; `None`: [`DEFAULT_MAX_BODY_BYTES`].
    pub max_response_bytes: Option<(u64, String)>,
}

/// Resolves the connection settings (see the module's documentation).
pub fn resolve(flags: &Flags, env: Env) -> Result<Connection, Error> {
    let file_path = path(env);
    let (file, found) = load(file_path.as_deref())?;
    let mut connection = match flags.profile.clone().or_else(|| env(ENV_PROFILE)) {
        Some(name) => from_profile(&file, &name, file_path.as_deref(), found)?,
        None if CONNECTION_VARIABLES.iter().any(|v| env(v).is_some()) => from_env(env),
        None => match &file.default_profile {
            Some(name) => from_profile(&file, name, file_path.as_deref(), found)?,
            None => Connection {
                source: "nothing (no HALOPSA_* variable, no default profile)".to_owned(),
                ..Connection::default()
            },
        },
    };
    connection.file = file_path.map(|p| (p, found));
    connection.profiles = file.profiles.keys().cloned().collect();
    if flags.tenant.is_some() || flags.host.is_some() || flags.api_url.is_some() {
        connection.tenant = flags.tenant.clone();
        connection.host = flags.host.clone();
        connection.api_url = flags.api_url.clone();
        connection.auth_url = None;
    }
    if let Some(url) = &flags.auth_url {
        connection.auth_url = Some(url.clone());
    }
    if let Some(id) = &flags.oauth_client_id {
        connection.client_id = Some(id.clone());
    }
    if let Some(scope) = &flags.oauth_scope {
        connection.scope = Some(scope.clone());
    }
    connection.timeout = flags.timeout;
    connection.max_attempts = flags.max_attempts;
    if let Some(path) = env(ENV_CA_FILE) {
        connection
            .ca_files
            .push((PathBuf::from(path), format!("the variable {ENV_CA_FILE}")));
    }
    if let Some(limit) = env(ENV_MAX_RESPONSE_BYTES) {
        let bytes = limit.parse::<u64>().map_err(|_| {
            Error::Config(format!(
                "{ENV_MAX_RESPONSE_BYTES}=`{limit}` is not a number of bytes"
            ))
        })?;
        connection.max_response_bytes =
            Some((bytes, format!("the variable {ENV_MAX_RESPONSE_BYTES}")));
    }
    Ok(connection)
}

/// The settings of `HALOPSA_*`, read as `Client::from_env` reads them.
fn from_env(env: Env) -> Connection {
    Connection {
        source: "the environment (HALOPSA_* variables)".to_owned(),
        tenant: env(ENV_TENANT),
        host: env(ENV_HOST),
        api_url: env(ENV_API_URL),
        auth_url: env(ENV_AUTH_URL),
        client_id: env(ENV_CLIENT_ID),
        client_secret: env(ENV_CLIENT_SECRET)
            .map(|s| Secret::Value(s, format!("the variable {ENV_CLIENT_SECRET}"))),
        token: env(ENV_TOKEN).map(|s| Secret::Value(s, format!("the variable {ENV_TOKEN}"))),
        scope: env(ENV_SCOPE),
        ..Connection::default()
    }
}

fn from_profile(
    file: &File,
    name: &str,
    path: Option<&Path>,
    found: bool,
) -> Result<Connection, Error> {
    let where_ = match (path, found) {
        (Some(p), true) => format!("in {}", p.display()),
        (Some(p), false) => format!("({} does not exist)", p.display()),
        (None, _) => "(no config file: set HOME or HALOPSA_CONFIG)".to_owned(),
    };
    let profile = file.profiles.get(name).ok_or_else(|| {
        let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
        Error::Config(if known.is_empty() {
            format!("no profile `{name}` {where_}")
        } else {
            format!(
                "no profile `{name}` {where_}; profiles: {}",
                known.join(", ")
            )
        })
    })?;
    let secret =
        |value: &Option<String>, var: &Option<String>, command: &Option<String>, key| match (
            value, var, command,
        ) {
            (Some(v), _, _) => Some(Secret::Value(
                v.clone(),
                format!("the profile's `{key}` (in the config file)"),
            )),
            (None, Some(var), _) => Some(Secret::Env(var.clone())),
            (None, None, Some(command)) => Some(Secret::Command(command.clone())),
            (None, None, None) => None,
        };
    if profile.client_secret.is_some() || profile.token.is_some() {
        if let Some(path) = path {
            warn_if_readable_by_others(path);
        }
    }
    Ok(Connection {
        source: format!("profile `{name}`"),
        profile: Some(name.to_owned()),
        tenant: profile.tenant.clone(),
        host: profile.host.clone(),
        api_url: profile.api_url.clone(),
        auth_url: profile.auth_url.clone(),
        client_id: profile.client_id.clone(),
        client_secret: secret(
            &profile.client_secret,
            &profile.client_secret_env,
            &profile.client_secret_command,
            "client_secret",
        ),
        token: secret(
            &profile.token,
            &profile.token_env,
            &profile.token_command,
            "token",
        ),
        scope: profile.scope.clone(),
        ca_files: profile
            .ca_file
            .iter()
            .map(|file| {
                // Relative to the config file, wherever the command is run from.
                let file = match path.and_then(Path::parent) {
                    Some(dir) if file.is_relative() => dir.join(file),
                    _ => file.clone(),
                };
                (file, "the profile's `ca_file`".to_owned())
            })
            .collect(),
        max_response_bytes: profile
            .max_response_bytes
            .map(|bytes| (bytes, "the profile's `max_response_bytes`".to_owned())),
        ..Connection::default()
    })
}

/// A config file holding a secret should be readable by its owner only.
fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.permissions().mode() & 0o077 != 0 {
                eprintln!(
                    "warning: {} holds a secret and others can read it: chmod 600 it, or use client_secret_env or client_secret_command",
                    path.display()
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

impl Connection {
    /// The largest body held in memory: a response, or the `--body` read.
    pub fn max_body_bytes(&self) -> u64 {
        self.max_response_bytes
            .as_ref()
            .map_or(DEFAULT_MAX_BODY_BYTES, |(bytes, _)| *bytes)
    }

    /// Whether the settings name an instance.
    pub fn has_instance(&self) -> bool {
        self.tenant.is_some() || self.host.is_some() || self.api_url.is_some()
    }

    /// How the client authenticates, in words, without any secret.
    pub fn auth_description(&self) -> String {
        match (&self.client_id, &self.client_secret, &self.token) {
            (Some(id), Some(secret), _) => format!(
                "client credentials: client id {id}, secret from {} (never shown)",
                secret.origin()
            ),
            (Some(id), None, None) => {
                format!("client id {id} without a secret (none configured)")
            }
            (_, _, Some(token)) => {
                format!("bearer token from {} (never shown)", token.origin())
            }
            (None, Some(secret), None) => format!(
                "a client secret from {} without a client id (none configured)",
                secret.origin()
            ),
            (None, None, None) => "no credentials configured".to_owned(),
        }
    }

    /// The instance part of a builder, as `ClientBuilder::from_env` sets it.
    fn instance(&self) -> Result<crate::ClientBuilder, Error> {
        if !self.has_instance() {
            return Err(Error::Config(format!(
                "no Halo instance configured (settings from {}): set {ENV_TENANT}, {ENV_HOST} or {ENV_API_URL}, pass --tenant, --host or --api-url, or name a profile of the config file with --profile",
                self.source
            )));
        }
        let mut builder = crate::Client::builder();
        match (&self.host, &self.tenant) {
            (Some(host), tenant) => {
                builder = builder.host(host.clone());
                if let Some(tenant) = tenant {
                    builder = builder.tenant(tenant.clone());
                }
            }
            (None, Some(tenant)) => builder = builder.hosted(tenant.clone()),
            (None, None) => {}
        }
        if let Some(url) = &self.api_url {
            builder = builder.api_url(url.clone());
        }
        if let Some(url) = &self.auth_url {
            builder = builder.auth_url(url.clone());
        }
        if let Some(scope) = &self.scope {
            builder = builder.scope(scope.clone());
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(attempts) = self.max_attempts {
            builder = builder.max_attempts(attempts);
        }
        for (file, _) in &self.ca_files {
            builder = builder.add_ca_file(file.clone());
        }
        builder = builder.max_response_bytes(self.max_body_bytes());
        Ok(builder.user_agent(concat!("halopsa-cli/", env!("CARGO_PKG_VERSION"))))
    }

    /// A client: the secret (or token) is read now.
    pub fn client(&self, env: Env) -> Result<crate::Client, Error> {
        self.builder(env)?.build()
    }

    /// The client's builder with every setting of this connection, credentials read now,
    /// for a program to add its own (a user agent, a deadline) before `build()`.
    pub fn builder(&self, env: Env) -> Result<crate::ClientBuilder, Error> {
        let builder = self.instance()?;
        let builder = match (&self.client_id, &self.client_secret, &self.token) {
            (Some(id), Some(secret), _) => {
                builder.client_credentials(id.clone(), secret.read(env, "client secret")?)
            }
            (_, _, Some(token)) => builder.bearer_token(token.read(env, "token")?),
            _ => {
                return Err(Error::Config(format!(
                    "no credentials (settings from {}; {}): set {ENV_CLIENT_ID} and {ENV_CLIENT_SECRET}, or {ENV_TOKEN}, or use a profile that has them",
                    self.source,
                    self.auth_description()
                )))
            }
        };
        Ok(builder)
    }

    /// The API and auth URLs the client would use, without reading any secret (for
    /// `--dry-run` and `config show`).
    pub fn urls(&self) -> Result<(String, Option<String>), Error> {
        let builder = self.instance()?;
        let builder = match &self.client_id {
            // Placeholders: only the URLs are read from this client, nothing is sent.
            Some(id) if self.client_secret.is_some() || self.token.is_none() => {
                builder.client_credentials(id.clone(), "placeholder")
            }
            _ => builder.bearer_token("placeholder"),
        };
        let client = builder.build()?;
        Ok((
            client.base_url().to_owned(),
            client.auth_url().map(str::to_owned),
        ))
    }

    /// `halopsa config show`: every setting and where it comes from; secrets by origin.
    pub fn show(&self) -> String {
        let mut lines = vec![("source", self.source.clone())];
        if let Some((path, found)) = &self.file {
            let state = if *found { "" } else { " (not found)" };
            lines.push(("config file", format!("{}{state}", path.display())));
        }
        if !self.profiles.is_empty() {
            lines.push(("profiles", self.profiles.join(", ")));
        }
        match self.urls() {
            Ok((api, auth)) => {
                lines.push(("api url", api));
                if let Some(auth) = auth {
                    lines.push(("token url", format!("{auth}/token")));
                }
            }
            Err(Error::Config(message)) => lines.push(("api url", message)),
            Err(other) => lines.push(("api url", format!("{other:?}"))),
        }
        if let Some(tenant) = &self.tenant {
            lines.push(("tenant", tenant.clone()));
        }
        lines.push(("auth", self.auth_description()));
        lines.push((
            "scope",
            self.scope
                .clone()
                .unwrap_or_else(|| "all (default)".to_owned()),
        ));
        for (file, origin) in &self.ca_files {
            lines.push(("ca file", format!("{} (from {origin})", file.display())));
        }
        lines.push((
            "max body",
            match &self.max_response_bytes {
                Some((bytes, origin)) => format!("{bytes} bytes (from {origin})"),
                None => format!("{DEFAULT_MAX_BODY_BYTES} bytes (default)"),
            },
        ));
        let width = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        lines
            .iter()
            .map(|(k, v)| format!("{k:width$}  {v}\n"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name: &str| vars.get(name).cloned()
    }

    #[test]
    fn the_environment_as_the_sdk_reads_it() {
        let env = env(&[
            (ENV_CONFIG, "/nonexistent/halopsa.toml"),
            (ENV_TENANT, "acme"),
            (ENV_CLIENT_ID, "id"),
            (ENV_CLIENT_SECRET, "hunter2"),
        ]);
        let c = resolve(&Flags::default(), &env).expect("resolves");
        let (api, auth) = c.urls().expect("urls");
        assert_eq!(api, "https://acme.halopsa.com/api");
        assert_eq!(auth.as_deref(), Some("https://acme.halopsa.com/auth"));
        let shown = format!("{}{c:?}", c.show());
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("HALOPSA_CLIENT_SECRET"), "{shown}");
    }

    #[test]
    fn profiles_flags_and_errors() {
        let dir = std::env::temp_dir().join(format!("halopsa-cli-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config.toml");
        std::fs::write(
            &file,
            "default_profile = \"a\"\n[profiles.a]\nhost = \"halo.example.com\"\nclient_id = \"ida\"\nclient_secret_env = \"A_SECRET\"\n[profiles.b]\ntenant = \"bee\"\ntoken = \"tok\"\n",
        )
        .unwrap();
        let path = file.display().to_string();
        let vars = env(&[(ENV_CONFIG, &path), ("A_SECRET", "s3cret")]);
        let c = resolve(&Flags::default(), &vars).unwrap();
        assert_eq!(c.profile.as_deref(), Some("a"));
        assert_eq!(c.urls().unwrap().0, "https://halo.example.com/api");
        assert!(c.client(&vars).is_ok());
        // A named profile wins over the environment; flags win over the profile.
        let vars = env(&[(ENV_CONFIG, &path), (ENV_TENANT, "other")]);
        let flags = Flags {
            profile: Some("b".into()),
            ..Flags::default()
        };
        let c = resolve(&flags, &vars).unwrap();
        assert_eq!(c.urls().unwrap().0, "https://bee.halopsa.com/api");
        let flags = Flags {
            profile: Some("b".into()),
            api_url: Some("http://127.0.0.1:9/api".into()),
            ..Flags::default()
        };
        assert_eq!(
            resolve(&flags, &vars).unwrap().urls().unwrap().0,
            "http://127.0.0.1:9/api"
        );
        // Without a profile, the environment's instance.
        let c = resolve(&Flags::default(), &vars).unwrap();
        assert_eq!(c.urls().unwrap().0, "https://other.halopsa.com/api");
        assert!(matches!(c.client(&vars), Err(Error::Config(_))));
        let flags = Flags {
            profile: Some("zzz".into()),
            ..Flags::default()
        };
        match resolve(&flags, &vars) {
            Err(Error::Config(m)) => assert!(m.contains("a, b"), "{m}"),
            other => panic!("{other:?}"),
        }
        std::fs::write(&file, "[profiles.a]\nhots = \"typo\"\n").unwrap();
        assert!(matches!(
            resolve(&Flags::default(), &vars),
            Err(Error::Config(m)) if m.contains("hots")
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
