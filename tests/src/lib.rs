//! Tests of the generator and of the generated SDK live in `tests/tests/`. This library
//! only makes the README's examples compile and run as doc tests.
#![doc = include_str!("../../README.md")]
#![forbid(unsafe_code)]
