//! [`Server`]: the MCP side. It offers the tools of a [`Catalog`] (one per operation, or
//! the three of compact mode), and runs a call: the generated function of its operation
//! (`crate::tools::run`), its answer as structured content and as JSON text, a failure as
//! a tool error (`isError`) the assistant can read.

use crate::answer::{Limits, Shape};
use crate::call::{Call, Outcome, ToolError};
use crate::catalog::Catalog;
use crate::compact;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler};
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// How the server offers the operations.
#[derive(Debug, Clone)]
pub struct Options {
    /// The operations on offer.
    pub catalog: Catalog,
    /// Three tools (list, describe, call) instead of one per operation.
    pub compact: bool,
    /// The caps of an answer.
    pub limits: Limits,
    /// Every write is a dry run.
    pub dry_run: bool,
    /// Output schemas on the tools, and structured content in the answers beside their
    /// JSON text.
    pub structured: bool,
}

/// The MCP server. Cheap to clone.
#[derive(Clone)]
pub struct Server {
    inner: Arc<Inner>,
}

struct Inner {
    options: Options,
    client: halopsa::Client,
    tools: Vec<Tool>,
}

const INSTRUCTIONS: &str =
    "HaloPSA's API (tickets, automation, email, chat, collaboration) as tools. \
Lists answer one page: give `next_cursor` back as `cursor` for the next. Answers are capped; \
`fields` keeps only the fields needed so more records fit. Tools that change data offer \
`dry_run` to see the request first.";

impl Server {
    /// A server offering `options.catalog`'s operations, calling Halo with `client`.
    pub fn new(options: Options, client: halopsa::Client) -> Self {
        let tools = if options.compact {
            compact::tools(&options.catalog, options.structured)
        } else {
            let tools = options.catalog.tools().iter();
            tools.map(|t| t.tool(options.structured)).collect()
        };
        Server {
            inner: Arc::new(Inner {
                options,
                client,
                tools,
            }),
        }
    }

    /// The `tools/list` answer.
    pub fn list(&self) -> ListToolsResult {
        ListToolsResult::with_all_items(self.inner.tools.clone())
    }

    /// Runs the tool `name` with `arguments`: its result, or a protocol error for a tool
    /// this server does not have.
    pub async fn call(
        &self,
        name: &str,
        arguments: Map<String, Value>,
    ) -> Result<CallToolResult, McpError> {
        let options = &self.inner.options;
        if options.compact {
            return Ok(match name {
                compact::LIST => answer(compact::list(&options.catalog, &arguments), options),
                compact::DESCRIBE => {
                    answer(compact::describe(&options.catalog, &arguments), options)
                }
                compact::CALL => match compact::call_target(&arguments) {
                    Ok((operation, args)) => self.operation(operation, args).await,
                    Err(message) => failure(&ToolError::new(message)),
                },
                _ => return Err(unknown(name)),
            });
        }
        if !crate::tools::TOOLS.iter().any(|t| t.name == name) {
            return Err(unknown(name));
        }
        Ok(self.operation(name, arguments).await)
    }

    /// Runs the operation `name`, when it is on offer.
    async fn operation(&self, name: &str, arguments: Map<String, Value>) -> CallToolResult {
        let options = &self.inner.options;
        let Some(spec) = options.catalog.get(name) else {
            return failure(&ToolError::new(why_not_offered(name)));
        };
        let shape = Shape {
            limits: options.limits,
            structured: options.structured,
        };
        let call = match Call::new(spec, &self.inner.client, shape, arguments, options.dry_run) {
            Ok(call) => call,
            Err(e) => return failure(&e),
        };
        match crate::tools::run(name, &call).await {
            Some(Ok(outcome)) => success(outcome),
            Some(Err(e)) => failure(&e),
            None => failure(&ToolError::new(why_not_offered(name))),
        }
    }
}

/// Why an operation is not on offer.
fn why_not_offered(name: &str) -> String {
    match crate::tools::TOOLS.iter().find(|t| t.name == name) {
        Some(spec) if spec.is_write() => format!(
            "`{name}` changes data in Halo ({} {}), and this server does not offer it: it is read-only unless started with --allow-writes or with `{name}` in --tools.",
            spec.method, spec.path
        ),
        Some(_) => format!("`{name}` is not on offer: the server's --areas or --tools leave it out."),
        None => compact::not_offered(name),
    }
}

fn unknown(name: &str) -> McpError {
    McpError::invalid_params(format!("no tool `{name}`"), None)
}

/// A tool's answer: its JSON text, and the same as structured content when the server
/// gives it.
fn success(outcome: Outcome) -> CallToolResult {
    let mut result = CallToolResult::success(vec![ContentBlock::text(outcome.text)]);
    result.structured_content = outcome.structured.map(Value::Object);
    result
}

/// A failure the assistant reads: the message as text, and status, message and wait as
/// structured content.
fn failure(error: &ToolError) -> CallToolResult {
    let mut detail = Map::new();
    if let Some(status) = error.status {
        detail.insert("status".into(), json!(status));
    }
    detail.insert("message".into(), json!(error.message));
    if let Some(wait) = error.retry_after {
        detail.insert(
            "retry_after_seconds".into(),
            json!(wait.as_secs_f64().ceil()),
        );
    }
    let mut result = CallToolResult::error(vec![ContentBlock::text(error.message.clone())]);
    result.structured_content = Some(json!({ "error": detail }));
    result
}

/// The answer of a compact-mode tool.
fn answer(answer: Result<Map<String, Value>, String>, options: &Options) -> CallToolResult {
    match answer {
        Ok(map) => success(Outcome::from_map(map, options.structured)),
        Err(message) => failure(&ToolError::new(message)),
    }
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(
                Implementation::new("halopsa-mcp", env!("CARGO_PKG_VERSION")).with_title("HaloPSA"),
            )
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        Ok(self.list())
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let arguments = request.arguments.unwrap_or_default();
        self.call(&request.name, arguments).await.map(Into::into)
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.inner.tools.iter().find(|t| t.name == name).cloned()
    }
}
