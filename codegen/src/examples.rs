//! The code examples of the generated crate's documentation, built from the model: one per
//! endpoint function, one per record stream, and the crate's quick start.
//!
//! Arguments get the sample values of [`crate::samples`] (the tests' numbers, a plain
//! string), so an example is what a user writes, not a fixture. Every example is a
//! `no_run` doctest: `cargo test --doc` compiles it against the crate, and nothing is sent.
//! An example names only its own area's module, the shared module and the areas its area's
//! cargo feature turns on, so it compiles with that area alone.

use crate::model::*;
use crate::rust_types::TypeWriter;
use crate::samples::{sample_field, SampleStyle};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Writes examples for one generated crate.
pub struct Examples<'a> {
    api: &'a Api,
    /// The crate's name as a path (`halopsa`).
    root: Ident,
    samples: SampleStyle,
}

/// The crate's quick start: a program calling one area's operations.
#[derive(Debug, Clone)]
pub struct QuickStart {
    /// The module (and cargo feature) of the area it calls.
    pub module: String,
    /// The code block, fenced, as Markdown.
    pub code: String,
    /// The functions it calls, in order.
    pub calls: Vec<String>,
}

/// One call of an endpoint function in an example.
struct Call {
    /// The statements that make its arguments.
    setup: Vec<TokenStream>,
    /// The call, without `.await`.
    call: TokenStream,
    /// Items of the area's module it names (the query struct, records), to import.
    imports: Vec<Ident>,
}

/// A step of the quick start: its comment and its code, and whether a blank line sets it
/// apart from the previous one.
struct Section {
    comment: &'static str,
    code: TokenStream,
    apart: bool,
}

/// How the value an operation answers is named and shown in an example.
struct Shown {
    binding: Option<Ident>,
    show: TokenStream,
}

impl<'a> Examples<'a> {
    /// Examples for the crate `crate_name` (its package name: `halopsa`).
    pub fn new(api: &'a Api, crate_name: &str) -> Self {
        let root = ident(&crate_name.replace('-', "_"));
        let samples = SampleStyle::docs(&root);
        Examples { api, root, samples }
    }

    /// The example of an endpoint function: a fenced `no_run` block in which `client` is a
    /// `&Client`.
    pub fn endpoint(&self, area: &Area, op: &Operation) -> String {
        let Call {
            setup,
            call,
            imports,
        } = self.call(area, op, &op.fn_name, quote!(client), true);
        let Shown { binding, show } = self.shown(op);
        let call = match binding {
            Some(b) => quote!(let #b = #call.await?;),
            None => quote!(#call.await?;),
        };
        let body = quote! { #(#setup)* #call #show };
        self.async_block(&self.imports(area, &imports, false), &body)
    }

    /// The example of a paginated operation's record stream, or `None` for an operation
    /// that does not page.
    pub fn stream(&self, area: &Area, op: &Operation) -> Option<String> {
        let paging = op.paging.as_ref()?;
        let Call {
            setup,
            call,
            imports,
        } = self.call(area, op, &paging.stream_fn, quote!(client), true);
        let show = self.show_item(&paging.item, &ident("record"));
        let body = quote! {
            #(#setup)*
            let records = #call;
            let mut records = std::pin::pin!(records);
            while let Some(record) = records.try_next().await? {
                #show
            }
        };
        Some(self.async_block(&self.imports(area, &imports, true), &body))
    }

    /// The quick start: a client from the environment or from explicit settings, a list,
    /// every record of it through its stream, one record with its errors matched.
    pub fn quick_start(&self) -> Option<QuickStart> {
        let (area, list, get) = self.quick_start_operations()?;
        let mut calls = vec![list.fn_name.clone()];
        calls.extend(list.paging.as_ref().map(|p| p.stream_fn.clone()));
        calls.extend(get.map(|g| g.fn_name.clone()));

        let mut imports = Vec::new();
        let mut sections = vec![
            Section {
                comment: "The instance and credentials from `HALOPSA_*` environment variables\n\
                          (`ClientBuilder::from_env` lists them),",
                code: quote!(let client = Client::from_env()?;),
                apart: true,
            },
            Section {
                comment: "or set explicitly:",
                code: quote! {
                    let client = Client::builder()
                        .hosted("acme")
                        .client_credentials("client-id", "client-secret")
                        .build()?;
                },
                apart: false,
            },
        ];

        let Call {
            setup,
            call,
            imports: named,
        } = self.call(area, list, &list.fn_name, quote!(&client), false);
        imports.extend(named);
        sections.push(Section {
            comment: "A list. Each operation with query parameters takes a query struct: `new`\n\
                      takes the required ones, setters the others; unset ones are not sent.",
            code: quote! {
                #(#setup)*
                let records = #call.await?;
                println!("{} records", records.len());
            },
            apart: true,
        });

        if let (Some(paging), ResponseKind::List { item, .. }) = (&list.paging, &list.response.kind)
        {
            // With the list's `query`.
            let stream = self.call(area, list, &paging.stream_fn, quote!(&client), false);
            let stream = stream.call;
            let show = self.show_item(item, &ident("record"));
            sections.push(Section {
                comment: "Every record, page after page, one page in memory at a time.",
                code: quote! {
                    let records = #stream;
                    let mut records = std::pin::pin!(records);
                    while let Some(record) = records.try_next().await? {
                        #show
                    }
                },
                apart: true,
            });
        }

        let matched = get.unwrap_or(list);
        let Call {
            setup,
            call,
            imports: named,
        } = self.call(area, matched, &matched.fn_name, quote!(&client), false);
        imports.extend(named);
        let ok = match &matched.response.kind {
            ResponseKind::Record(id) => self.show_item(&RustType::Model(*id), &ident("record")),
            _ => quote!(println!("{record:?}");),
        };
        sections.push(Section {
            comment: if get.is_some() {
                "One record. Errors are values: match on them."
            } else {
                "Errors are values: match on them."
            },
            code: quote! {
                #(#setup)*
                match #call.await {
                    Ok(record) => { #ok }
                    Err(error) if error.status() == Some(StatusCode::NOT_FOUND) => {
                        println!("not found: {error}");
                    }
                    Err(error) => return Err(error),
                }
            },
            apart: true,
        });

        imports.sort();
        imports.dedup();
        let root = &self.root;
        let stream = list.paging.is_some().then(|| {
            quote!(
                use futures_util::TryStreamExt;
            )
        });
        let items = self.module_use(&ident(&area.module), &imports);
        let uses = quote! {
            #stream
            #items
            use #root::{Client, StatusCode};
        };
        Some(QuickStart {
            module: area.module.clone(),
            code: self.program(&uses, &sections),
            calls,
        })
    }

    /// The operations of the quick start: in the first area with a paginated list
    /// (preferring one whose records can also be read one by one), that list and the
    /// operation reading one of its records; `None` when no area has a list.
    fn quick_start_operations(&self) -> Option<(&'a Area, &'a Operation, Option<&'a Operation>)> {
        let lists: Vec<(&Area, &Operation)> = self
            .api
            .operations()
            .filter(|(_, op)| {
                matches!(op.response.kind, ResponseKind::List { .. }) && op.body == BodyKind::None
            })
            .collect();
        let get_of = |area: &'a Area, op: &Operation| {
            let Role::List(r) = op.role else { return None };
            area.operations.iter().find(|o| o.role == Role::Get(r))
        };
        let (area, list) = lists
            .iter()
            .find(|(a, op)| op.paging.is_some() && get_of(a, op).is_some())
            .or_else(|| lists.iter().find(|(_, op)| op.paging.is_some()))
            .or_else(|| lists.first())
            .copied()?;
        Some((area, list, get_of(area, list)))
    }

    /// A fenced `no_run` block of a program: `uses`, then `main` on tokio running the
    /// sections, each after its comment.
    fn program(&self, uses: &TokenStream, sections: &[Section]) -> String {
        let mut code = vec!["```no_run".to_owned()];
        code.extend(format_statements(uses));
        code.push(String::new());
        code.push("#[tokio::main]".to_owned());
        code.push(format!(
            "async fn main() -> Result<(), {}::Error> {{",
            self.root
        ));
        for (i, section) in sections.iter().enumerate() {
            if i > 0 && section.apart {
                code.push(String::new());
            }
            code.extend(section.comment.lines().map(|l| format!("    // {l}")));
            code.extend(format_statements(&section.code).into_iter().map(indent));
        }
        code.extend(["    Ok(())", "}", "```"].map(str::to_owned));
        code.join("\n")
    }

    /// A call of `function` (the operation's, or its stream's) with sample arguments;
    /// `setter`: one optional query parameter set, to show how.
    fn call(
        &self,
        area: &Area,
        op: &Operation,
        function: &str,
        client: TokenStream,
        setter: bool,
    ) -> Call {
        let module = ident(&area.module);
        let function = ident(function);
        let mut setup = Vec::new();
        let mut args = vec![client];
        let mut imports = Vec::new();
        for (i, p) in op.path_params.iter().enumerate() {
            args.push(self.value(&p.ty, 7 + i as i64, p.arg));
        }
        if let Some(q) = &op.query_struct {
            let q = ident(q);
            imports.push(q.clone());
            let required = op
                .query
                .iter()
                .enumerate()
                .filter(|(_, p)| p.required)
                .map(|(i, p)| self.value(&p.ty, 100 + i as i64, ArgForm::Owned));
            // One optional parameter, to show the setters; not one the page stream sets.
            let paging: Vec<&str> = op
                .paging
                .iter()
                .flat_map(|p| [&p.page_no, &p.page_size].into_iter().chain(&p.paginate))
                .map(String::as_str)
                .collect();
            // A flag when there is one (it reads as what it does: `.open_only(true)`).
            let optional: Vec<(usize, &Param)> = op
                .query
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.required && !paging.contains(&p.rust_name.as_str()))
                .filter(|(_, p)| self.samples.scalar(&p.ty, 0).is_some())
                .collect();
            let setter = optional
                .iter()
                .find(|(_, p)| p.ty == RustType::Bool)
                .or(optional.first())
                .filter(|_| setter)
                .map(|(i, p)| {
                    let value = self.value(&p.ty, 100 + *i as i64, p.arg);
                    let name = ident(&p.rust_name);
                    quote!(.#name(#value))
                });
            setup.push(quote!(let query = #q::new(#(#required),*) #setter;));
            args.push(quote!(&query));
        }
        match &op.body {
            BodyKind::None => {}
            BodyKind::AnyJson => {
                let root = &self.root;
                setup.push(quote!(let body = #root::serde_json::json!({ "key": "value" });));
                args.push(quote!(&body));
            }
            BodyKind::Multipart => {
                setup.push(quote!(let form = [("key".to_owned(), "value".to_owned())];));
                args.push(quote!(&form));
            }
            BodyKind::JsonSlice(item) => match item {
                RustType::Model(id) => {
                    setup.push(self.record(area, *id, &mut imports));
                    args.push(quote!(&[record]));
                }
                RustType::I32 | RustType::I64 => args.push(quote!(&[1, 2, 3])),
                RustType::Uuid => {
                    let uuid = self.value(item, 0, ArgForm::Owned);
                    args.push(quote!(&[#uuid]));
                }
                _ => args.push(quote!(&[])),
            },
            BodyKind::Json(t) => match t {
                RustType::Model(id) => {
                    setup.push(self.record(area, *id, &mut imports));
                    args.push(quote!(&record));
                }
                _ => args.push(quote!(&Default::default())),
            },
        }
        Call {
            setup,
            call: quote!(#module::#function(#(#args),*)),
            imports,
        }
    }

    /// A sample argument of type `t`, in the argument form `form`.
    fn value(&self, t: &RustType, n: i64, form: ArgForm) -> TokenStream {
        match self.samples.scalar(t, n) {
            Some(v) => form.sample(t, v),
            None => quote!(Default::default()),
        }
    }

    /// `let record = …;`: a record from its default with its sample field set.
    fn record(&self, area: &Area, id: TypeId, imports: &mut Vec<Ident>) -> TokenStream {
        let model = self.api.model(id);
        let path = if model.module == area.module {
            let name = ident(&model.name);
            imports.push(name.clone());
            quote!(#name)
        } else {
            TypeWriter::dependent_on(self.api, &self.root).ty(&RustType::Model(id))
        };
        match sample_field(self.api, id) {
            Some(field) => {
                let name = ident(&field.rust_name);
                let value = self.value(&field.ty, 1, ArgForm::Owned);
                quote! {
                    let mut record = #path::default();
                    record.#name.set(#value);
                }
            }
            None => quote!(let record = #path::default();),
        }
    }

    /// What the example does with the answer.
    fn shown(&self, op: &Operation) -> Shown {
        let body_is_record = matches!(
            op.body,
            BodyKind::Json(RustType::Model(_)) | BodyKind::JsonSlice(RustType::Model(_))
        );
        let (name, show) = match &op.response.kind {
            ResponseKind::Empty => {
                return Shown {
                    binding: None,
                    show: quote!(),
                }
            }
            ResponseKind::List { .. } => {
                ("records", quote!(println!("{} records", records.len());))
            }
            ResponseKind::Record(_) if !body_is_record => {
                ("record", quote!(println!("{record:?}");))
            }
            ResponseKind::Saved(_) => ("saved", quote!(println!("{saved:?}");)),
            ResponseKind::Text => ("text", quote!(println!("{text}");)),
            ResponseKind::Record(_) | ResponseKind::Value(_) | ResponseKind::Untyped { .. } => {
                ("response", quote!(println!("{response:?}");))
            }
        };
        Shown {
            binding: Some(ident(name)),
            show,
        }
    }

    /// Prints one record (`name`): its sample field when it has one, else all of it.
    fn show_item(&self, item: &RustType, name: &Ident) -> TokenStream {
        let field = match item {
            RustType::Model(id) => sample_field(self.api, *id),
            _ => None,
        };
        match field {
            Some(field) => {
                let f = ident(&field.rust_name);
                quote!(println!("{:?}", #name.#f.value());)
            }
            _ => {
                let format = format!("{{{name}:?}}");
                quote!(println!(#format);)
            }
        }
    }

    /// The `use` lines of an example: the stream trait when it walks a stream, and the
    /// area's module with the items named.
    fn imports(&self, area: &Area, items: &[Ident], stream: bool) -> TokenStream {
        let mut items = items.to_vec();
        items.sort();
        items.dedup();
        let stream = stream.then(|| {
            quote!(
                use futures_util::TryStreamExt;
            )
        });
        let module = self.module_use(&ident(&area.module), &items);
        quote!(#stream #module)
    }

    fn module_use(&self, module: &Ident, items: &[Ident]) -> TokenStream {
        let root = &self.root;
        if items.is_empty() {
            quote!(use #root::#module;)
        } else {
            quote!(use #root::#module::{self, #(#items),*};)
        }
    }

    /// A fenced `no_run` block: the imports, a blank line and the statements, inside a
    /// hidden `async fn` taking `client: &Client` and returning the crate's error.
    fn async_block(&self, imports: &TokenStream, body: &TokenStream) -> String {
        let root = &self.root;
        let mut lines = vec![
            "```no_run".to_owned(),
            format!("# async fn example(client: &{root}::Client) -> Result<(), {root}::Error> {{"),
        ];
        lines.extend(format_statements(imports));
        lines.push(String::new());
        lines.extend(format_statements(body));
        lines.extend(["# Ok(())", "# }", "```"].map(str::to_owned));
        lines.join("\n")
    }
}

/// Statements as formatted Rust lines (prettyplease, as the format stage prints the crate).
/// Tokens that do not parse (a generator bug, which the doctest then reports) are given
/// as they are. Warm runs of the xtask read them from the formatting memo (`memo.rs`),
/// like the files.
fn format_statements(tokens: &TokenStream) -> Vec<String> {
    // Printing the tokens to name the entry is only worth it when there is a memo.
    let key = crate::memo::is_on()
        .then(|| crate::memo::key("<example>", "", &tokens.to_string()))
        .flatten();
    if let Some(text) = key.as_deref().and_then(crate::memo::get) {
        return text.split_terminator('\n').map(str::to_owned).collect();
    }
    let wrapped = quote!(async fn example() { #tokens });
    match syn::parse2::<syn::File>(wrapped) {
        Ok(file) => {
            let text = prettyplease::unparse(&file);
            let lines: Vec<&str> = text.lines().collect();
            let lines: Vec<String> = lines[1..lines.len().saturating_sub(1)]
                .iter()
                .map(|l| {
                    let l = l.strip_prefix("    ").unwrap_or(l);
                    // Inside a macro prettyplease spaces every token: `json!({ "key" : 1 })`.
                    if l.contains("json!(") {
                        l.replace("\" : ", "\": ")
                    } else {
                        l.to_owned()
                    }
                })
                .collect();
            if let Some(key) = &key {
                let text: String = lines.iter().map(|line| format!("{line}\n")).collect();
                crate::memo::put(key, &text);
            }
            lines
        }
        Err(_) => vec![tokens.to_string()],
    }
}

fn indent(line: String) -> String {
    if line.is_empty() {
        line
    } else {
        format!("    {line}")
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
