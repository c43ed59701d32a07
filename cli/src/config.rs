//! Connection settings: the SDK runtime's shared [`profile`](halopsa_runtime::profile)
//! module (profiles, the `HALOPSA_*` environment, flags), so that the command line, the MCP
//! server and any program read them the same way.

pub use halopsa_runtime::profile::*;
