//! `halopsa-mcp`, a Model Context Protocol server for HaloPSA: every operation of the API
//! as a typed tool for AI assistants, read-only unless writes are turned on.
//!
//! The tool table (`tools`) is generated from the same model of the spec as the SDK
//! (`cargo xtask generate`); the rest is hand-written: which tools are on offer
//! (`catalog`, `compact`), one call's arguments and answer (`call`, `answer`, `dry_run`,
//! `error`), the connection (`connection`), the protocol (`server`) and the command line
//! (`settings`). This library is the binary's code, there for its tests and benchmark;
//! it is not an API of its own.

#![forbid(unsafe_code)]

pub mod answer;
pub mod call;
pub mod catalog;
pub mod compact;
pub mod connection;
pub mod dry_run;
pub mod error;
pub mod server;
pub mod settings;
#[rustfmt::skip]
pub mod tools;
