//! Emits the generated parts of the fake HaloPSA server (`fake/`, crate `halopsa-fake`):
//!
//! - [`TABLE_PATH`]: the API as data for the server: every operation (method, path
//!   template split into literals and parameters, path and query parameters with their
//!   types, body type, success status, what to answer, and its [`Role`] on a stateful
//!   resource), the resources (collection and item paths, id type, list wrapper key, record
//!   type) and every record type's documented fields with their types (to answer `400` to a
//!   body of the wrong type). The hand-written server core reads only this table: no code
//!   per route.
//! - [`TEST_PATH`]: one test per operation that calls the SDK function against a running
//!   fake and checks the answer decodes typed (and, for the stateful roles, what the store
//!   holds afterwards).

use crate::model::*;
use crate::output::{Content, OutputFile};
use crate::rust_types::ident;
use crate::samples::{self, json_sample, record_tokens, response_type, type_path};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Where the table goes, relative to the workspace root. `fake/src/lib.rs` includes it as
/// `#[rustfmt::skip] mod operations;`.
pub const TABLE_PATH: &str = "fake/src/operations.rs";

/// Where the every-operation test goes, relative to the workspace root.
/// `fake/tests/every_operation/main.rs` includes it under `#[rustfmt::skip]`.
pub const TEST_PATH: &str = "fake/tests/every_operation/generated.rs";

/// Emits the table and the every-operation test.
pub fn emit(api: &Api) -> Vec<OutputFile> {
    vec![
        OutputFile {
            path: TABLE_PATH.to_owned(),
            source: "spec/".to_owned(),
            content: Content::Rust(table(api)),
        },
        OutputFile {
            path: TEST_PATH.to_owned(),
            source: "spec/".to_owned(),
            content: Content::Rust(every_operation_test(api)),
        },
    ]
}

/// A type as the table writes it (`Ty::Int64`, `Ty::Array(&Ty::Record(3))`).
fn ty(t: &RustType) -> TokenStream {
    match t {
        RustType::I32 => quote!(Ty::Int32),
        RustType::I64 => quote!(Ty::Int64),
        RustType::F64 => quote!(Ty::Number),
        RustType::Bool => quote!(Ty::Bool),
        RustType::String => quote!(Ty::String),
        RustType::DateTime => quote!(Ty::DateTime),
        RustType::Uuid => quote!(Ty::Uuid),
        RustType::Json => quote!(Ty::Any),
        RustType::Vec(item) => {
            let item = ty(item);
            quote!(Ty::Array(&#item))
        }
        RustType::Map(value) => {
            let value = ty(value);
            quote!(Ty::Map(&#value))
        }
        RustType::Model(id) => {
            let i = Literal::usize_unsuffixed(id.0);
            quote!(Ty::Record(#i))
        }
    }
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

fn params(list: &[Param]) -> TokenStream {
    let items = list.iter().map(|p| {
        let (name, t) = (&p.name, ty(&p.ty));
        quote!(Param { name: #name, ty: #t })
    });
    quote!(&[#(#items),*])
}

/// What the server answers: the stateful roles answer from the store; every other
/// operation answers a sample of its declared response, built here from the schema.
fn response(api: &Api, op: &Operation) -> TokenStream {
    let sample = |content_type: &str, body: String| quote!(Response::Sample { content_type: #content_type, body: #body });
    let json = |value: serde_json::Value| sample("application/json", value.to_string());
    match (&op.role, &op.response.kind) {
        (_, ResponseKind::Empty) => quote!(Response::Empty),
        (Role::Get(_), _) => quote!(Response::Record),
        (Role::Save(_), _) => quote!(Response::Saved),
        // A list without an item path (`GET /ToDo`) answers the records kept under its path
        // as a resource's list does, and a `POST` of records to such a path (`POST /ToDo`)
        // saves them there.
        (Role::List(_) | Role::ListPath(_), ResponseKind::List { key, .. }) => {
            let key = option_str(key.as_deref());
            quote!(Response::List { key: #key })
        }
        (Role::SavePath(_), _) => quote!(Response::Saved),
        (_, ResponseKind::Text) => sample(
            "text/xml; charset=utf-8",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>".to_owned(),
        ),
        (_, ResponseKind::Untyped { .. }) => json(serde_json::json!({})),
        (_, ResponseKind::Record(id) | ResponseKind::Saved(id)) => {
            json(json_sample(api, &RustType::Model(*id), 0))
        }
        (_, ResponseKind::List { key: Some(key), .. }) => {
            let mut wrapper = serde_json::Map::new();
            wrapper.insert(crate::halo::RECORD_COUNT.into(), serde_json::json!(0));
            wrapper.insert(key.clone(), serde_json::json!([]));
            json(serde_json::Value::Object(wrapper))
        }
        (_, ResponseKind::List { key: None, .. }) => json(serde_json::json!([])),
        (_, ResponseKind::Value(t)) => json(json_sample(api, t, 0)),
    }
}

/// The record type an operation answers (one record, a saved record, or a list of them).
fn record(op: &Operation) -> TokenStream {
    match &op.response.kind {
        ResponseKind::Record(id)
        | ResponseKind::Saved(id)
        | ResponseKind::List {
            item: RustType::Model(id),
            ..
        } => {
            let i = Literal::usize_unsuffixed(id.0);
            quote!(Some(#i))
        }
        _ => quote!(None),
    }
}

fn body(op: &Operation) -> TokenStream {
    match &op.body {
        BodyKind::None => quote!(Body::None),
        BodyKind::JsonSlice(item) => {
            let t = ty(&RustType::Vec(Box::new(item.clone())));
            quote!(Body::Json(#t))
        }
        BodyKind::Json(t) => {
            let t = ty(t);
            quote!(Body::Json(#t))
        }
        BodyKind::AnyJson => quote!(Body::Json(Ty::Any)),
        BodyKind::Multipart => quote!(Body::Multipart),
    }
}

fn role(role: Role) -> TokenStream {
    let (variant, i) = match role {
        Role::List(i) => ("List", i),
        Role::Save(i) => ("Save", i),
        Role::Get(i) => ("Get", i),
        Role::Delete(i) => ("Delete", i),
        Role::ListPath(i) => ("ListPath", i),
        Role::SavePath(i) => ("SavePath", i),
        Role::Other => return quote!(Role::Other),
    };
    let (variant, i) = (ident(variant), Literal::usize_unsuffixed(i));
    quote!(Role::#variant(#i))
}

/// How the table writes a resource's id type.
fn id_type(t: &RustType) -> TokenStream {
    match t {
        RustType::String | RustType::Uuid => quote!(IdType::String),
        _ => quote!(IdType::Integer),
    }
}

fn table(api: &Api) -> TokenStream {
    let path_lists = api.path_lists.iter().map(|l| {
        let (name, path, id_type) = (&l.name, &l.path, id_type(&l.id_type));
        quote!(PathList { name: #name, path: #path, id_type: #id_type })
    });
    let resources = api.resources.iter().map(|r| {
        let (name, collection, item, id_param) = (&r.name, &r.collection, &r.item, &r.id_param);
        let id_type = id_type(&r.id_type);
        let record = Literal::usize_unsuffixed(r.record.0);
        let list_key = option_str(r.list_key.as_deref());
        quote! {
            Resource {
                name: #name,
                collection: #collection,
                item: #item,
                id_param: #id_param,
                id_type: #id_type,
                record: #record,
                list_key: #list_key,
            }
        }
    });
    let models = api.types.iter().map(|m| {
        let name = &m.schema_name;
        let fields = m.fields.iter().map(|f| {
            let (key, ty, nullable) = (&f.json_name, ty(&f.ty), f.nullable);
            let max_length = match f.max_length {
                Some(n) => {
                    let n = Literal::u64_unsuffixed(n);
                    quote!(Some(#n))
                }
                None => quote!(None),
            };
            quote!(Field { key: #key, ty: #ty, nullable: #nullable, max_length: #max_length })
        });
        quote!(Model { name: #name, fields: &[#(#fields),*] })
    });
    let operations = api.operations().map(|(_, op)| {
        let (operation_id, path) = (&op.operation_id, &op.path);
        let method = ident(op.method.as_str());
        let parts = op.path_parts.iter().map(|part| match part {
            PathPart::Literal(text) => quote!(Part::Literal(#text)),
            PathPart::Param(i) => {
                let i = Literal::usize_unsuffixed(*i);
                quote!(Part::Param(#i))
            }
        });
        let status = Literal::u16_unsuffixed(op.response.status.parse().unwrap_or(200));
        let paged = op.paging.is_some();
        let (path_params, query) = (params(&op.path_params), params(&op.query));
        let (body, response, role) = (body(op), response(api, op), role(op.role));
        let record = record(op);
        quote! {
            Operation {
                operation_id: #operation_id,
                method: Method::#method,
                path: #path,
                parts: &[#(#parts),*],
                path_params: #path_params,
                query: #query,
                body: #body,
                status: #status,
                response: #response,
                role: #role,
                record: #record,
                paged: #paged,
            }
        }
    });
    let count = api.operations().count();
    let doc = format!(
        " The {count} operations of the spec, in spec order, its {} stateful resources, its \
         {} lists without an item path and its {} record types, as data for the server core.",
        api.resources.len(),
        api.path_lists.len(),
        api.types.len()
    );
    quote! {
        #![doc = #doc]
        //!
        //! Indices: `Role::List(i)`, `Role::Save(i)`, `Role::Get(i)` and `Role::Delete(i)`
        //! index [`RESOURCES`]; `Role::ListPath(i)` and `Role::SavePath(i)` index
        //! [`PATH_LISTS`]; `Ty::Record(i)` and `Resource::record` index [`MODELS`].

        use crate::table::{Body, Field, IdType, Method, Model, Operation, Param, Part, PathList, Resource, Response, Role, Ty};

        /// The stateful resources: a collection path and an item path serving one record type.
        pub static RESOURCES: &[Resource] = &[#(#resources),*];

        /// The lists without an item path: each keeps records under its path.
        pub static PATH_LISTS: &[PathList] = &[#(#path_lists),*];

        /// Every record type (schema) with its documented fields.
        pub static MODELS: &[Model] = &[#(#models),*];

        /// Every operation.
        pub static OPERATIONS: &[Operation] = &[#(#operations),*];
    }
}

/// A path parameter's sample as Rust tokens, and as the record id the test seeds.
fn path_arg(p: &Param, n: i64) -> (TokenStream, serde_json::Value) {
    match &p.ty {
        RustType::String => {
            let s = samples::STRING_SAMPLE;
            (quote!(#s), serde_json::json!(s))
        }
        other => (
            samples::scalar_tokens(other, n).unwrap_or(quote!(Default::default())),
            serde_json::json!(n),
        ),
    }
}

fn every_operation_test(api: &Api) -> TokenStream {
    let tests = api
        .areas
        .iter()
        .flat_map(|area| area.operations.iter().map(move |op| test(api, area, op)));
    let count = api.operations().count();
    let doc = format!(
        " Each of the {count} operations called through the SDK against a running fake: it \
         succeeds and its answer decodes into the declared type."
    );
    quote! {
        #![doc = #doc]

        use crate::support;
        use halopsa::serde_json::json;

        #(#tests)*
    }
}

fn test(api: &Api, area: &Area, op: &Operation) -> TokenStream {
    let name = ident(&op.fn_name);
    let module = ident(&area.module);
    let function = ident(&op.fn_name);
    let mut args = Vec::new();
    let mut setup = Vec::new();
    let mut checks = Vec::new();
    let mut ids = Vec::new();
    for (i, p) in op.path_params.iter().enumerate() {
        let (arg, id) = path_arg(p, 7 + i as i64);
        args.push(arg);
        ids.push(id);
    }
    if let Some(q) = &op.query_struct {
        let q = ident(q);
        args.push(quote!(&halopsa::#module::#q::new()));
    }
    match &op.body {
        BodyKind::None => {}
        BodyKind::AnyJson => args.push(quote!(&json!({"any": [1, "two", null]}))),
        BodyKind::Multipart => args.push(quote!(&[
            ("Body".to_owned(), "hello there".to_owned()),
            ("From".to_owned(), "+15551234567".to_owned()),
        ])),
        BodyKind::JsonSlice(item) => match item {
            RustType::Model(id) => {
                let record = record_tokens(api, *id, 42);
                setup.push(quote!(let body = [#record];));
                args.push(quote!(&body));
            }
            RustType::I32 | RustType::I64 => args.push(quote!(&[1, 2, 3])),
            RustType::Uuid => {
                let uuid = samples::scalar_tokens(item, 0);
                args.push(quote!(&[#uuid]));
            }
            other => {
                let t = type_path(api, other);
                args.push(quote!(&[] as &[#t]));
            }
        },
        BodyKind::Json(t) => match t {
            RustType::Model(id) => {
                let record = record_tokens(api, *id, 42);
                setup.push(quote!(let body = #record;));
                args.push(quote!(&body));
            }
            _ => args.push(quote!(&Default::default())),
        },
    }
    // The table the operation reads or writes: its resource's or its path list's.
    let table = match op.role {
        Role::List(r) | Role::Save(r) | Role::Get(r) | Role::Delete(r) => {
            Some(api.resources[r].name.clone())
        }
        Role::ListPath(l) | Role::SavePath(l) => Some(api.path_lists[l].name.clone()),
        Role::Other => None,
    };
    match (&op.response.kind, op.role, table) {
        (ResponseKind::List { .. }, _, Some(name)) => {
            setup.push(quote! {
                fake.insert(#name, json!({"unknown_key": "kept"})).expect("a record");
                fake.insert(#name, json!({})).expect("a record");
            });
            checks.push(quote! {
                assert_eq!(response.len(), 2);
                assert_eq!(support::encoded(&response[0])["unknown_key"], "kept");
            });
        }
        (_, Role::Get(_), Some(name)) => {
            let id = ids[0].to_string();
            setup.push(quote! {
                let id: halopsa::serde_json::Value = halopsa::serde_json::from_str(#id).expect("json");
                fake.insert(#name, json!({"id": id, "unknown_key": "kept"})).expect("a record");
            });
            checks.push(quote! {
                let record = support::encoded(&response);
                assert_eq!(record["id"].to_string(), #id);
                assert_eq!(record["unknown_key"], "kept");
            });
        }
        (_, Role::Delete(_), Some(name)) => {
            let id = ids[0].to_string();
            setup.push(quote! {
                let id: halopsa::serde_json::Value = halopsa::serde_json::from_str(#id).expect("json");
                fake.insert(#name, json!({"id": id})).expect("a record");
                assert_eq!(fake.records(#name).len(), 1);
            });
            checks.push(quote! {
                let () = response;
                assert!(fake.records(#name).is_empty());
            });
        }
        (ResponseKind::Saved(_), _, Some(name)) => {
            checks.push(quote! {
                assert!(matches!(response, halopsa::OneOrMany::One(_)), "{response:?}");
                let saved = support::encoded(&response[0]);
                assert_eq!(saved["unknown_key"], "kept");
                assert!(!saved["id"].is_null(), "{saved}");
                let stored = fake.records(#name);
                assert_eq!(stored.len(), 1);
                assert_eq!(stored[0], saved);
            });
        }
        (ResponseKind::Empty, _, _) => checks.push(quote!(let () = response;)),
        (ResponseKind::Text, _, _) => {
            checks.push(quote!(assert!(response.contains("<Response>"), "{response}");));
        }
        // A sample built from the schema: it decoded; it encodes back.
        _ => checks.push(quote!(let _ = support::encoded(&response);)),
    }
    let response_ty = response_type(api, &op.response.kind);
    let operation_id = &op.operation_id;
    quote! {
        #[tokio::test]
        async fn #name() {
            let fake = support::fake().await;
            let client = fake.client();
            #(#setup)*
            let response: #response_ty = halopsa::#module::#function(&client, #(#args),*)
                .await
                .expect(#operation_id);
            #(#checks)*
            support::logged(&fake, #operation_id);
        }
    }
}
