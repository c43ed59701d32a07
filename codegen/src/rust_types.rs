//! How the model's types are written in Rust: the one mapping from [`RustType`] and
//! [`ResponseKind`] to tokens, for code inside the generated crate (`crate::…`, a record of
//! the same module by its name) and for code that depends on it (`halopsa::…`, and the
//! crate's own doctests).

use crate::model::{Api, ArgForm, Param, ResponseKind, RustType};
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

/// How each [`ArgForm`] is written: the argument's type, how a caller passes a value, how the
/// function reads it. The model decides a parameter's form; every output writes it here.
impl ArgForm {
    /// How code holding the parameter's value owned (`String`, `i64`) in `value` passes it:
    /// `&value` to a borrowed argument, `value` to an owned one.
    pub fn pass(self, value: TokenStream) -> TokenStream {
        match self {
            ArgForm::Str => quote!(&#value),
            ArgForm::Owned => value,
        }
    }

    /// The argument `name` as `&str`, for a path: `name`, or `&name.to_string()`.
    pub fn text(self, name: &Ident) -> TokenStream {
        match self {
            ArgForm::Str => quote!(#name),
            ArgForm::Owned => quote!(&#name.to_string()),
        }
    }

    /// `let name = name.to_owned();` for a borrowed argument, to keep it past the call.
    pub fn keep(self, name: &Ident) -> Option<TokenStream> {
        match self {
            ArgForm::Str => Some(quote!(let #name = #name.to_owned();)),
            ArgForm::Owned => None,
        }
    }

    /// A sample of type `t`, as Rust writes it (a string as a literal), as an argument of
    /// this form: `"abc"`, `"abc".to_owned()`, `7`.
    pub fn sample(self, t: &RustType, value: TokenStream) -> TokenStream {
        match (self, t) {
            (ArgForm::Owned, RustType::String) => quote!(#value.to_owned()),
            _ => value,
        }
    }
}

impl TypeWriter<'_> {
    /// The type a function takes a parameter as: `&str`, `i64`, ….
    pub fn arg(&self, p: &Param) -> TokenStream {
        match p.arg {
            ArgForm::Str => quote!(&str),
            ArgForm::Owned => self.ty(&p.ty),
        }
    }

    /// A query setter's argument type and the field value it makes of `value`:
    /// `impl Into<String>` and `value.into()`, or the value type and `value`.
    pub fn setter_arg(&self, p: &Param) -> (TokenStream, TokenStream) {
        match p.arg {
            ArgForm::Str => (quote!(impl Into<String>), quote!(value.into())),
            ArgForm::Owned => (self.ty(&p.ty), quote!(value)),
        }
    }
}

/// A Rust identifier token for a name the naming rules made (never a raw string from the
/// spec): the one place generated code gets its identifiers from.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
