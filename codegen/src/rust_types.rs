//! How the model's types are written in Rust: the one mapping from [`RustType`] and
//! [`ResponseKind`] to tokens, for code inside the generated crate (`crate::…`, a record of
//! the same module by its name) and for code that depends on it (`halopsa::…`, and the
//! crate's own doctests).

use crate::model::{Api, ResponseKind, RustType};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Writes types as seen from one place: a module of the generated crate, or a crate that
/// depends on `halopsa`.
pub struct TypeWriter<'a> {
    api: &'a Api,
    /// The path of the generated crate's root (`crate` or `halopsa`).
    root: TokenStream,
    /// The module written from, inside the generated crate.
    here: Option<&'a str>,
}

impl<'a> TypeWriter<'a> {
    /// Types as written inside `module` of the generated crate.
    pub fn in_module(api: &'a Api, module: &'a str) -> Self {
        TypeWriter {
            api,
            root: quote!(crate),
            here: Some(module),
        }
    }

    /// Types as a crate depending on `halopsa` writes them.
    pub fn dependent(api: &'a Api) -> Self {
        Self::dependent_on(api, &ident("halopsa"))
    }

    /// Types as code depending on the generated crate `root` (its name as a path) writes
    /// them: a doctest of that crate, for one.
    pub fn dependent_on(api: &'a Api, root: &Ident) -> Self {
        TypeWriter {
            api,
            root: quote!(#root),
            here: None,
        }
    }

    /// A value type.
    pub fn ty(&self, t: &RustType) -> TokenStream {
        let root = &self.root;
        match t {
            RustType::I32 => quote!(i32),
            RustType::I64 => quote!(i64),
            RustType::F64 => quote!(f64),
            RustType::Bool => quote!(bool),
            RustType::String => quote!(String),
            RustType::DateTime => quote!(#root::DateTime),
            RustType::Uuid => quote!(#root::uuid::Uuid),
            RustType::Json => quote!(#root::serde_json::Value),
            RustType::Vec(item) => {
                let item = self.ty(item);
                quote!(Vec<#item>)
            }
            RustType::Map(value) => {
                let value = self.ty(value);
                quote!(std::collections::BTreeMap<String, #value>)
            }
            RustType::Model(id) => {
                let model = self.api.model(*id);
                let name = ident(&model.name);
                if self.here == Some(model.module.as_str()) {
                    quote!(#name)
                } else {
                    let module = ident(&model.module);
                    quote!(#root::#module::#name)
                }
            }
        }
    }

    /// The type an endpoint function returns.
    pub fn response(&self, kind: &ResponseKind) -> TokenStream {
        let root = &self.root;
        match kind {
            ResponseKind::Empty => quote!(()),
            ResponseKind::Record(id) => self.ty(&RustType::Model(*id)),
            ResponseKind::Saved(id) => {
                let t = self.ty(&RustType::Model(*id));
                quote!(#root::OneOrMany<#t>)
            }
            ResponseKind::List { item, .. } => {
                let t = self.ty(item);
                quote!(#root::List<#t>)
            }
            ResponseKind::Value(t) => self.ty(t),
            ResponseKind::Text => quote!(String),
            ResponseKind::Untyped { .. } => quote!(#root::serde_json::Value),
        }
    }
}

/// A Rust identifier token for a name the naming rules made (never a raw string from the
/// spec): the one place generated code gets its identifiers from.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
