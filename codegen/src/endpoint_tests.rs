//! Emits `tests/tests/endpoints.rs`: one behaviour test per operation that calls the
//! generated function over real HTTP (a loopback mock server) and checks the request's
//! method, encoded path, query string and body against what the spec says.
//!
//! Expected values are computed here from the spec (sample values, percent-encoding),
//! independently of the SDK code the emit stage writes.

use crate::emit::{Content, OutputFile};
use crate::model::*;
use proc_macro2::{Ident, Span, TokenStream};
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

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
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

fn type_path(t: &RustType) -> TokenStream {
    match t {
        RustType::Model { module, name } => {
            let (m, n) = (ident(module), ident(name));
            quote!(halopsa::#m::#n)
        }
        _ => quote!(()),
    }
}

/// A model value with its first scalar field set and its second field `null`, and the
/// JSON the SDK must send for it.
fn model_sample(api: &Api, t: &RustType) -> (TokenStream, String) {
    let RustType::Model { module, name } = t else {
        return (quote!(Default::default()), "{}".to_owned());
    };
    let model = api
        .areas
        .iter()
        .filter(|a| &a.module == module)
        .flat_map(|a| &a.models)
        .chain(api.common.iter().filter(|_| module == COMMON_MODULE))
        .find(|m| &m.name == name);
    let path = type_path(t);
    let Some(model) = model else {
        return (quote!(#path::default()), "{}".to_owned());
    };
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
        sets.push(quote!(#fname: halopsa::Field::Value(#value),));
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
            sets.push(quote!(#sname: halopsa::Field::Null,));
            json.push(format!(
                "{}:null",
                serde_json::Value::String(second.json_name.clone())
            ));
        }
    }
    (
        quote!(#path { #(#sets)* ..Default::default() }),
        format!("{{{}}}", json.join(",")),
    )
}

fn test(api: &Api, area: &Area, op: &Operation) -> TokenStream {
    let test_name = ident(&op.fn_name);
    let module = ident(&area.module);
    let function = ident(&op.fn_name);
    let method = match op.method {
        Method::Get => "GET",
        Method::Put => "PUT",
        Method::Post => "POST",
        Method::Delete => "DELETE",
    };

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
        let fields = op.query.iter().enumerate().map(|(i, p)| {
            let fname = ident(&p.rust_name);
            let (value, encoded) =
                sample(&p.ty, 100 + i as i64).unwrap_or((quote!(()), String::new()));
            expected_query.push(format!("{}={}", form_encode(&p.name), encoded));
            let value = match p.ty {
                RustType::String => quote!(#value.to_owned()),
                _ => value,
            };
            if p.required {
                quote!(#fname: #value,)
            } else {
                quote!(#fname: Some(#value),)
            }
        });
        setup.push(quote!(let query = halopsa::#module::#q { #(#fields)* };));
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
        BodyKind::Json(t) => match t {
            RustType::Vec(item) => match item.as_ref() {
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
                model @ RustType::Model { .. } => {
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
            model @ RustType::Model { .. } => {
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

    // Response: a documented body that must decode.
    let (response_body, check_response) = match &op.response {
        RustType::Json => (
            r#"{"ok":true}"#.to_owned(),
            quote!(assert_eq!(response, support::json(r#"{"ok":true}"#));),
        ),
        RustType::Vec(_) => (
            r#"[{"id":1,"unknown_key":"kept"}]"#.to_owned(),
            quote!(assert_eq!(response.len(), 1);),
        ),
        RustType::Model { .. } => match &op.paging {
            Some(p) => (
                format!(
                    r#"{{"record_count":1,"{}":[{{"id":1}}],"unknown_key":"kept"}}"#,
                    p.items_field
                ),
                quote!(assert_eq!(halopsa::Model::extra_fields(&response).len(), 1);),
            ),
            None => (
                r#"{"id":1,"unknown_key":"kept"}"#.to_owned(),
                quote!(assert_eq!(halopsa::Model::extra_fields(&response).len(), 1);),
            ),
        },
        _ => ("null".to_owned(), quote!(let _ = response;)),
    };

    let query = expected_query.join("&");
    quote! {
        #[tokio::test]
        async fn #test_name() {
            let (server, client) = support::serve(#response_body).await;
            #(#setup)*
            let response = halopsa::#module::#function(&client, #(#args),*)
                .await
                .expect("the documented response decodes");
            #check_response
            check(&server, Expected {
                method: #method,
                path: #expected_path,
                query: #query,
                body_kind: #body_kind,
                body: #expected_body,
            })
            .await;
        }
    }
}
