//! What every emitter produces: output files, each with its path, the spec files it comes
//! from (named in its header) and its content before formatting. The format and write
//! stages take these, whatever emitter made them.

use proc_macro2::TokenStream;

/// What one output file holds before formatting.
#[derive(Debug, Clone)]
pub enum Content {
    /// Rust code, formatted by the format stage.
    Rust(TokenStream),
    /// Rust code in pieces, each the text of the tokens of one or more whole items (the
    /// first may start with the file's inner attributes), formatted one piece at a time:
    /// a large module never needs one syntax tree for all of it, and its pieces can be
    /// made and formatted on several threads. The formatted text is the same as that of
    /// [`Content::Rust`] of the pieces one after another.
    RustItems(Vec<String>),
    /// Any other text (TOML, JSON), written as is after the header.
    Text(String),
}

/// One output file, with its path relative to the output directory and the spec file it
/// comes from (named in its header).
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output directory.
    pub path: String,
    /// The spec files it is generated from.
    pub source: String,
    /// The content.
    pub content: Content,
}
