//! Stage 5, format: prints emitted tokens as Rust source (syn + prettyplease) and puts the
//! `@generated` header on every file.

use crate::diagnostics::Error;
use crate::output::{Content, OutputFile};

/// The command that regenerates the files, named in every header.
pub const REGENERATE: &str = "cargo xtask generate";

/// A formatted file, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormattedFile {
    /// Path relative to the output directory.
    pub path: String,
    /// Full text, header included.
    pub text: String,
}

/// Rust pieces are formatted in chunks of about this much text: small enough to keep
/// every processor busy to the end, large enough that handing them out costs nothing.
const CHUNK_BYTES: usize = 64 * 1024;

/// Formats every emitted file and returns them in the order given. Rust code is formatted
/// in chunks of whole pieces, on all processors; a file the memo already holds is not
/// formatted again.
pub fn format(files: Vec<OutputFile>) -> Result<Vec<FormattedFile>, Error> {
    // Token streams stay on this thread; their text goes to the workers.
    let pending: Vec<Pending> = crate::timings::stage("  tokens to text", || {
        files.into_iter().map(Pending::from).collect()
    });
    let keys: Vec<Option<String>> = pending.iter().map(Pending::memo_key).collect();
    let remembered: Vec<Option<String>> = keys
        .iter()
        .map(|key| key.as_deref().and_then(crate::memo::get))
        .collect();
    // The chunks of every Rust file still to format, one list per file (empty for the
    // others), all formatted together.
    let per_file: Vec<Vec<Chunk>> = pending
        .iter()
        .enumerate()
        .map(|(i, p)| match p.rust && remembered[i].is_none() {
            true => p.chunks(i),
            false => Vec::new(),
        })
        .collect();
    let counts: Vec<usize> = per_file.iter().map(Vec::len).collect();
    let chunks: Vec<Chunk> = per_file.into_iter().flatten().collect();
    let mut formatted = crate::parallel::map(&chunks, |chunk| chunk.format(&pending)).into_iter();
    let mut out = Vec::with_capacity(pending.len());
    for (((file, key), remembered), count) in
        pending.into_iter().zip(keys).zip(remembered).zip(counts)
    {
        let text = match remembered {
            Some(text) => text,
            None => {
                let code = match count {
                    0 => None,
                    _ => {
                        let mut code = String::with_capacity(file.text.len() + file.text.len() / 4);
                        for piece in formatted.by_ref().take(count) {
                            code.push_str(&piece?);
                        }
                        Some(code)
                    }
                };
                let text = file.finish(code);
                if let Some(key) = &key {
                    crate::memo::put(key, &text);
                }
                text
            }
        };
        out.push(FormattedFile {
            path: file.path,
            text,
        });
    }
    Ok(out)
}

/// A file on its way to being formatted: plain text, so it can cross threads.
struct Pending {
    path: String,
    source: String,
    rust: bool,
    /// The text, Rust pieces one after another, each ending with a newline.
    text: String,
    /// Where each Rust piece after the first starts in `text`.
    pieces: Vec<usize>,
}

/// Consecutive whole pieces of one Rust file, formatted as one job.
struct Chunk {
    /// The file's index.
    file: usize,
    /// Where in the file's text the chunk starts and ends.
    start: usize,
    end: usize,
}

impl Chunk {
    /// The chunk's pieces, each parsed and printed on its own (prettyplease prints a
    /// file's items one after another, so the pieces' texts joined are the whole file's).
    fn format(&self, pending: &[Pending]) -> Result<String, Error> {
        let file = &pending[self.file];
        let mut code = String::with_capacity((self.end - self.start) * 5 / 4);
        let mut start = self.start;
        let ends = file
            .pieces
            .iter()
            .copied()
            .filter(|&at| at > self.start && at < self.end);
        for end in ends.chain([self.end]) {
            let syntax: syn::File =
                syn::parse_str(&file.text[start..end]).map_err(|e| file.error(&e.to_string()))?;
            code.push_str(&prettyplease::unparse(&syntax));
            start = end;
        }
        Ok(code)
    }
}

impl From<OutputFile> for Pending {
    fn from(file: OutputFile) -> Self {
        let (rust, text, pieces) = match file.content {
            Content::Rust(tokens) => (true, tokens.to_string(), Vec::new()),
            Content::RustItems(items) => {
                let mut text = String::with_capacity(items.iter().map(|i| i.len() + 1).sum());
                let mut pieces = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    if i > 0 {
                        pieces.push(text.len());
                    }
                    text.push_str(&item);
                    text.push('\n');
                }
                (true, text, pieces)
            }
            Content::Text(text) => (false, text, Vec::new()),
        };
        Pending {
            path: file.path,
            source: file.source,
            rust,
            text,
            pieces,
        }
    }
}

impl Pending {
    /// The file's entry in the formatting memo. Only Rust files are worth keeping: the
    /// others format in a copy.
    fn memo_key(&self) -> Option<String> {
        match self.rust {
            true => crate::memo::key(&self.path, &self.source, &self.text),
            false => None,
        }
    }

    /// Where the chunks of this file (the `index`th) start and end: whole pieces, each
    /// chunk at least [`CHUNK_BYTES`] long but the last.
    fn chunks(&self, index: usize) -> Vec<Chunk> {
        let mut chunks = Vec::new();
        let mut start = 0;
        for &at in &self.pieces {
            if at - start >= CHUNK_BYTES {
                chunks.push(Chunk {
                    file: index,
                    start,
                    end: at,
                });
                start = at;
            }
        }
        chunks.push(Chunk {
            file: index,
            start,
            end: self.text.len(),
        });
        chunks
    }

    /// A formatting error in this file.
    fn error(&self, message: &str) -> Error {
        Error::Format {
            file: self.path.clone(),
            message: message.to_owned(),
        }
    }

    /// The file's full text: the header, then the formatted code (`code`, for Rust) or the
    /// text as it is.
    fn finish(&self, code: Option<String>) -> String {
        let header = format!(
            "@generated by `{REGENERATE}` from {}. Do not edit: change the spec and regenerate.",
            self.source
        );
        if let Some(code) = code {
            format!("// {header}\n\n{}", space_items(&code))
        } else if self.path.ends_with(".json") {
            // JSON has no comments: the header goes into the document as `x-generated`.
            insert_json_header(&self.text, &header)
        } else if self.path.ends_with(".md") {
            // Markdown that rustdoc includes: an HTML comment, which it does not show.
            format!("<!-- {header} -->\n\n{}", self.text)
        } else {
            format!("# {header}\n\n{}", self.text)
        }
    }
}

/// Puts the header into a JSON object as its first key, `x-generated` (OpenAPI allows
/// `x-` keys at the top level).
fn insert_json_header(text: &str, header: &str) -> String {
    match text.strip_prefix('{') {
        Some(rest) => format!(
            "{{\n  \"x-generated\": {},{}",
            serde_json::Value::String(header.to_owned()),
            rest
        ),
        None => text.to_owned(),
    }
}

/// Puts a blank line between top-level items, which prettyplease runs together, so that
/// each model, struct and function reads (and diffs) as its own block.
fn space_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 20);
    let mut previous = "";
    for line in code.lines() {
        let starts_item = !line.is_empty() && !line.starts_with([' ', '}', ')', ']']);
        let after_item = previous == "}"
            || previous == "});"
            || (previous.ends_with(';') && !previous.starts_with([' ', '/', '#']));
        let after_module_doc = previous.starts_with("//!") && !line.starts_with("//!");
        if starts_item && (after_item || after_module_doc) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}
