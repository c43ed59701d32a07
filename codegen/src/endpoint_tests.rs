//! Emits `tests/tests/endpoints.rs`: one behaviour test per operation that calls the
//! generated function over real HTTP (a loopback mock server) and checks the request's
//! method, encoded path, query string and body against what the spec says.
//!
//! Expected values are computed here from the spec (sample values, percent-encoding),
//! independently of the SDK code the emit stage writes.

use crate::model::*;
use crate::output::{Content, OutputFile};
use crate::rust_types::ident;
use crate::samples::{response_type, type_path};
use proc_macro2::TokenStream;
use quote::quote;

/// Where the test module goes, relative to the workspace root. The hand-written test
/// `tests/tests/endpoints/main.rs` includes it under `#[rustfmt::skip]`, so that
/// `cargo fmt` leaves the generator's formatting alone.
pub const PATH: &str = "tests/tests/endpoints/generated.rs";

/// Emits the endpoint test file.
pub fn emit(api: &Api) -> OutputFile {
    let tests = api
        .areas
        .iter()
        .flat_map(|area| area.operations.iter().map(move |op| test(api, area, op)));
    let tokens = quote! {
        //! Every endpoint called over HTTP on loopback: method, path, query and body are
        //! exactly what the spec says, and the documented response decodes.

        use crate::support::{self, check, Expected};

        #(#tests)*
    };
    OutputFile {
        path: PATH.to_owned(),
        source: "spec/".to_owned(),
        content: Content::Rust(tokens),
    }
}

const UUID_A: &str = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
const UUID_B: &str = "9b2f7a64-2d1e-4c55-8f3a-0c1d2e3f4a5b";
const STRING_SAMPLE: &str = "a&b c/d";

/// A sample value of a scalar type as Rust tokens, and its form in a URL query.
fn sample(t: &RustType, n: i64) -> Option<(TokenStream, String)> {
    Some(match t {
        RustType::I32 => {
            let v = n as i32;
            (quote!(#v), v.to_string())
        }
        RustType::I64 => (quote!(#n), n.to_string()),
        RustType::F64 => (quote!(1.5), "1.5".to_owned()),
        RustType::Bool => (quote!(true), "true".to_owned()),
        RustType::String => (quote!(#STRING_SAMPLE), form_encode(STRING_SAMPLE)),
        RustType::Uuid => (
            quote!(halopsa::uuid::Uuid::from_u128(#UUID_A_U128)),
            UUID_A.to_owned(),
        ),
        _ => return None,
    })
}

const UUID_A_U128: u128 = 0x3f2504e0_4f89_11d3_9a0c_0305e82c3301;
const UUID_B_U128: u128 = 0x9b2f7a64_2d1e_4c55_8f3a_0c1d2e3f4a5b;

/// Percent-encodes every byte but ASCII letters, digits and `keep`; a space becomes `+`
/// when `space_as_plus`.
fn percent_encode(s: &str, keep: &[u8], space_as_plus: bool) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else if b == b' ' && space_as_plus {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `application/x-www-form-urlencoded` encoding, as a URL query carries it.
fn form_encode(s: &str) -> String {
    percent_encode(s, b"*-._", true)
}

/// Percent-encoding of a path segment (everything but unreserved characters).
fn path_encode(s: &str) -> String {
    percent_encode(s, b"-._~", false)
}

/// A realistic JSON value of a type, as a server would send it. Records get their first
/// scalar field, and one key the spec does not document.
fn sample_json(api: &Api, t: &RustType, n: i64) -> serde_json::Value {
    use serde_json::{json, Value};
    match t {
        RustType::I32 | RustType::I64 => json!(n),
        RustType::F64 => json!(1.5),
        RustType::Bool => json!(true),
        RustType::String => json!(STRING_SAMPLE),
        RustType::DateTime => json!("2024-06-20T14:45:15.9746271Z"),
        RustType::Uuid => json!(UUID_A),
        RustType::Json => json!({"any": [1, "two", null]}),
        RustType::Vec(item) => Value::Array(vec![
            sample_json(api, item, n),
            sample_json(api, item, n + 1),
        ]),
        RustType::Map(value) => json!({ "key": sample_json(api, value, n) }),
        RustType::Model(id) => {
            let mut record = serde_json::Map::new();
            if let Some((field, value)) = first_scalar(api, *id, n) {
                record.insert(field.json_name.clone(), value);
            }
            record.insert("unknown_key".to_owned(), json!("kept"));
            Value::Object(record)
        }
    }
}

/// The first field of a record with a scalar type, and a sample value of it.
fn first_scalar(api: &Api, id: TypeId, n: i64) -> Option<(&ModelField, serde_json::Value)> {
    api.model(id).fields.iter().find_map(|f| {
        let value = match f.ty {
            RustType::I32 | RustType::I64 => serde_json::json!(n),
            RustType::String => serde_json::json!(STRING_SAMPLE),
            RustType::Bool => serde_json::json!(true),
            _ => return None,
        };
        Some((f, value))
    })
}

/// Assertions on a decoded record (`value`: an expression of the record type) against
/// [`sample_json`]'s record.
fn record_checks(api: &Api, id: TypeId, value: TokenStream, n: i64) -> TokenStream {
    let field_check = first_scalar(api, id, n).map(|(field, _)| {
        let fname = ident(&field.rust_name);
        let expected = match field.ty {
            RustType::I32 => {
                let v = n as i32;
                quote!(#v)
            }
            RustType::I64 => quote!(#n),
            RustType::String => quote!(#STRING_SAMPLE.to_owned()),
            _ => quote!(true),
        };
        quote!(assert_eq!(#value.#fname, halopsa::Field::Value(#expected));)
    });
    quote! {
        #field_check
        assert_eq!(#value.extra_fields.get_raw("unknown_key"), Some("\"kept\""));
    }
}

/// A model value with its first scalar field set and its second field `null`, and the
/// JSON the SDK must send for it.
fn model_sample(api: &Api, t: &RustType) -> (TokenStream, String) {
    let RustType::Model(id) = t else {
        return (quote!(Default::default()), "{}".to_owned());
    };
    let model = api.model(*id);
    let path = type_path(api, t);
    let mut sets = Vec::new();
    let mut json = Vec::new();
    if let Some((field, (value, _))) = model
        .fields
        .iter()
        .find_map(|f| sample(&f.ty, 42).map(|s| (f, s)))
    {
        let fname = ident(&field.rust_name);
        let value = match field.ty {
            RustType::String => quote!(#value.to_owned()),
            _ => value,
        };
        sets.push(quote!(value.#fname = halopsa::Field::Value(#value);));
        json.push(format!(
            "{}:{}",
            serde_json::Value::String(field.json_name.clone()),
            match &field.ty {
                RustType::String => serde_json::Value::String(STRING_SAMPLE.into()).to_string(),
                RustType::Uuid => format!("\"{UUID_A}\""),
                RustType::F64 => "1.5".into(),
                RustType::Bool => "true".into(),
                _ => "42".into(),
            }
        ));
        if let Some(second) = model.fields.iter().find(|f| f.rust_name != field.rust_name) {
            let sname = ident(&second.rust_name);
            sets.push(quote!(value.#sname = halopsa::Field::Null;));
            json.push(format!(
                "{}:null",
                serde_json::Value::String(second.json_name.clone())
            ));
        }
    }
    (
        // Records are `#[non_exhaustive]`: built from their default, field by field.
        if sets.is_empty() {
            quote!(#path::default())
        } else {
            quote!({
                let mut value = #path::default();
                #(#sets)*
                value
            })
        },
        format!("{{{}}}", json.join(",")),
    )
}

fn test(api: &Api, area: &Area, op: &Operation) -> TokenStream {
    let test_name = ident(&op.fn_name);
    let module = ident(&area.module);
    let function = ident(&op.fn_name);
    let method = op.method.as_str();

    let mut args = Vec::new();
    let mut setup = Vec::new();
    // Path parameters: distinct samples, and a string that needs encoding.
    let mut path_values = Vec::new();
    for (i, p) in op.path_params.iter().enumerate() {
        let n = 7 + i as i64;
        let (value, raw) = match &p.ty {
            RustType::String => (quote!(#STRING_SAMPLE), STRING_SAMPLE.to_owned()),
            other => match sample(other, n) {
                Some((v, q)) => (v, q),
                None => (quote!(Default::default()), String::new()),
            },
        };
        args.push(value);
        path_values.push(path_encode(&raw));
    }
    let expected_path: String = op
        .path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => text.clone(),
            PathPart::Param(i) => path_values[*i].clone(),
        })
        .collect();

    // Query: every parameter set.
    let mut expected_query = Vec::new();
    if let Some(q) = &op.query_struct {
        let q = ident(q);
        // Query structs are `#[non_exhaustive]`: `new` takes the required parameters, and
        // the others are set field by field.
        let mut required = Vec::new();
        let mut optional = Vec::new();
        for (i, p) in op.query.iter().enumerate() {
            let fname = ident(&p.rust_name);
            let (value, encoded) =
                sample(&p.ty, 100 + i as i64).unwrap_or((quote!(()), String::new()));
            expected_query.push(format!("{}={}", form_encode(&p.name), encoded));
            let value = match p.ty {
                RustType::String => quote!(#value.to_owned()),
                _ => value,
            };
            if p.required {
                required.push(value);
            } else {
                optional.push(quote!(query.#fname = Some(#value);));
            }
        }
        let binding = if optional.is_empty() {
            quote!(let query)
        } else {
            quote!(let mut query)
        };
        setup.push(quote! {
            #binding = halopsa::#module::#q::new(#(#required),*);
            #(#optional)*
        });
        args.push(quote!(&query));
    }

    // Body.
    let (body_kind, expected_body) = match &op.body {
        BodyKind::None => ("none", String::new()),
        BodyKind::AnyJson => {
            setup.push(quote!(let body = support::json(r#"{"any":[1,"two",null]}"#);));
            args.push(quote!(&body));
            ("json", r#"{"any":[1,"two",null]}"#.to_owned())
        }
        BodyKind::Multipart => {
            setup.push(quote!(let form = [
                ("Body".to_owned(), "hello there".to_owned()),
                ("From".to_owned(), "+15551234567".to_owned()),
            ];));
            args.push(quote!(&form));
            ("multipart", String::new())
        }
        BodyKind::JsonSlice(item) => match item {
            RustType::I32 | RustType::I64 => {
                args.push(quote!(&[1, 2, 3]));
                ("json", "[1,2,3]".to_owned())
            }
            RustType::Uuid => {
                args.push(quote!(&[
                    halopsa::uuid::Uuid::from_u128(#UUID_A_U128),
                    halopsa::uuid::Uuid::from_u128(#UUID_B_U128),
                ]));
                ("json", format!("[\"{UUID_A}\",\"{UUID_B}\"]"))
            }
            model @ RustType::Model(_) => {
                let (value, json) = model_sample(api, model);
                setup.push(quote!(let body = [#value];));
                args.push(quote!(&body));
                ("json", format!("[{json}]"))
            }
            _ => {
                args.push(quote!(&[]));
                ("json", "[]".to_owned())
            }
        },
        BodyKind::Json(t) => match t {
            model @ RustType::Model(_) => {
                let (value, json) = model_sample(api, model);
                setup.push(quote!(let body = #value;));
                args.push(quote!(&body));
                ("json", json)
            }
            _ => {
                args.push(quote!(&Default::default()));
                ("json", "null".to_owned())
            }
        },
    };

    // Response: a realistic body of the declared shape, decoded into the declared type.
    let response_ty = response_type(api, &op.response.kind);
    let call = quote! {
        halopsa::#module::#function(&client, #(#args),*)
            .await
            .expect("the documented response decodes")
    };
    let path_args = &args[..op.path_params.len()];
    let (response_body, check_response, more) = response_checks(api, op, &call, path_args);
    let response_body = match (&op.response.kind, response_body) {
        (ResponseKind::Text, serde_json::Value::String(text)) => text,
        (_, json) => json.to_string(),
    };

    let query = expected_query.join("&");
    quote! {
        #[tokio::test]
        async fn #test_name() {
            let (server, client) = support::serve(#response_body).await;
            #(#setup)*
            let response: #response_ty = #call;
            #check_response
            check(&server, Expected {
                method: #method,
                path: #expected_path,
                query: #query,
                body_kind: #body_kind,
                body: #expected_body,
            })
            .await;
            #more
        }
    }
}

/// The body the server answers with, the checks of the decoded `response`, and further
/// calls (a list's other shape, the page stream) that reuse the test's `call` setup.
fn response_checks(
    api: &Api,
    op: &Operation,
    call: &TokenStream,
    path_args: &[TokenStream],
) -> (serde_json::Value, TokenStream, TokenStream) {
    let round_trip = |body: &serde_json::Value| {
        let text = body.to_string();
        quote!(support::assert_encodes_to(&response, #text);)
    };
    match &op.response.kind {
        ResponseKind::Empty => (
            serde_json::json!({"ignored": true}),
            quote!(let () = response;),
            quote!(),
        ),
        ResponseKind::Text => (
            serde_json::Value::String("<Response><Say>Hello</Say></Response>".to_owned()),
            quote!(assert_eq!(response, "<Response><Say>Hello</Say></Response>");),
            quote!(),
        ),
        ResponseKind::Untyped { .. } | ResponseKind::Value(_) => {
            let body = match &op.response.kind {
                ResponseKind::Value(t) => sample_json(api, t, 1),
                _ => serde_json::json!({"ok": true, "n": [1, 2]}),
            };
            let check = round_trip(&body);
            (body, check, quote!())
        }
        ResponseKind::Record(id) => {
            let body = sample_json(api, &RustType::Model(*id), 1);
            let fields = record_checks(api, *id, quote!(response), 1);
            let check = round_trip(&body);
            (body, quote!(#fields #check), quote!())
        }
        ResponseKind::Saved(id) => {
            let body = sample_json(api, &RustType::Model(*id), 1);
            let fields = record_checks(api, *id, quote!(response[0]), 1);
            let check = round_trip(&body);
            (
                body,
                quote! {
                    assert!(matches!(response, halopsa::OneOrMany::One(_)), "{response:?}");
                    #fields
                    #check
                },
                quote!(),
            )
        }
        ResponseKind::List { item, key } => {
            let records = vec![sample_json(api, item, 1), sample_json(api, item, 2)];
            let bare = serde_json::Value::Array(records.clone());
            let wrapper_key = key.clone().unwrap_or_else(|| "records".to_owned());
            let mut wrapper = serde_json::Map::new();
            wrapper.insert("page_no".into(), serde_json::json!(1));
            wrapper.insert("record_count".into(), serde_json::json!(2));
            wrapper.insert(wrapper_key.clone(), serde_json::Value::Array(records));
            let wrapper = serde_json::Value::Object(wrapper);
            let item_checks = match item {
                RustType::Model(id) => {
                    let first = record_checks(api, *id, quote!(response[0]), 1);
                    let second = record_checks(api, *id, quote!(response[1]), 2);
                    quote!(#first #second)
                }
                _ => quote!(),
            };
            let bare_check = round_trip(&bare);
            let wrapper_check = round_trip(&wrapper);
            let wrapper_text = wrapper.to_string();
            let stream = op.paging.as_ref().map(|p| {
                let module = ident(&api.areas.iter().find(|a| a.operations.iter().any(|o| o.operation_id == op.operation_id)).map(|a| a.module.clone()).unwrap_or_default());
                let stream_fn = ident(&p.stream_fn);
                quote! {
                    // The page stream decodes the same wrapper, and stops at `record_count`.
                    let (_server, client) = support::serve(#wrapper_text).await;
                    let all: Vec<_> = support::collect(halopsa::#module::#stream_fn(&client, #(#path_args,)* &query)).await;
                    assert_eq!(all.len(), 2);
                }
            });
            (
                bare,
                quote! {
                    assert_eq!(response.len(), 2);
                    assert_eq!(response.items_key, None);
                    #item_checks
                    #bare_check
                },
                quote! {
                    // The same call answered with Halo's wrapper object.
                    let (_server, client) = support::serve(#wrapper_text).await;
                    let response: halopsa::List<_> = #call;
                    assert_eq!(response.len(), 2);
                    assert_eq!(response.record_count(), Some(2));
                    assert_eq!(response.items_key.as_deref(), Some(#wrapper_key));
                    assert_eq!(response.extra_fields.get_raw("page_no"), Some("1"));
                    #item_checks
                    #wrapper_check
                    #stream
                },
            )
        }
    }
}
