//! Tests of the generator and of the generated SDK live in `tests/tests/`. This library
//! only makes the examples of the README, `CONTRIBUTING.md` and `docs/` compile and run as
//! doc tests: each file is the documentation of one item below, so a Rust block that moves
//! from one file to another is still checked.
#![doc = include_str!("../../README.md")]
#![forbid(unsafe_code)]

/// The examples of `CONTRIBUTING.md`.
#[doc = include_str!("../../CONTRIBUTING.md")]
pub mod contributing {}

/// The examples of the `docs/` files, one module per file.
pub mod docs {
    /// `docs/benchmarks.md`.
    #[doc = include_str!("../../docs/benchmarks.md")]
    pub mod benchmarks {}
    /// `docs/cli.md`.
    #[doc = include_str!("../../docs/cli.md")]
    pub mod cli {}
    /// `docs/dependencies.md`.
    #[doc = include_str!("../../docs/dependencies.md")]
    pub mod dependencies {}
    /// `docs/fake.md`.
    #[doc = include_str!("../../docs/fake.md")]
    pub mod fake {}
    /// `docs/generator.md`.
    #[doc = include_str!("../../docs/generator.md")]
    pub mod generator {}
    /// `docs/mcp.md`.
    #[doc = include_str!("../../docs/mcp.md")]
    pub mod mcp {}
    /// `docs/models.md`.
    #[doc = include_str!("../../docs/models.md")]
    pub mod models {}
    /// `docs/networks.md`.
    #[doc = include_str!("../../docs/networks.md")]
    pub mod networks {}
    /// `docs/speed.md`.
    #[doc = include_str!("../../docs/speed.md")]
    pub mod speed {}
}
