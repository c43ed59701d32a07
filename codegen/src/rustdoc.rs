//! The generated crate's documentation, as rustdoc shows it: spec text made safe for doc
//! comments, the crate's landing page (with its quick start), each area module's page, and
//! the sentences of an endpoint's page that point to its companions.
//!
//! Everything here reads the model; the prose of a module comes from the spec (the tag's
//! `description` and `x-halopsa-module-doc`), the lists of records and functions from the
//! model's resources and operations. The code examples are [`crate::examples`]'.

use crate::examples::Examples;
use crate::model::*;
use proc_macro2::TokenStream;
use quote::quote;

/// Where the quick start goes in the crate, relative to `src/`; `lib.rs` includes it.
pub const QUICK_START_FILE: &str = "quick_start.md";

/// Turns spec text into doc attributes. Markdown that rustdoc would misread in spec text
/// (brackets as links, angle brackets as HTML, bare URLs, indentation as code) is escaped.
pub fn doc(text: &str) -> TokenStream {
    let lines = spec_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Turns the generator's own markdown (intra-doc links included) into doc attributes.
pub fn doc_raw(text: &str) -> TokenStream {
    let lines: Vec<String> = text.lines().map(|l| format!(" {l}")).collect();
    quote! { #( #[doc = #lines] )* }
}

/// Several paragraphs of spec text, skipping missing ones.
pub fn docs(paragraphs: &[Option<&str>]) -> TokenStream {
    let text: Vec<&str> = paragraphs.iter().flatten().copied().collect();
    doc(&text.join("\n\n"))
}

/// Spec text as escaped doc lines.
fn spec_lines(text: &str) -> Vec<String> {
    plain_text(text)
        .trim()
        .lines()
        .map(escape_doc_line)
        .collect()
}

/// Spec text made safe for a doc comment: line breaks normalised (a bare carriage return
/// is not allowed in one), and the bidirectional-text controls rustc rejects written out
/// by name (`U+202E`). Every output that shows spec text (doc comments, the command line's
/// help, the MCP server's descriptions) starts from this.
pub fn plain_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .map(|c| match c {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => format!("U+{:04X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

fn escape_doc_line(line: &str) -> String {
    let mut out = String::from(" ");
    for (i, word) in line.trim().split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("http://") || word.starts_with("https://") {
            out.push('<');
            out.push_str(word.trim_end_matches(['.', ',', ')']));
            out.push('>');
            out.push_str(&word[word.trim_end_matches(['.', ',', ')']).len()..]);
            continue;
        }
        let mut in_code = false;
        for c in word.chars() {
            match c {
                '`' => {
                    in_code = !in_code;
                    out.push(c);
                }
                '[' | ']' | '*' | '<' | '>' if !in_code => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }
    out
}

/// Escapes spec text that goes into one of the generator's own doc lines.
pub fn escape_inline(text: &str) -> String {
    escape_doc_line(
        &plain_text(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
    .trim_start()
    .to_owned()
}

/// The crate's landing page: the inner doc attributes of `lib.rs`. The quick start, when
/// there is one, is included from [`QUICK_START_FILE`] only when its area's feature is on,
/// so that its code and links compile with that area alone.
pub fn crate_doc(api: &Api, quick_start: Option<&str>) -> TokenStream {
    let title = format!(
        " Typed client for the {} (version {}), generated from `spec/`.",
        escape_inline(&api.title),
        escape_inline(&api.version)
    );
    let include = quick_start.map(
        |module| quote!(#![cfg_attr(feature = #module, doc = include_str!(#QUICK_START_FILE))]),
    );
    quote! {
        #![doc = #title]
        //!
        //! One module per documentation area, and a cargo feature of the same name for each
        //! (all on by default: turn the defaults off and name the areas you use to compile
        //! only those). Each endpoint is an async function taking a [`Client`] and
        //! returning its documented response: a record, a [`List`] of records (a bare array
        //! or Halo's wrapper object), a [`OneOrMany`] saved record, `()`, or raw JSON where
        //! nothing documents the body. Each function's page has an example.
        #include
        //!
        //! # The crate
        //!
        //! Records are structs whose fields are [`Field`]s (absent, null, a value, or a
        //! value of an unexpected shape) and that keep every undocumented key in [`Extra`],
        //! so a read-modify-write sends back exactly what the server sent.
        //!
        //! Every endpoint also has a `…_request` function that builds its [`Request`]:
        //! `client.send::<serde_json::Value>(request)` gives the raw JSON of any operation.
        //! A paginated list also has a `…_stream` of its records and a `…_pages` of its
        //! pages, which walk every page.
        //!
        //! Records and query structs are `#[non_exhaustive]`, so that a field or parameter
        //! Halo adds is a minor release: build a record from `Default` and set its fields
        //! (`record.field.set(value)`), and a query with `new` (its required parameters)
        //! and its setters.
    }
}

/// The quick start page ([`QUICK_START_FILE`]) of the crate `crate_name`, and the module
/// whose feature it needs; `fake_crate` is the crate of the fake server that tests can use
/// instead of Halo.
pub fn quick_start(
    api: &Api,
    crate_name: &str,
    fake_crate: Option<&str>,
) -> Option<(String, String)> {
    let start = Examples::new(api, crate_name).quick_start()?;
    let module = &start.module;
    let links: Vec<String> = start
        .calls
        .iter()
        .map(|f| format!("[`{module}::{f}`](crate::{module}::{f})"))
        .collect();
    let mut text = format!(
        "# Quick start\n\n\
         With `{crate_name}`, `tokio` (features `macros` and `rt-multi-thread`) and \
         `futures-util` in `Cargo.toml`, this program calls {}:\n\n{}\n\n\
         [`ClientBuilder::from_env`](crate::ClientBuilder::from_env) names the environment \
         variables, and the builder's other methods the settings.\n\n\
         Every call returns a [`Result`] whose error is an [`Error`](crate::Error): no \
         connection, an HTTP status (with Halo's message), a refused token, or a body that \
         does not decode; [`Error::status`](crate::Error::status) and \
         [`Error::is_retryable`](crate::Error::is_retryable) work on all of them. \
         Throttled and failed calls are retried before that (see [`ClientBuilder`](crate::ClientBuilder)).",
        join_words(&links),
        start.code
    );
    if let Some(fake) = fake_crate {
        text.push_str(&format!(
            "\n\nTests need no Halo instance: [`{fake}`](https://docs.rs/{fake}) serves the \
             same API from memory, and its `FakeHalo::client()` is a [`Client`](crate::Client) \
             connected to it."
        ));
    }
    text.push('\n');
    Some((start.module, text))
}

/// The inner doc attributes of an area's module: what it holds (the tag's description,
/// then its `x-halopsa-module-doc`), its main records (the resources it serves, with the
/// functions that list, read, save and delete them), and where it comes from.
pub fn area_doc(api: &Api, area: &Area) -> TokenStream {
    let mut lines = match &area.description {
        Some(d) => spec_lines(d),
        None => spec_lines(&format!("{}.", area.tag)),
    };
    if let Some(more) = &area.module_doc {
        lines.push(String::new());
        lines.extend(spec_lines(more));
    }
    let records: Vec<String> = api
        .resources
        .iter()
        .enumerate()
        .filter(|(_, r)| r.module == area.module)
        .map(|(i, r)| resource_line(api, area, i, r))
        .collect();
    if !records.is_empty() {
        lines.push(String::new());
        lines.push(" # Records".to_owned());
        lines.push(String::new());
        lines.push(
            " The records this module lists, reads, saves and deletes, each at its own path:"
                .to_owned(),
        );
        lines.push(String::new());
        lines.extend(records.into_iter().map(|l| format!(" - {l}")));
    }
    lines.push(String::new());
    lines.push(format!(
        " Generated from `spec/{}`; compiled with the cargo feature `{}` (on by default).",
        area.file, area.module
    ));
    quote! { #( #![doc = #lines] )* }
}

/// One resource in its module's list: the record, its paths, and the functions by role.
fn resource_line(api: &Api, area: &Area, index: usize, r: &Resource) -> String {
    let model = api.model(r.record);
    let record = if model.module == area.module {
        format!("[`{}`]", model.name)
    } else {
        format!("[`{0}`](crate::{1}::{0})", model.name, model.module)
    };
    let mut functions = Vec::new();
    for op in &area.operations {
        let what = match op.role {
            Role::List(i) if i == index => match &op.paging {
                Some(p) => format!("[`{}`] (every page: [`{}`])", op.fn_name, p.stream_fn),
                None => format!("[`{}`]", op.fn_name),
            },
            Role::Get(i) | Role::Save(i) | Role::Delete(i) if i == index => {
                format!("[`{}`]", op.fn_name)
            }
            _ => continue,
        };
        functions.push(what);
    }
    format!(
        "{record} at `{}` and `{}`: {}.",
        r.collection,
        r.item,
        functions.join(", ")
    )
}

/// The paragraph of an endpoint function's page that points to its companions: the
/// function building its request, its query struct, and its page and record streams.
pub fn companions(op: &Operation) -> String {
    let mut text = format!(
        "[`{}`] builds this call's request without sending it.",
        op.request_fn
    );
    if let Some(q) = &op.query_struct {
        text.push_str(&format!(" Query parameters: [`{q}`]."));
    }
    if let Some(p) = &op.paging {
        text.push_str(&format!(
            " Every page: [`{}`] (records one at a time) and [`{}`] (page by page).",
            p.stream_fn, p.pages_fn
        ));
    }
    text
}

/// `a`, `a and b`, `a, b and c`.
fn join_words(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
