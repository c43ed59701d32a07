//! `halopsa`: the HaloPSA command line (see the crate's library for the code).

#![forbid(unsafe_code)]
#![deny(missing_docs)]

fn main() -> std::process::ExitCode {
    halopsa_cli::main()
}
