//! Stage 4, emit: turns the crate description into Rust tokens (quote) and text files.
//!
//! One file per documentation area (`src/<area>.rs`: models, query structs, endpoint
//! functions), `src/common.rs` for shared schemas, `src/lib.rs`, the quick start it
//! includes, and `Cargo.toml`. The text of the documentation is [`crate::rustdoc`]'s, its
//! code examples [`crate::examples`]'.

use crate::examples::Examples;
use crate::model::*;
use crate::naming::{COMMON_MODULE, EXTRA_FIELD};
use crate::output::{Content, OutputFile};
use crate::rust_types::{ident, TypeWriter};
use crate::rustdoc::{self, doc, doc_raw, docs, escape_inline};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Emits every Rust and manifest file of the SDK crate (the bundle is [`crate::bundle`]'s).
pub fn emit(api: &Api, config: &CrateConfig) -> Vec<OutputFile> {
    let quick_start = rustdoc::quick_start(api, &config.name, config.fake_crate.as_deref());
    let mut files = vec![
        OutputFile {
            path: "rustfmt.toml".into(),
            source: "spec/".into(),
            // The generator formats its output (prettyplease); `cargo fmt` must not
            // reformat it, or `cargo xtask generate --check` would report it stale.
            content: Content::Text("disable_all_formatting = true\n".into()),
        },
        OutputFile {
            path: "Cargo.toml".into(),
            source: "spec/".into(),
            content: Content::Text(cargo_toml(api, config)),
        },
        OutputFile {
            path: "src/lib.rs".into(),
            source: "spec/openapi.yaml".into(),
            content: Content::Rust(lib_rs(
                api,
                quick_start.as_ref().map(|(module, _)| module.as_str()),
            )),
        },
        OutputFile {
            path: format!("src/{COMMON_MODULE}.rs"),
            source: "spec/openapi.yaml".into(),
            content: Content::Rust(common_rs(api)),
        },
    ];
    if let Some((_, text)) = quick_start {
        files.push(OutputFile {
            path: format!("src/{}", rustdoc::QUICK_START_FILE),
            source: "spec/".into(),
            content: Content::Text(text),
        });
    }
    for (area, pieces) in api.areas.iter().zip(area_pieces(api, &config.name)) {
        files.push(OutputFile {
            path: format!("src/{}.rs", area.module),
            source: format!("spec/{}", area.file),
            content: Content::RustItems(pieces),
        });
    }
    files
}

/// What the generated crate is called, its version, and where it finds the runtime.
#[derive(Debug, Clone)]
pub struct CrateConfig {
    /// The package name.
    pub name: String,
    /// The package version (the runtime's too: they are released together).
    pub version: String,
    /// The path of `runtime/`, relative to the crate.
    pub runtime_path: String,
    /// Whether the crate may be published.
    pub publish: bool,
    /// The fake server's crate, which the quick start points tests to.
    pub fake_crate: Option<String>,
}

impl CrateConfig {
    /// The SDK crate, `halopsa`, in `generated/`, at `version`.
    pub fn sdk(version: &str) -> Self {
        CrateConfig {
            name: "halopsa".into(),
            version: version.into(),
            runtime_path: "../runtime".into(),
            publish: true,
            fake_crate: Some("halopsa-fake".into()),
        }
    }
}

/// The lowest Rust the generated crate builds with: the runtime's (`rust-version` of the
/// workspace; a test holds the two equal).
pub const RUST_VERSION: &str = "1.89";

fn cargo_toml(api: &Api, config: &CrateConfig) -> String {
    let areas: Vec<String> = api
        .areas
        .iter()
        .map(|a| format!("{:?}", a.module))
        .collect();
    let features: String = api
        .areas
        .iter()
        .map(|a| {
            let uses: Vec<String> = a.uses.iter().map(|m| format!("{m:?}")).collect();
            format!("{} = [{}]\n", a.module, uses.join(", "))
        })
        .collect();
    format!(
        r#"[package]
name = "{name}"
version = "{version}"
description = "Typed client for the HaloPSA REST API (HaloPSA, HaloITSM, HaloCRM), generated from an OpenAPI spec of Halo's documentation."
edition = "2024"
license = "MIT OR Apache-2.0"
rust-version = "{RUST_VERSION}"
readme = "../README.md"
documentation = "https://docs.rs/{name}"
keywords = ["halopsa", "haloitsm", "psa", "api", "client"]
categories = ["api-bindings", "web-programming::http-client"]
{publish}
[package.metadata.docs.rs]
all-features = true

# One feature per documentation area, all on by default: turn the defaults off and name
# the areas you use to compile only those. An area that uses another's records turns it on.
# And the TLS backend, `native-tls` by default (the system's TLS library) or `rustls`:
# both trust the operating system's certificates (docs/networks.md, "TLS, certificates and proxies").
[features]
default = [{areas}, "native-tls"]
{features}native-tls = ["halopsa-runtime/native-tls"]
rustls = ["halopsa-runtime/rustls"]

[dependencies]
halopsa-runtime = {{ path = "{runtime}", version = "={version}", default-features = false }}

# For the documentation's examples (doctests, compiled by `cargo test --doc`): the quick
# start's async runtime, and `TryStreamExt` for the record streams.
[dev-dependencies]
futures-util = {{ version = "0.3", default-features = false, features = ["std"] }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
"#,
        name = config.name,
        version = config.version,
        publish = if config.publish {
            ""
        } else {
            "publish = false\n"
        },
        areas = areas.join(", "),
        runtime = config.runtime_path,
    )
}

/// Writes types and links as seen from one module of the crate.
struct Scope<'a> {
    api: &'a Api,
    module: &'a str,
}

impl Scope<'_> {
    /// The Rust type.
    fn ty(&self, t: &RustType) -> TokenStream {
        TypeWriter::in_module(self.api, self.module).ty(t)
    }

    /// The type a function takes a parameter as ([`TypeWriter::arg`]).
    fn arg(&self, p: &Param) -> TokenStream {
        TypeWriter::in_module(self.api, self.module).arg(p)
    }

    /// A query setter's argument type and value ([`TypeWriter::setter_arg`]).
    fn setter_arg(&self, p: &Param) -> (TokenStream, TokenStream) {
        TypeWriter::in_module(self.api, self.module).setter_arg(p)
    }

    /// The type the endpoint function returns.
    fn response_ty(&self, kind: &ResponseKind) -> TokenStream {
        TypeWriter::in_module(self.api, self.module).response(kind)
    }

    /// A rustdoc link to a record type (`` [`Faults`](crate::tickets::Faults) ``).
    fn link(&self, id: TypeId) -> String {
        let model = self.api.model(id);
        if model.module == self.module {
            format!("[`{}`]", model.name)
        } else {
            format!(
                "[`{}`](crate::{}::{})",
                model.name, model.module, model.name
            )
        }
    }

    /// A type for a doc comment: a link for a record, code for anything else.
    fn describe(&self, t: &RustType) -> String {
        match t {
            RustType::Model(id) => self.link(*id),
            other => format!("`{}`", self.ty(other).to_string().replace(' ', "")),
        }
    }
}

fn lib_rs(api: &Api, quick_start: Option<&str>) -> TokenStream {
    let crate_doc = rustdoc::crate_doc(api, quick_start);
    // Each module's documentation is its own file's (`//!`), where rustdoc reads it once.
    let modules = api.areas.iter().map(|a| {
        let m = ident(&a.module);
        let feature = &a.module;
        quote! {
            #[cfg(feature = #feature)]
            pub mod #m;
        }
    });
    quote! {
        #crate_doc

        #![forbid(unsafe_code)]
        #![deny(missing_docs)]
        // Types nest as deeply as the spec nests them.
        #![allow(clippy::type_complexity)]

        pub use halopsa_runtime::{
            bytes, chrono, paging, serde_json, uuid, Body, Client, ClientBuilder, DateTime,
            DateTimeParseError, Error, Extra, Field, Lenient, List, Method, Model, OneOrMany,
            RateLimit, RawJson, Request, RetryPolicy, StatusCode, TimeLimit, Timestamp, TlsProblem,
            MAX_RETRY_AFTER, MAX_TOKEN_LIFETIME,
        };

        #[doc(hidden)]
        pub use halopsa_runtime::__private;

        /// Schemas shared by several documentation areas.
        pub mod common;
        #(#modules)*
    }
}

fn common_rs(api: &Api) -> TokenStream {
    let scope = Scope {
        api,
        module: COMMON_MODULE,
    };
    let models = api.common.iter().map(|id| model(&scope, api.model(*id)));
    quote! {
        //! Schemas of `spec/openapi.yaml` that several documentation areas share.
        #(#models)*
    }
}

/// One piece of an area's module.
enum Piece<'a> {
    /// The module's documentation.
    Doc(&'a Area),
    /// A record type of the area.
    Model(&'a Area, TypeId),
    /// An endpoint function (with its query struct and paging functions).
    Operation(&'a Area, &'a Operation),
}

/// Every area's module, in pieces: its documentation, then each model and each operation,
/// each piece the text of its tokens. The pieces are made on all processors (each thread
/// with its own [`Examples`], which holds tokens) and come back in order, one `Vec` per
/// area.
fn area_pieces(api: &Api, crate_name: &str) -> Vec<Vec<String>> {
    let pieces: Vec<Piece> = api
        .areas
        .iter()
        .flat_map(|area| {
            std::iter::once(Piece::Doc(area))
                .chain(area.models.iter().map(move |id| Piece::Model(area, *id)))
                .chain(
                    area.operations
                        .iter()
                        .map(move |op| Piece::Operation(area, op)),
                )
        })
        .collect();
    let mut texts = crate::parallel::map_with(
        &pieces,
        || Examples::new(api, crate_name),
        |examples, piece| piece_tokens(api, examples, piece).to_string(),
    )
    .into_iter();
    api.areas
        .iter()
        .map(|area| {
            let count = 1 + area.models.len() + area.operations.len();
            texts.by_ref().take(count).collect()
        })
        .collect()
}

/// The tokens of one piece of an area's module.
fn piece_tokens(api: &Api, examples: &Examples, piece: &Piece) -> TokenStream {
    match piece {
        Piece::Doc(area) => rustdoc::area_doc(api, area),
        Piece::Model(area, id) => model(
            &Scope {
                api,
                module: &area.module,
            },
            api.model(*id),
        ),
        Piece::Operation(area, op) => operation(
            &Scope {
                api,
                module: &area.module,
            },
            op,
            examples.endpoint(area, op),
            examples.stream(area, op),
        ),
    }
}

fn model(scope: &Scope, m: &Model) -> TokenStream {
    let name = ident(&m.name);
    let description = docs(&[
        m.description.as_deref(),
        Some(&format!("Schema `{}`.", m.schema_name)),
    ]);
    let fields = m.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let t = scope.ty(&f.ty);
        let fty = if f.boxed { quote!(Box<#t>) } else { t };
        let d = docs(&[
            f.description.as_deref(),
            Some(&format!("`{}`: {}.", f.json_name, f.type_note)),
        ]);
        quote! { #d pub #fname: crate::Field<#fty>, }
    });
    let decode_arms = m.fields.iter().map(|f| {
        let json = &f.json_name;
        let fname = ident(&f.rust_name);
        quote! { #json => self.#fname = map.next_value()?, }
    });
    let encode = m.fields.iter().map(|f| {
        let json = &f.json_name;
        let fname = ident(&f.rust_name);
        quote! { crate::__private::encode_field(map, #json, &self.#fname)?; }
    });
    let extra = ident(EXTRA_FIELD);
    let decode_body = if m.fields.is_empty() {
        quote! { let _ = (key, map); Ok(false) }
    } else {
        quote! {
            match key {
                #(#decode_arms)*
                _ => return Ok(false),
            }
            Ok(true)
        }
    };
    let encode_body = if m.fields.is_empty() {
        quote! { let _ = map; Ok(()) }
    } else {
        quote! { #(#encode)* Ok(()) }
    };
    quote! {
        #description
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            /// Keys the server sent that the spec does not document, kept as received and
            /// sent back unchanged.
            pub #extra: crate::Extra,
        }

        impl crate::Model for #name {
            fn decode_field<'de, A: crate::__private::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                #decode_body
            }
            fn encode_fields<S: crate::__private::SerializeMap>(&self, map: &mut S) -> Result<(), S::Error> {
                #encode_body
            }
            fn extra_fields(&self) -> &crate::Extra {
                &self.#extra
            }
            fn extra_fields_mut(&mut self) -> &mut crate::Extra {
                &mut self.#extra
            }
        }

        crate::__private::impl_model_serde!(#name);
    }
}

/// The runtime's method constant (`crate::Method::GET`: the `http` crate's, re-exported).
fn method_tokens(m: Method) -> TokenStream {
    let m = ident(m.as_str());
    quote!(crate::Method::#m)
}

/// The sentence of a function's doc comment that says what it returns, and how sure that is.
fn response_doc(scope: &Scope, op: &Operation) -> String {
    let r = &op.response;
    let what = match &r.kind {
        ResponseKind::Empty => format!(
            "no body: the docs document none, and any body the server sends is ignored \
             (send [`{}`] with [`Client::send_bytes`](crate::Client::send_bytes) to read it)",
            op.request_fn
        ),
        ResponseKind::Record(id) => format!("one {}", scope.link(*id)),
        ResponseKind::Saved(id) => format!(
            "the saved record, a {} (an array of saved records is accepted too, hence \
             [`OneOrMany`](crate::OneOrMany))",
            scope.link(*id)
        ),
        ResponseKind::List { item, key } => format!(
            "a [`List`](crate::List) of {}: a bare array, or Halo's wrapper object with \
             `record_count`{}",
            scope.describe(item),
            match key {
                Some(k) => format!(" and the records under `{k}`"),
                None => String::new(),
            }
        ),
        ResponseKind::Value(t) => scope.describe(t),
        ResponseKind::Text => {
            "text, as a `String` (bytes that are not UTF-8 become U+FFFD)".to_owned()
        }
        ResponseKind::Untyped { reason } => {
            format!(
                "a body the docs do not describe, returned as raw JSON: {}",
                escape_inline(reason.trim_end_matches('.'))
            )
        }
    };
    let mut text = format!(
        "`{} {}` (`{}`) answers `{}` with {what}.",
        op.method.as_str(),
        op.path,
        op.operation_id,
        r.status
    );
    if let Some(d) = &r.description {
        text.push_str(&format!(" Documented response: {}", escape_inline(d)));
        if !d.ends_with('.') {
            text.push('.');
        }
    }
    if r.inferred {
        text.push_str(
            "\n\nThe shape of this response is inferred from Halo's conventions; the docs do \
             not state it (`x-halopsa-inferred` in the spec).",
        );
    }
    text
}

/// An endpoint's query struct, functions and page streams; `example` is the function's
/// example, `stream_example` its record stream's.
fn operation(
    scope: &Scope,
    op: &Operation,
    example: String,
    stream_example: Option<String>,
) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let request_fn = ident(&op.request_fn);
    let method = method_tokens(op.method);
    let response = scope.response_ty(&op.response.kind);
    let operation_id = &op.operation_id;

    // Arguments.
    let mut args = Vec::new();
    let mut call_args = Vec::new();
    for p in &op.path_params {
        let name = ident(&p.rust_name);
        let t = scope.arg(p);
        args.push(quote!(#name: #t));
        call_args.push(quote!(#name));
    }
    let query_struct = op.query_struct.as_ref().map(|q| ident(q));
    if let Some(q) = &query_struct {
        args.push(quote!(query: &#q));
        call_args.push(quote!(query));
    }
    let body_set = match &op.body {
        BodyKind::None => quote!(),
        BodyKind::JsonSlice(item) | BodyKind::Json(item) => {
            let t = scope.ty(item);
            let arg = match &op.body {
                BodyKind::JsonSlice(_) => quote!(&[#t]),
                _ => quote!(&#t),
            };
            args.push(quote!(body: #arg));
            call_args.push(quote!(body));
            quote!(let request = request.json(body)?;)
        }
        BodyKind::AnyJson => {
            args.push(quote!(body: &crate::serde_json::Value));
            call_args.push(quote!(body));
            quote!(let request = request.json(body)?;)
        }
        BodyKind::Multipart => {
            args.push(quote!(form: &[(String, String)]));
            call_args.push(quote!(form));
            quote!(let request = request.multipart(form);)
        }
    };

    // Path.
    let pieces: Vec<TokenStream> = op
        .path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => quote!(#text),
            PathPart::Param(i) => {
                let p = &op.path_params[*i];
                let text = p.arg.text(&ident(&p.rust_name));
                quote!(&crate::__private::encode_path_param(#text))
            }
        })
        .collect();
    let path_expr = if op.path_params.is_empty() {
        quote!(#(#pieces)*)
    } else {
        quote!([#(#pieces),*].concat())
    };
    let query_append = query_struct
        .as_ref()
        .map(|_| quote!(query.append_to(&mut request);));
    let request_mut = if query_struct.is_some() {
        quote!(mut)
    } else {
        quote!()
    };

    // The call and the decoding of its answer.
    let send = quote!(client.send_bytes(#request_fn(#(#call_args),*)?).await?);
    let call = match &op.response.kind {
        ResponseKind::Empty => quote! {
            #send;
            Ok(())
        },
        ResponseKind::Text => quote! {
            let body = #send;
            Ok(String::from_utf8_lossy(&body).into_owned())
        },
        ResponseKind::List { key, .. } => {
            let key = match key {
                Some(k) => quote!(Some(#k)),
                None => quote!(None),
            };
            quote! {
                let body = #send;
                crate::__private::decode_list(#operation_id, #key, &body)
            }
        }
        _ => quote! {
            let body = #send;
            crate::__private::decode_response(#operation_id, &body)
        },
    };

    let body_note = match &op.body {
        BodyKind::AnyJson => Some(
            "The docs document no schema for the request body: `body` is sent as given.".to_owned(),
        ),
        BodyKind::Multipart => {
            Some("`form` is sent as `multipart/form-data` text fields, in order.".to_owned())
        }
        _ => None,
    }
    .map(|n| match &op.body_description {
        Some(d) => format!("{d}\n\n{n}"),
        None => n,
    })
    .or_else(|| op.body_description.clone());
    let fn_doc = docs(&[
        op.summary.as_deref(),
        op.description.as_deref(),
        body_note.as_deref(),
    ]);
    let returns_doc = doc_raw(&format!(
        "\n{}\n\n{}\n\n# Example\n\n{example}",
        response_doc(scope, op),
        rustdoc::companions(op)
    ));
    let request_doc = doc_raw(&format!(
        "Builds the request of [`{}`]; send it with [`Client::send`](crate::Client::send) \
         (`serde_json::Value` for the raw JSON) or [`Client::send_bytes`](crate::Client::send_bytes).",
        op.fn_name
    ));
    let arg_list = quote!(#(#args),*);

    let query_def = query_struct
        .as_ref()
        .map(|q| query_struct_def(scope, op, q));
    let paging = op
        .paging
        .as_ref()
        .zip(query_struct.as_ref())
        .map(|(p, q)| paging_fns(scope, op, p, q, stream_example));

    quote! {
        #query_def

        #fn_doc
        #returns_doc
        pub async fn #fn_name(client: &crate::Client, #arg_list) -> Result<#response, crate::Error> {
            #call
        }

        #request_doc
        pub fn #request_fn(#arg_list) -> Result<crate::Request, crate::Error> {
            let #request_mut request = crate::Request::new(#method, #path_expr);
            #query_append
            #body_set
            Ok(request)
        }

        #paging
    }
}

fn query_struct_def(scope: &Scope, op: &Operation, name: &Ident) -> TokenStream {
    let required: Vec<&Param> = op.query.iter().filter(|p| p.required).collect();
    let fields = op.query.iter().map(|p| {
        let fname = ident(&p.rust_name);
        let t = scope.ty(&p.ty);
        let t = if p.required { t } else { quote!(Option<#t>) };
        let d = docs(&[
            p.description.as_deref(),
            Some(&format!("Query parameter `{}`.", p.name)),
        ]);
        quote! { #d pub #fname: #t, }
    });
    let setters = op.query.iter().filter(|p| !p.required).map(|p| {
        let fname = ident(&p.rust_name);
        let d = doc(&format!(
            "Sets `{}`{}",
            p.name,
            p.description
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_else(|| ".".into())
        ));
        let (arg, conv) = scope.setter_arg(p);
        quote! {
            #d
            pub fn #fname(mut self, value: #arg) -> Self {
                self.#fname = Some(#conv);
                self
            }
        }
    });
    let append = op.query.iter().map(|p| {
        let fname = ident(&p.rust_name);
        let wire = &p.name;
        if p.required {
            // Through `Option`, as the optional ones: `&self.x` alone would be a needless
            // borrow (clippy) for a `Copy` type, and a move for a `String`.
            quote!(request.push_query_opt(#wire, Some(&self.#fname));)
        } else {
            quote!(request.push_query_opt(#wire, self.#fname.as_ref());)
        }
    });
    let struct_doc = doc_raw(&format!(
        "Query parameters of [`{}`]. Unset parameters are not sent.",
        op.fn_name
    ));
    let (derive, constructor) = if required.is_empty() {
        (
            quote!(#[derive(Debug, Clone, Default, PartialEq)]),
            quote! {
                /// No parameter set.
                pub fn new() -> Self {
                    Self::default()
                }
            },
        )
    } else {
        let args = required.iter().map(|p| {
            let n = ident(&p.rust_name);
            let t = scope.ty(&p.ty);
            quote!(#n: #t)
        });
        let inits = op.query.iter().map(|p| {
            let n = ident(&p.rust_name);
            if p.required {
                quote!(#n)
            } else {
                quote!(#n: None)
            }
        });
        (
            quote!(#[derive(Debug, Clone, PartialEq)]),
            quote! {
                /// The required parameters; the others unset.
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits),* }
                }
            },
        )
    };
    quote! {
        #struct_doc
        #derive
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #constructor
            #(#setters)*

            fn append_to(&self, request: &mut crate::Request) {
                #(#append)*
            }
        }
    }
}

/// The page and record streams of a paginated list; `example` is the record stream's.
fn paging_fns(
    scope: &Scope,
    op: &Operation,
    p: &Paging,
    query: &Ident,
    example: Option<String>,
) -> TokenStream {
    let pages_fn = ident(&p.pages_fn);
    let stream_fn = ident(&p.stream_fn);
    let request_fn = ident(&op.request_fn);
    let item = scope.ty(&p.item);
    let page_no = ident(&p.page_no);
    let page_size = ident(&p.page_size);
    let operation_id = &op.operation_id;
    let key = match &op.response.kind {
        ResponseKind::List { key: Some(k), .. } => quote!(Some(#k)),
        _ => quote!(None),
    };
    let paginate = p.paginate.as_ref().map(|field| {
        let field = ident(field);
        quote!(query.#field = Some(true);)
    });
    // Path parameters are taken as the endpoint function takes them, and owned by the
    // stream, which outlives the call.
    let mut args = Vec::new();
    let mut owned = Vec::new();
    let mut request_args = Vec::new();
    let mut forward = Vec::new();
    for param in &op.path_params {
        let name = ident(&param.rust_name);
        let t = scope.arg(param);
        args.push(quote!(#name: #t,));
        forward.push(quote!(#name,));
        owned.extend(param.arg.keep(&name));
        let passed = param.arg.pass(quote!(#name));
        request_args.push(quote!(#passed,));
    }
    let pages_doc = doc_raw(&format!(
        "Every page of [`{}`], requested one after another with `page_no` 1, 2, … until \
         `record_count` records have arrived or a page comes back empty. `page_no` and \
         `page_size` of `query` are overridden; Halo caps pages at 100 records.",
        op.fn_name
    ));
    let mut stream_doc = format!(
        "Every record of [`{}`], one at a time, fetched page by page as [`{}`] does. \
         Memory use stays at one page.",
        op.fn_name, p.pages_fn
    );
    if let Some(example) = example {
        stream_doc.push_str(&format!("\n\n# Example\n\n{example}"));
    }
    let stream_doc = doc_raw(&stream_doc);
    quote! {
        #pages_doc
        pub fn #pages_fn(
            client: &crate::Client,
            #(#args)*
            query: &#query,
        ) -> impl crate::paging::Stream<Item = Result<crate::paging::Page<#item>, crate::Error>> + Send + 'static + use<> {
            let base = query.clone();
            #(#owned)*
            crate::paging::pages(
                client.clone(),
                base.#page_size,
                move |page_no, page_size| {
                    let mut query = base.clone();
                    query.#page_no = Some(page_no);
                    query.#page_size = Some(page_size);
                    #paginate
                    #request_fn(#(#request_args)* &query)
                },
                |body| crate::__private::decode_list(#operation_id, #key, body),
            )
        }

        #stream_doc
        pub fn #stream_fn(
            client: &crate::Client,
            #(#args)*
            query: &#query,
        ) -> impl crate::paging::Stream<Item = Result<#item, crate::Error>> + Send + 'static + use<> {
            crate::paging::items(#pages_fn(client, #(#forward)* query))
        }
    }
}
