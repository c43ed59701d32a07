//! Sample values for generated tests and for the fake server's answers: a value of each
//! type as Rust tokens (for a call through the SDK) and as JSON (for a body), and the types
//! as a crate outside the SDK names them.
//!
//! The emitters of the fake ([`crate::fake`]), the endpoint tests, the CLI and the examples
//! of the SDK's documentation ([`crate::examples`]) use these; the types themselves are
//! written by [`crate::rust_types`].

use crate::model::*;
use crate::rust_types::{ident, TypeWriter};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use serde_json::{json, Value};

/// A string sample that needs percent-encoding in a path or a query.
pub const STRING_SAMPLE: &str = "a&b c/d";
/// The string sample of the documentation's examples, which read as code a user writes.
pub const DOC_STRING_SAMPLE: &str = "example";
/// A GUID sample.
pub const UUID_A: &str = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
const UUID_A_U128: u128 = 0x3f2504e0_4f89_11d3_9a0c_0305e82c3301;
/// A date-time sample in one of Halo's formats.
pub const DATE_TIME_SAMPLE: &str = "2024-06-20T14:45:15.975Z";

/// A sample value of a scalar type as Rust tokens (`n` for integers), or `None` for a type
/// that is not a scalar: the values of the tests ([`SampleStyle::tests`]).
pub fn scalar_tokens(t: &RustType, n: i64) -> Option<TokenStream> {
    SampleStyle::tests().scalar(t, n)
}

/// How sample values are written: the crate their paths start from, and the string sample.
#[derive(Debug, Clone)]
pub struct SampleStyle {
    root: TokenStream,
    string: &'static str,
    /// Whether integers are written without their type (`7`, not `7i32`).
    unsuffixed: bool,
}

impl SampleStyle {
    /// The tests' samples: paths from `halopsa`, and [`STRING_SAMPLE`], which needs
    /// encoding.
    pub fn tests() -> Self {
        SampleStyle {
            root: quote!(halopsa),
            string: STRING_SAMPLE,
            unsuffixed: false,
        }
    }

    /// The samples of the examples in the documentation of the crate `root` (the generated
    /// crate's name as a path: `halopsa`): [`DOC_STRING_SAMPLE`] for strings, integers as
    /// a user writes them.
    pub fn docs(root: &Ident) -> Self {
        SampleStyle {
            root: quote!(#root),
            string: DOC_STRING_SAMPLE,
            unsuffixed: true,
        }
    }

    /// A sample value of a scalar type as Rust tokens (`n` for integers), or `None` for a
    /// type that is not a scalar.
    pub fn scalar(&self, t: &RustType, n: i64) -> Option<TokenStream> {
        let root = &self.root;
        let string = self.string;
        Some(match t {
            RustType::I32 | RustType::I64 if self.unsuffixed => {
                let v = Literal::i64_unsuffixed(n);
                quote!(#v)
            }
            RustType::I32 => {
                let v = n as i32;
                quote!(#v)
            }
            RustType::I64 => quote!(#n),
            RustType::F64 => quote!(1.5),
            RustType::Bool => quote!(true),
            RustType::String => quote!(#string),
            RustType::Uuid => quote!(#root::uuid::Uuid::from_u128(#UUID_A_U128)),
            _ => return None,
        })
    }
}

/// The field of a record that samples set: its first documented field with a scalar type,
/// other than the id.
pub fn sample_field(api: &Api, id: TypeId) -> Option<&ModelField> {
    api.model(id)
        .fields
        .iter()
        .filter(|f| f.json_name != crate::halo::ID)
        .find(|f| scalar_tokens(&f.ty, 0).is_some())
}

/// A type as a crate depending on `halopsa` names it.
pub fn type_path(api: &Api, t: &RustType) -> TokenStream {
    TypeWriter::dependent(api).ty(t)
}

/// The type an endpoint function returns, as a crate depending on `halopsa` names it.
pub fn response_type(api: &Api, kind: &ResponseKind) -> TokenStream {
    TypeWriter::dependent(api).response(kind)
}

/// A record value with its first scalar field that is not the id set (to `n` or a sample
/// string) and an undocumented key, as Rust tokens of the record type.
pub fn record_tokens(api: &Api, id: TypeId, n: i64) -> TokenStream {
    let path = type_path(api, &RustType::Model(id));
    let set = sample_field(api, id).and_then(|field| {
        let fname = ident(&field.rust_name);
        let value = scalar_tokens(&field.ty, n)?;
        let value = match field.ty {
            RustType::String => quote!(#value.to_owned()),
            _ => value,
        };
        Some(quote!(record.#fname = halopsa::Field::Value(#value);))
    });
    // Records are `#[non_exhaustive]`: built from their default, field by field.
    quote! {{
        let mut record = #path::default();
        #set
        record.extra_fields.insert("unknown_key", &"kept").expect("a string encodes");
        record
    }}
}

/// A JSON value of a type that its schema accepts: scalars get a sample, records their
/// documented scalar fields, arrays one element, maps one entry.
pub fn json_sample(api: &Api, t: &RustType, depth: usize) -> Value {
    match t {
        RustType::I32 | RustType::I64 => json!(1),
        RustType::F64 => json!(1.5),
        RustType::Bool => json!(false),
        RustType::String => json!("sample"),
        RustType::DateTime => json!(DATE_TIME_SAMPLE),
        RustType::Uuid => json!(UUID_A),
        RustType::Json => json!({}),
        RustType::Vec(item) if depth < 2 => Value::Array(vec![json_sample(api, item, depth + 1)]),
        RustType::Vec(_) => json!([]),
        RustType::Map(value) if depth < 2 => json!({ "key": json_sample(api, value, depth + 1) }),
        RustType::Map(_) => json!({}),
        RustType::Model(id) => {
            let mut record = serde_json::Map::new();
            for f in &api.model(*id).fields {
                let scalar = !matches!(
                    f.ty,
                    RustType::Json | RustType::Vec(_) | RustType::Map(_) | RustType::Model(_)
                );
                if scalar {
                    record.insert(f.json_name.clone(), json_sample(api, &f.ty, depth + 1));
                }
            }
            Value::Object(record)
        }
    }
}
