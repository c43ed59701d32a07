//! Rust items and types as the diff names them: from the root of `halopsa`
//! (`tickets::Faults`, `List<tickets::Faults>`, `Field<i64>`). Types are written by
//! [`TypeWriter`], the generator's one mapping from model types to Rust, so two types
//! that read alike are the same Rust type.

use crate::model::{Api, BodyKind, Model, ResponseKind, RustType};
use crate::rust_types::TypeWriter;
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

/// `module::item`.
pub(super) fn fn_path(module: &str, item: &str) -> String {
    format!("{module}::{item}")
}

/// A record type by its path: `tickets::Faults`.
pub(super) fn record_path(m: &Model) -> String {
    format!("{}::{}", m.module, m.name)
}

/// A value type.
pub(super) fn rust_ty(api: &Api, t: &RustType) -> String {
    text(TypeWriter::dependent(api).ty(t))
}

/// A record field's type: `Field<T>`, `Field<Box<T>>`.
pub(super) fn field_ty(api: &Api, t: &RustType, boxed: bool) -> String {
    let t = TypeWriter::dependent(api).ty(t);
    text(if boxed {
        quote!(halopsa::Field<Box<#t>>)
    } else {
        quote!(halopsa::Field<#t>)
    })
}

/// The type of the body argument of an endpoint function.
pub(super) fn body_ty(api: &Api, b: &BodyKind) -> String {
    let types = TypeWriter::dependent(api);
    match b {
        BodyKind::None => "no body".into(),
        BodyKind::JsonSlice(t) => {
            let t = types.ty(t);
            text(quote!(&[#t]))
        }
        BodyKind::Json(t) => {
            let t = types.ty(t);
            text(quote!(&#t))
        }
        BodyKind::AnyJson => text(quote!(&halopsa::serde_json::Value)),
        BodyKind::Multipart => text(quote!(&[(String, String)])),
    }
}

/// The type an endpoint function returns.
pub(super) fn response_ty(api: &Api, k: &ResponseKind) -> String {
    text(TypeWriter::dependent(api).response(k))
}

/// Tokens as text, without the spaces `TokenStream`'s `Display` puts between them, and
/// with the crate's root (`halopsa::`) left out: items are named from it.
fn text(tokens: TokenStream) -> String {
    let mut out = String::new();
    write(tokens, &mut out);
    out
}

fn write(tokens: TokenStream, out: &mut String) {
    let mut tokens = tokens.into_iter().peekable();
    // Whether the last token was a word, which needs a space before the next one.
    let mut word = false;
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Ident(ident) if ident == "halopsa" => {
                for _ in 0..2 {
                    tokens.next_if(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ':'));
                }
                word = false;
            }
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if word {
                    out.push(' ');
                }
                out.push_str(&token.to_string());
                word = true;
            }
            TokenTree::Punct(p) => {
                out.push(p.as_char());
                if p.as_char() == ',' {
                    out.push(' ');
                }
                word = false;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write(group.stream(), out);
                out.push_str(close);
                word = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_read_as_rust_without_the_crate_root() {
        let api = crate::model(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec"))
            .expect("the spec builds");
        let faults = api
            .types
            .iter()
            .position(|m| m.schema_name == "Faults")
            .map(crate::model::TypeId)
            .expect("the spec has Faults");
        let list = RustType::Vec(Box::new(RustType::Model(faults)));
        assert_eq!(rust_ty(&api, &list), "Vec<tickets::Faults>");
        assert_eq!(
            rust_ty(&api, &RustType::Map(Box::new(RustType::Uuid))),
            "std::collections::BTreeMap<String, uuid::Uuid>"
        );
        assert_eq!(field_ty(&api, &RustType::I64, false), "Field<i64>");
        assert_eq!(
            field_ty(&api, &RustType::Model(faults), true),
            "Field<Box<tickets::Faults>>"
        );
        assert_eq!(
            body_ty(&api, &BodyKind::JsonSlice(RustType::Model(faults))),
            "&[tickets::Faults]"
        );
        assert_eq!(body_ty(&api, &BodyKind::Multipart), "&[(String, String)]");
        assert_eq!(body_ty(&api, &BodyKind::AnyJson), "&serde_json::Value");
        assert_eq!(
            response_ty(
                &api,
                &ResponseKind::List {
                    item: RustType::Model(faults),
                    key: None
                }
            ),
            "List<tickets::Faults>"
        );
        assert_eq!(
            response_ty(&api, &ResponseKind::Saved(faults)),
            "OneOrMany<tickets::Faults>"
        );
        assert_eq!(response_ty(&api, &ResponseKind::Empty), "()");
    }
}
