//! `halopsa-mcp`: the HaloPSA MCP server, over standard input and output.
#![forbid(unsafe_code)]

use clap::Parser;
use halopsa_mcp::server::Server;
use halopsa_mcp::settings::Args;
use rmcp::ServiceExt;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Args::parse();
    // Standard output is the protocol's: the log goes to standard error. The SDK never logs
    // a secret, a token, a query or a body.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .with_max_level(tracing_subscriber::filter::LevelFilter::WARN)
        .try_init();
    let options = match args.options() {
        Ok(options) => options,
        Err(e) => return fail(&e.to_string()),
    };
    if args.list_tools {
        let tools = Server::new(
            options,
            halopsa::Client::new("http://localhost/api", "unused"),
        );
        return match serde_json::to_string(&tools.list()) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e.to_string()),
        };
    }
    let client = match halopsa_mcp::connection::client(&args.connection, &args.tuning()) {
        Ok(client) => client,
        Err(e) => return fail(&format!("cannot connect to Halo: {e}")),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&format!("cannot start: {e}")),
    };
    runtime.block_on(async move {
        let server = Server::new(options, client);
        let service = match server.serve(rmcp::transport::stdio()).await {
            Ok(service) => service,
            Err(e) => return fail(&format!("the client did not start a session: {e}")),
        };
        match service.waiting().await {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => fail(&format!("the session ended: {e}")),
        }
    })
}

fn fail(message: &str) -> ExitCode {
    eprintln!("halopsa-mcp: {message}");
    ExitCode::FAILURE
}
