//! What every generated command calls: [`Context`] holds the client and the output
//! settings, intercepts `--dry-run` and `--raw`, and writes typed answers.

use crate::config::Connection;
pub use crate::error::CliError;
use crate::output::{self, Fields, Format};
use futures_util::{Stream, StreamExt};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use serde_json::Value;
use std::cell::RefCell;
use std::io::{IsTerminal, Write};

/// The help of `--all`.
pub const ALL_HELP: &str = "Walk every page (page_no 1, 2, …) and write one record per line (NDJSON) as they arrive; with -o table, one table at the end";

/// How a command writes its answer.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `--output`.
    pub format: Format,
    /// `--fields`.
    pub fields: Option<Fields>,
    /// `--dry-run`.
    pub dry_run: bool,
    /// `--raw`.
    pub raw: bool,
    /// `--quiet`: no progress line, no hints.
    pub quiet: bool,
    /// `--verbose`.
    pub verbose: u8,
}

/// What a generated command runs with.
pub struct Context {
    connection: Connection,
    client: Option<halopsa::Client>,
    settings: Settings,
    stdout_tty: bool,
    stderr_tty: bool,
    /// The method and path of the request being made, for error messages.
    request: RefCell<Option<String>>,
}

impl Context {
    /// A context; the client is built now, unless this is a dry run (which reads no secret
    /// and sends nothing).
    pub fn new(
        connection: Connection,
        settings: Settings,
        env: crate::config::Env,
    ) -> Result<Self, CliError> {
        let client = if settings.dry_run {
            None
        } else {
            Some(connection.client(env)?)
        };
        Ok(Context {
            connection,
            client,
            settings,
            stdout_tty: std::io::stdout().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
            request: RefCell::new(None),
        })
    }

    /// The client.
    pub fn client(&self) -> Result<&halopsa::Client, CliError> {
        self.client.as_ref().ok_or_else(|| {
            CliError::Config("no client in a dry run: this is a bug of halopsa".to_owned())
        })
    }

    /// The JSON `--body` of a command (see [`crate::input::read_body`]), within the
    /// connection's size limit.
    pub fn read_body<T: serde::de::DeserializeOwned>(
        &self,
        path: &std::path::Path,
    ) -> Result<T, CliError> {
        crate::input::read_body(path, self.connection.max_body_bytes())
    }

    /// The JSON array `--body` of a command (see [`crate::input::read_body_list`]).
    pub fn read_body_list<T: serde::de::DeserializeOwned>(
        &self,
        path: &std::path::Path,
    ) -> Result<Vec<T>, CliError> {
        crate::input::read_body_list(path, self.connection.max_body_bytes())
    }

    /// The form body of a command (see [`crate::input::read_form`]).
    pub fn read_form(
        &self,
        fields: Vec<(String, String)>,
        body: Option<&std::path::Path>,
    ) -> Result<Vec<(String, String)>, CliError> {
        crate::input::read_form(fields, body, self.connection.max_body_bytes())
    }

    /// Names the request being made in an error that does not.
    pub fn annotate(&self, error: CliError) -> CliError {
        match error {
            CliError::Halo {
                error,
                request: None,
            } => CliError::Halo {
                error,
                request: self.request.borrow().clone(),
            },
            other => other,
        }
    }

    /// Called with the request an operation is about to make (with `--all`, its first
    /// page's): with `--dry-run` prints it, with `--raw` sends it and prints the body as
    /// received. Returns whether that was all there was to do.
    pub async fn intercept(&self, request: halopsa::Request, all: bool) -> Result<bool, CliError> {
        *self.request.borrow_mut() = Some(format!("{} {}", request.method, request.path));
        if self.settings.dry_run {
            let text = self.render_request(&request, all)?;
            write_stdout(text.as_bytes())?;
            return Ok(true);
        }
        if self.settings.raw {
            if all {
                return Err(CliError::Usage(
                    "--raw prints one answer as received; it cannot be used with --all".to_owned(),
                ));
            }
            let body = self.client()?.send_bytes(request).await?;
            let mut out = body.to_vec();
            if self.stdout_tty && !out.ends_with(b"\n") && !out.is_empty() {
                out.push(b'\n');
            }
            write_stdout(&out)?;
            return Ok(true);
        }
        if self.settings.verbose > 0 {
            eprintln!("halopsa: {} {}", request.method, self.url(&request)?);
        }
        Ok(false)
    }

    /// The full URL of a request, query included.
    fn url(&self, request: &halopsa::Request) -> Result<String, CliError> {
        let base = match &self.client {
            Some(client) => client.base_url().to_owned(),
            None => self.connection.urls()?.0,
        };
        let mut url = format!("{base}{}", request.path);
        if !request.query.is_empty() {
            let query = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(request.query.iter().map(|(k, v)| (*k, v.as_str())))
                .finish();
            url.push('?');
            url.push_str(&query);
        }
        Ok(url)
    }

    /// `--dry-run`: the request as it would be sent; the credentials by origin only.
    fn render_request(&self, request: &halopsa::Request, all: bool) -> Result<String, CliError> {
        let (_, auth_url) = self.connection.urls()?;
        let mut text = format!("{} {}\n", request.method, self.url(request)?);
        let token_from = auth_url
            .map(|u| format!(", token from {u}/token"))
            .unwrap_or_default();
        text.push_str(&format!(
            "Authorization: Bearer <redacted> ({}{token_from})\n",
            self.connection.auth_description()
        ));
        text.push_str("Accept: application/json\n");
        match &request.body {
            halopsa::Body::Empty => {}
            halopsa::Body::Json(bytes) => {
                text.push_str("Content-Type: application/json\n\n");
                match serde_json::from_slice::<Value>(bytes) {
                    Ok(value) => {
                        text.push_str(&serde_json::to_string_pretty(&value).unwrap_or_default())
                    }
                    Err(_) => text.push_str(&String::from_utf8_lossy(bytes)),
                }
                text.push('\n');
            }
            halopsa::Body::Multipart(fields) => {
                text.push_str("Content-Type: multipart/form-data\n\n");
                for (key, value) in fields {
                    text.push_str(&format!("{key}={value}\n"));
                }
            }
        }
        if all {
            text.push_str(
                "\n(--all: then page_no 2, 3, … until record_count records have arrived)\n",
            );
        }
        Ok(text)
    }

    /// A JSON value as `--output` says.
    fn format_value(&self, value: Value) -> Result<Vec<u8>, CliError> {
        let value = match &self.settings.fields {
            Some(fields) => output::project(value, fields),
            None => value,
        };
        let fields = self.settings.fields.as_ref();
        let text = match (self.settings.format, &value) {
            (Format::Table, Value::Array(records)) => output::table(records, fields),
            (Format::Table, record) => output::record_table(record, fields),
            (Format::Ndjson, Value::Array(records)) => {
                let mut text = String::new();
                for record in records {
                    text.push_str(&record.to_string());
                    text.push('\n');
                }
                text
            }
            (Format::Json, _) if self.stdout_tty => {
                let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
                text.push('\n');
                text
            }
            _ => {
                let mut text = value.to_string();
                text.push('\n');
                text
            }
        };
        Ok(text.into_bytes())
    }

    /// Writes an answer: a record, a saved record, a value.
    pub fn write_value<T: Serialize>(&self, value: &T) -> Result<(), CliError> {
        // Compact JSON straight from the typed value: every key as received, numbers
        // spelled as received.
        if self.settings.format == Format::Json
            && self.settings.fields.is_none()
            && !self.stdout_tty
        {
            let mut out = serde_json::to_vec(value).map_err(encode_error)?;
            out.push(b'\n');
            return Ok(write_stdout(&out)?);
        }
        let value = serde_json::to_value(value).map_err(encode_error)?;
        let out = self.format_value(value)?;
        Ok(write_stdout(&out)?)
    }

    /// Writes the saved record of a create or update: one record, or several when Halo
    /// answered several.
    pub fn write_saved<T: Serialize>(&self, saved: halopsa::OneOrMany<T>) -> Result<(), CliError> {
        self.write_value(&saved)
    }

    /// Writes a list: its records (Halo's wrapper's other keys are in `--raw`'s output).
    /// On a terminal, says when there are more records than this page.
    pub fn write_list<T: Serialize>(&self, list: halopsa::List<T>) -> Result<(), CliError> {
        let total = list.record_count();
        let records = list.into_items();
        let count = records.len();
        self.write_value(&records)?;
        if let Some(total) = total.filter(|t| *t > count as i64) {
            if self.stderr_tty && !self.settings.quiet {
                eprintln!("{count} of {total} records; --all fetches every page");
            }
        }
        Ok(())
    }

    /// The progress line of `--all` on stderr: drawn only when stderr is a terminal
    /// (indicatif hides it otherwise) and `--quiet` is not given.
    fn progress_line(&self) -> ProgressBar {
        if !self.stderr_tty || self.settings.quiet {
            return ProgressBar::hidden();
        }
        let line = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        line.set_style(
            ProgressStyle::with_template("{spinner} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        line.enable_steady_tick(std::time::Duration::from_millis(120));
        line
    }

    /// `--all`: writes the records of each page as it arrives, one per line (with
    /// `--output table`, one table at the end); on a terminal, a progress line on stderr.
    pub async fn write_pages<T, S>(&self, pages: S) -> Result<(), CliError>
    where
        T: Serialize,
        S: Stream<Item = Result<halopsa::paging::Page<T>, halopsa::Error>>,
    {
        let mut pages = std::pin::pin!(pages);
        let progress = self.progress_line();
        let mut seen = 0usize;
        let mut table: Vec<Value> = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page?;
            seen += page.items.len();
            let mut out = Vec::new();
            for record in &page.items {
                let value = serde_json::to_value(record).map_err(encode_error)?;
                let value = match &self.settings.fields {
                    Some(fields) => output::project(value, fields),
                    None => value,
                };
                if self.settings.format == Format::Table {
                    table.push(value);
                } else {
                    serde_json::to_writer(&mut out, &value).map_err(encode_error)?;
                    out.push(b'\n');
                }
            }
            // The progress line steps aside while records are written, on a shared terminal.
            progress.suspend(|| write_stdout(&out))?;
            let total = page
                .record_count
                .map(|t| format!(" of {t}"))
                .unwrap_or_default();
            progress.set_message(format!(
                "fetched {seen}{total} records (page {})",
                page.page_no
            ));
        }
        progress.finish_and_clear();
        if self.settings.format == Format::Table {
            write_stdout(output::table(&table, self.settings.fields.as_ref()).as_bytes())?;
        }
        Ok(())
    }

    /// Writes a text answer as it is.
    pub fn write_text(&self, text: &str) -> Result<(), CliError> {
        let mut out = text.as_bytes().to_vec();
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        Ok(write_stdout(&out)?)
    }

    /// An answer without a body: nothing to write.
    pub fn write_empty(&self) -> Result<(), CliError> {
        Ok(())
    }
}

fn encode_error(e: serde_json::Error) -> CliError {
    CliError::Output(std::io::Error::other(e))
}

/// Writes to stdout and flushes, so that a reader of a pipe sees each page as it arrives.
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()
}
