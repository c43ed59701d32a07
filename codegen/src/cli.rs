//! Emits the per-operation part of the command line (`cli/`, crate `halopsa-cli`, binary
//! `halopsa`): [`COMMANDS_PATH`].
//!
//! For each area a clap subcommand (`halopsa tickets`), for each of its operations a
//! subcommand below it named by [`crate::naming::cli_operation_command`] (`halopsa tickets
//! list`), with:
//! - the path parameters as positional arguments and the query parameters as `--flags`,
//!   typed as the SDK types them, so clap refuses a value that does not parse (`abc` for an
//!   integer) before anything is sent; a boolean flag alone means `true`
//!   (`--open-only`), `--open-only=false` sends `false`;
//! - `--body FILE|-` for an operation that takes a JSON body (decoded into the SDK's body
//!   type first), `--form KEY=VALUE` (or `--body`) for a form body, `--all` for a paged list;
//! - the help texts from the spec (summary, description, the parameters' descriptions), and
//!   the method, path and operationId;
//! - a `run` that builds the request with the SDK's `…_request` function (for `--dry-run`
//!   and `--raw`), then calls the SDK function (`…_pages` with `--all`) and hands the typed
//!   answer to the hand-written output code (`cli/src/run.rs`).
//!
//! Configuration, output, errors and everything not per operation are hand-written in
//! `cli/src/`.

use crate::model::*;
use crate::output::{Content, OutputFile};
use crate::prose::{answers, first_line, help_text, paragraphs};
use crate::rust_types::ident;
use crate::samples::{response_type, type_path};
use proc_macro2::TokenStream;
use quote::quote;

/// Where the commands go, relative to the workspace root. `cli/src/lib.rs` includes it as
/// `#[rustfmt::skip] mod commands;`.
pub const COMMANDS_PATH: &str = "cli/src/commands.rs";

/// Emits the commands.
pub fn emit(api: &Api) -> Vec<OutputFile> {
    vec![OutputFile {
        path: COMMANDS_PATH.to_owned(),
        source: "spec/".to_owned(),
        content: Content::Rust(commands(api)),
    }]
}

/// The name a type is shown with in the help (`<INTEGER>`).
fn value_name(t: &RustType) -> &'static str {
    match t {
        RustType::I32 | RustType::I64 => "INTEGER",
        RustType::F64 => "NUMBER",
        RustType::Bool => "BOOL",
        RustType::String => "TEXT",
        RustType::DateTime => "DATE-TIME",
        RustType::Uuid => "UUID",
        RustType::Json | RustType::Vec(_) | RustType::Map(_) | RustType::Model(_) => "JSON",
    }
}

/// What the help says of a type.
fn type_words(t: &RustType) -> &'static str {
    match t {
        RustType::I32 => "integer (32-bit)",
        RustType::I64 => "integer",
        RustType::F64 => "number",
        RustType::Bool => "true or false",
        RustType::String => "text",
        RustType::DateTime => "date-time",
        RustType::Uuid => "UUID",
        RustType::Json | RustType::Vec(_) | RustType::Map(_) | RustType::Model(_) => "JSON",
    }
}

/// The value parser of a parameter: clap's own for the scalar types (its message names
/// the argument and the bad value), the hand-written JSON parser for the others.
fn value_parser(api: &Api, t: &RustType) -> TokenStream {
    match t {
        RustType::I32
        | RustType::I64
        | RustType::F64
        | RustType::Bool
        | RustType::String
        | RustType::Uuid => quote!(),
        other => {
            let ty = type_path(api, other);
            quote!(, value_parser = crate::input::json_arg::<#ty>)
        }
    }
}

/// The Rust type of a parameter's argument.
fn arg_type(api: &Api, p: &Param) -> TokenStream {
    let t = type_path(api, &p.ty);
    if p.required {
        t
    } else {
        quote!(Option<#t>)
    }
}

/// A parameter's help: its description's first line, then in full with its type.
fn param_help(p: &Param, wire: &str) -> (String, String) {
    let description = p.description.as_deref().map(help_text);
    let short = description
        .as_deref()
        .map(first_line)
        .unwrap_or_else(|| format!("The `{}` {} parameter.", p.name, wire.to_lowercase()));
    let long = paragraphs(&[
        description,
        Some(format!(
            "{} parameter `{}`, {}{}.",
            wire,
            p.name,
            type_words(&p.ty),
            if p.required { ", required" } else { "" }
        )),
    ]);
    (short, long)
}

fn path_arg(api: &Api, p: &Param) -> TokenStream {
    let name = ident(&p.rust_name);
    let value = p.flag.to_uppercase().replace('-', "_");
    let (help, long_help) = param_help(p, "Path");
    let t = type_path(api, &p.ty);
    let parser = value_parser(api, &p.ty);
    quote! {
        #[arg(value_name = #value, help = #help, long_help = #long_help #parser)]
        pub #name: #t,
    }
}

fn query_arg(api: &Api, p: &Param) -> TokenStream {
    let name = ident(&p.rust_name);
    let flag = &p.flag;
    let (help, long_help) = param_help(p, "Query");
    let t = arg_type(api, p);
    let value = value_name(&p.ty);
    let parser = value_parser(api, &p.ty);
    // A boolean flag alone is `true`; `--flag=false` sends `false`.
    let boolean = match (&p.ty, p.required) {
        (RustType::Bool, false) => quote! {
            , num_args = 0..=1, require_equals = true, default_missing_value = "true"
        },
        _ => quote!(),
    };
    quote! {
        #[arg(long = #flag, value_name = #value, help = #help, long_help = #long_help #boolean #parser)]
        pub #name: #t,
    }
}

/// The type name of a generated item (`ListTicketsArgs`): the naming rules' type name of
/// an operationId or a module, and a suffix that keeps it apart from the other items.
fn item_name(name: &str, suffix: &str) -> proc_macro2::Ident {
    ident(&format!("{}{suffix}", crate::naming::type_name(name)))
}

fn operation(api: &Api, area: &Area, op: &Operation) -> (TokenStream, TokenStream) {
    let variant = item_name(&op.operation_id, "");
    let args = item_name(&op.operation_id, "Args");
    let command = &op.command;
    let summary = op.summary.as_deref().map(help_text);
    let description = op.description.as_deref().map(help_text);
    let about = summary
        .as_deref()
        .or(description.as_deref())
        .map(first_line)
        .unwrap_or_default();
    let body_help = match &op.body {
        BodyKind::None => None,
        BodyKind::Multipart => Some(
            "The body is a form: give its fields with --form KEY=VALUE (repeated), or as a JSON \
             object of strings with --body FILE (- for standard input); without either, an \
             empty form is sent."
                .to_owned(),
        ),
        BodyKind::AnyJson => Some(
            "The body is JSON, read from --body FILE (- for standard input); the docs document \
             no schema for it, so it is sent as given."
                .to_owned(),
        ),
        BodyKind::JsonSlice(RustType::Model(_)) => Some(
            "The body is a JSON array of records, read from --body FILE (- for standard input); \
             a single record (an object) is sent as an array of one."
                .to_owned(),
        ),
        BodyKind::JsonSlice(_) => Some(
            "The body is a JSON array, read from --body FILE (- for standard input).".to_owned(),
        ),
        BodyKind::Json(_) => {
            Some("The body is JSON, read from --body FILE (- for standard input).".to_owned())
        }
    };
    let body_help = body_help.map(|h| match op.body_description.as_deref() {
        Some(d) => format!("{}\n{h}", help_text(d)),
        None => h,
    });
    let paging_help = op.paging.as_ref().map(|_| {
        "Paged: --all walks every page and writes one record per line (NDJSON) as they arrive."
            .to_owned()
    });
    // The summary, unless the description begins with it (the spec's descriptions often
    // restate it), then the description.
    let restated = |d: &String| {
        summary
            .as_deref()
            .is_some_and(|s| d.starts_with(s.trim_end_matches('.')))
    };
    let long_about = paragraphs(&[
        summary
            .clone()
            .filter(|_| !description.as_ref().is_some_and(restated)),
        description,
        body_help,
        Some(answers(api, op)),
        paging_help,
    ]);

    let module = ident(&area.module);
    let function = ident(&op.fn_name);
    let request_fn = ident(&op.request_fn);

    // Arguments: path parameters, query parameters, body, --all.
    let mut fields: Vec<TokenStream> = op.path_params.iter().map(|p| path_arg(api, p)).collect();
    fields.extend(op.query.iter().map(|p| query_arg(api, p)));
    match &op.body {
        BodyKind::None => {}
        BodyKind::Multipart => fields.push(quote! {
            #[arg(long, value_name = "KEY=VALUE", value_parser = crate::input::form_field, help = crate::input::FORM_HELP)]
            pub form: Vec<(String, String)>,
            #[arg(long, value_name = "FILE", help = crate::input::FORM_BODY_HELP)]
            pub body: Option<std::path::PathBuf>,
        }),
        _ => fields.push(quote! {
            #[arg(long, value_name = "FILE", help = crate::input::BODY_HELP)]
            pub body: std::path::PathBuf,
        }),
    }
    if op.paging.is_some() {
        fields.push(quote! {
            #[arg(long, help = crate::run::ALL_HELP)]
            pub all: bool,
        });
    }

    // The call's arguments, as the SDK function takes them: the path parameters, the
    // query, the body.
    let mut setup = Vec::new();
    let path_args: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let name = ident(&p.rust_name);
            p.arg.pass(quote!(self.#name))
        })
        .collect();
    let mut body_args = Vec::new();
    let query_path = op.query_struct.as_ref().map(|q| {
        let q = ident(q);
        quote!(halopsa::#module::#q)
    });
    if let Some(q) = &query_path {
        let required = op.query.iter().filter(|p| p.required).map(|p| {
            let name = ident(&p.rust_name);
            quote!(self.#name)
        });
        let optional = op.query.iter().filter(|p| !p.required).map(|p| {
            let name = ident(&p.rust_name);
            quote!(query.#name = self.#name;)
        });
        let mutable = if op.query.iter().any(|p| !p.required) {
            quote!(mut)
        } else {
            quote!()
        };
        setup.push(quote! {
            let #mutable query = #q::new(#(#required),*);
            #(#optional)*
        });
    }
    match &op.body {
        BodyKind::None => {}
        BodyKind::Multipart => {
            setup.push(quote!(let form = ctx.read_form(self.form, self.body.as_deref())?;));
            body_args.push(quote!(&form));
        }
        BodyKind::JsonSlice(item) => {
            let t = type_path(api, item);
            setup.push(quote!(let body: Vec<#t> = ctx.read_body_list(&self.body)?;));
            body_args.push(quote!(&body));
        }
        BodyKind::Json(t) => {
            let t = type_path(api, t);
            setup.push(quote!(let body: #t = ctx.read_body(&self.body)?;));
            body_args.push(quote!(&body));
        }
        BodyKind::AnyJson => {
            setup.push(quote!(let body: halopsa::serde_json::Value = ctx.read_body(&self.body)?;));
            body_args.push(quote!(&body));
        }
    }

    let args_with = |query: TokenStream| -> Vec<TokenStream> {
        let query = query_path.as_ref().map(|_| query);
        path_args
            .iter()
            .cloned()
            .chain(query)
            .chain(body_args.iter().cloned())
            .collect()
    };
    let call_args = args_with(quote!(&query));

    // With --all: the pages (and, for --dry-run, the first page's request).
    let (all, intercept) = match &op.paging {
        Some(paging) => {
            let pages_fn = ident(&paging.pages_fn);
            let (page_no, page_size) = (ident(&paging.page_no), ident(&paging.page_size));
            let paginate = paging.paginate.as_ref().map(|field| {
                let field = ident(field);
                quote!(first.#field = Some(true);)
            });
            let first_args = args_with(quote!(&first));
            let all = quote! {
                if self.all {
                    let pages = halopsa::#module::#pages_fn(ctx.client()?, #(#call_args),*);
                    return ctx.write_pages(pages).await;
                }
            };
            let intercept = quote! {
                let request = if self.all {
                    // The first page's request, as the pages function makes it.
                    let mut first = query.clone();
                    first.#page_no = Some(1);
                    first.#page_size = Some(query.#page_size.filter(|size| *size > 0).unwrap_or(halopsa::paging::MAX_PAGE_SIZE));
                    #paginate
                    halopsa::#module::#request_fn(#(#first_args),*)?
                } else {
                    halopsa::#module::#request_fn(#(#call_args),*)?
                };
                if ctx.intercept(request, self.all).await? {
                    return Ok(());
                }
            };
            (all, intercept)
        }
        None => (
            quote!(),
            quote! {
                if ctx.intercept(halopsa::#module::#request_fn(#(#call_args),*)?, false).await? {
                    return Ok(());
                }
            },
        ),
    };
    let response_ty = response_type(api, &op.response.kind);
    let write = match &op.response.kind {
        ResponseKind::Empty => quote!(ctx.write_empty()),
        ResponseKind::Record(_) | ResponseKind::Value(_) | ResponseKind::Untyped { .. } => {
            quote!(ctx.write_value(&response))
        }
        ResponseKind::Saved(_) => quote!(ctx.write_saved(response)),
        ResponseKind::List { .. } => quote!(ctx.write_list(response)),
        ResponseKind::Text => quote!(ctx.write_text(&response)),
    };
    let call = quote!(halopsa::#module::#function(ctx.client()?, #(#call_args),*).await?);
    let call = match &op.response.kind {
        // `()`: nothing to hand on.
        ResponseKind::Empty => quote! {
            #call;
            #write
        },
        _ => quote! {
            let response: #response_ty = #call;
            #write
        },
    };
    let args_doc = format!(
        " `halopsa {} {}`: `{}`.",
        area.command, op.command, op.operation_id
    );
    let item = quote! {
        #[doc = #args_doc]
        #[derive(clap::Args)]
        pub struct #args {
            #(#fields)*
        }

        impl #args {
            async fn run(self, ctx: &crate::run::Context) -> Result<(), crate::run::CliError> {
                #(#setup)*
                #intercept
                #all
                #call
            }
        }
    };
    let variant_tokens = quote! {
        #[command(name = #command, about = #about, long_about = #long_about)]
        #variant(Box<#args>),
    };
    (variant_tokens, item)
}

fn area(api: &Api, area: &Area) -> (TokenStream, TokenStream, TokenStream) {
    let variant = item_name(&area.module, "");
    let commands = item_name(&area.module, "Commands");
    let command = &area.command;
    let description = area.description.as_deref().map(help_text);
    let about = description
        .as_deref()
        .map(first_line)
        .unwrap_or_else(|| area.tag.clone());
    let long_about = paragraphs(&[
        description.or_else(|| Some(format!("{}.", area.tag))),
        Some(format!(
            "Generated from spec/{}: {} operations.",
            area.file,
            area.operations.len()
        )),
    ]);
    let mut variants = Vec::new();
    let mut items = Vec::new();
    let mut arms = Vec::new();
    for op in &area.operations {
        let (v, item) = operation(api, area, op);
        variants.push(v);
        items.push(item);
        let name = item_name(&op.operation_id, "");
        arms.push(quote!(#commands::#name(args) => args.run(ctx).await,));
    }
    let doc = format!(" The operations of {}: `halopsa {command} …`.", area.tag);
    let area_variant = quote! {
        #[command(name = #command, about = #about, long_about = #long_about, subcommand_required = true, arg_required_else_help = true)]
        #variant {
            #[command(subcommand)]
            command: #commands,
        },
    };
    let area_arm = quote!(Area::#variant { command } => command.run(ctx).await,);
    let items = quote! {
        #[doc = #doc]
        #[derive(clap::Subcommand)]
        pub enum #commands {
            #(#variants)*
        }

        impl #commands {
            async fn run(self, ctx: &crate::run::Context) -> Result<(), crate::run::CliError> {
                match self {
                    #(#arms)*
                }
            }
        }

        #(#items)*
    };
    (area_variant, area_arm, items)
}

fn commands(api: &Api) -> TokenStream {
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut items = Vec::new();
    for a in &api.areas {
        let (v, arm, item) = area(api, a);
        variants.push(v);
        arms.push(arm);
        items.push(item);
    }
    let count = api.operations().count();
    let doc = format!(
        " The command line's {} areas and {count} operations, one command each, generated \
         from the same model as the SDK.",
        api.areas.len()
    );
    let empty = api.areas.is_empty().then(|| quote!(let _ = ctx;));
    quote! {
        #![doc = #doc]
        //!
        //! `halopsa <area> <operation> [path parameters] [--query-parameter value]… [--body FILE|-]`.
        //! Each operation's `run` calls the SDK function with typed arguments; what is done
        //! with its answer (output formats, `--dry-run`, `--raw`) is `crate::run`'s.

        /// Every documentation area: `halopsa <area> …`.
        #[derive(clap::Subcommand)]
        pub enum Area {
            #(#variants)*
        }

        impl Area {
            /// Runs the chosen operation.
            pub async fn run(self, ctx: &crate::run::Context) -> Result<(), crate::run::CliError> {
                #empty
                match self {
                    #(#arms)*
                }
            }
        }

        #(#items)*
    }
}
