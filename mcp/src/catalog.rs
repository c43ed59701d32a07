//! The tools on offer: [`ToolSpec`], one generated entry per operation
//! (`crate::tools::TOOLS`), and [`Catalog`], the ones this server offers as the settings
//! choose them (areas, a list of tools, writes on or off), as MCP tools.

use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use std::sync::Arc;

/// One operation as a tool: what `cargo xtask generate` writes into `crate::tools::TOOLS`.
#[derive(Debug)]
pub struct ToolSpec {
    /// The tool's name (`tickets_list`).
    pub name: &'static str,
    /// Its area's command (`tickets`), as `--areas` names it.
    pub area: &'static str,
    /// The spec's operationId (`listTickets`).
    pub operation_id: &'static str,
    /// The HTTP method (`GET`).
    pub method: &'static str,
    /// The path template (`/Tickets/{id}`).
    pub path: &'static str,
    /// A title for people: the summary.
    pub title: &'static str,
    /// The description for the assistant: summary, description, answer, paging.
    pub description: &'static str,
    /// The JSON Schema of its arguments.
    pub input_schema: &'static str,
    /// The JSON Schema of its answer.
    pub output_schema: &'static str,
    /// It changes nothing in Halo (`GET`).
    pub read_only: bool,
    /// It deletes something (`DELETE`).
    pub destructive: bool,
    /// It answers one page of a list and a cursor for the next.
    pub paged: bool,
    /// It answers records, which `fields` selects from.
    pub records: bool,
}

impl ToolSpec {
    /// Whether calling it twice does no more than once: the runtime's rule for its method
    /// ([`halopsa_runtime::is_idempotent`], the one the client retries by).
    pub fn is_idempotent(&self) -> bool {
        reqwest_method(self.method).is_some_and(|m| halopsa_runtime::is_idempotent(&m))
    }

    /// Whether it changes something in Halo.
    pub fn is_write(&self) -> bool {
        !self.read_only
    }

    /// The MCP tool: name, title, description, input schema, annotations, and with
    /// `structured` the output schema.
    pub fn tool(&self, structured: bool) -> Tool {
        let annotations = ToolAnnotations::new()
            .read_only(self.read_only)
            .destructive(self.destructive)
            .idempotent(self.is_idempotent())
            .open_world(false);
        let mut annotations = annotations;
        annotations.title = Some(self.title.to_owned());
        let tool = Tool::new_with_raw(
            self.name,
            Some(self.description.into()),
            Arc::new(schema(self.input_schema)),
        )
        .with_title(self.title)
        .with_annotations(annotations);
        if structured {
            tool.with_raw_output_schema(Arc::new(schema(self.output_schema)))
        } else {
            tool
        }
    }
}

/// The method a tool's entry names (`GET`), as the SDK's type; `None` if it is not one.
fn reqwest_method(method: &str) -> Option<halopsa_runtime::Method> {
    halopsa_runtime::Method::from_bytes(method.as_bytes()).ok()
}

/// A generated schema as a JSON object (the generator writes objects; anything else would
/// be a generator bug, shown as an empty schema rather than a crash).
pub fn schema(text: &str) -> JsonObject {
    serde_json::from_str(text).unwrap_or_default()
}

/// Which tools a server offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Only the tools of these areas (`tickets`, `email`); all when empty.
    pub areas: Vec<String>,
    /// Only these tools, writes included; all (of the areas) when empty.
    pub tools: Vec<String>,
    /// Offer the tools that write (every one of the areas), not only the read-only ones.
    pub allow_writes: bool,
}

/// A selection that names something that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName(pub String);

impl std::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UnknownName {}

/// The tools on offer, in spec order.
#[derive(Debug, Clone)]
pub struct Catalog {
    tools: Vec<&'static ToolSpec>,
}

impl Catalog {
    /// The tools of `all` that `selection` chooses: of its areas, the ones it names (a
    /// write named is offered), else the read-only ones, or all with `allow_writes`.
    /// An area or a tool that does not exist is an error that lists the names there are.
    pub fn select(all: &'static [ToolSpec], selection: &Selection) -> Result<Self, UnknownName> {
        for area in &selection.areas {
            if !all.iter().any(|t| t.area == area) {
                let mut areas: Vec<&str> = all.iter().map(|t| t.area).collect();
                areas.dedup();
                return Err(UnknownName(format!(
                    "no area `{area}`; the areas are: {}",
                    areas.join(", ")
                )));
            }
        }
        for name in &selection.tools {
            if !all.iter().any(|t| t.name == name) {
                let near: Vec<&str> = all
                    .iter()
                    .map(|t| t.name)
                    .filter(|t| {
                        name.split('_')
                            .filter(|w| w.len() > 2)
                            .any(|w| t.contains(w))
                    })
                    .take(8)
                    .collect();
                let hint = if near.is_empty() {
                    "`halopsa-mcp --list-tools` lists them".to_owned()
                } else {
                    format!("did you mean one of: {}", near.join(", "))
                };
                return Err(UnknownName(format!("no tool `{name}`; {hint}")));
            }
        }
        let tools = all
            .iter()
            .filter(|t| selection.areas.is_empty() || selection.areas.iter().any(|a| a == t.area))
            .filter(|t| {
                if selection.tools.is_empty() {
                    t.read_only || selection.allow_writes
                } else {
                    selection.tools.iter().any(|n| n == t.name)
                }
            })
            .collect();
        Ok(Catalog { tools })
    }

    /// The tools on offer.
    pub fn tools(&self) -> &[&'static ToolSpec] {
        &self.tools
    }

    /// The tool on offer with this name.
    pub fn get(&self, name: &str) -> Option<&'static ToolSpec> {
        self.tools.iter().copied().find(|t| t.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::TOOLS;

    fn names(selection: Selection) -> Vec<&'static str> {
        Catalog::select(TOOLS, &selection)
            .expect("a valid selection")
            .tools()
            .iter()
            .map(|t| t.name)
            .collect()
    }

    #[test]
    fn read_only_unless_writes_are_allowed_or_named() {
        let read = names(Selection::default());
        assert!(read.contains(&"tickets_list") && read.contains(&"tickets_get"));
        assert!(!read.contains(&"tickets_create") && !read.contains(&"tickets_delete"));
        assert!(read
            .iter()
            .all(|n| TOOLS.iter().any(|t| t.name == *n && t.read_only)));
        let all = names(Selection {
            allow_writes: true,
            ..Selection::default()
        });
        assert_eq!(all.len(), TOOLS.len());
        let named = names(Selection {
            tools: vec!["tickets_create".into(), "tickets_get".into()],
            ..Selection::default()
        });
        assert_eq!(named, ["tickets_create", "tickets_get"]);
    }

    #[test]
    fn tools_are_idempotent_exactly_when_the_client_would_retry_their_method() {
        let hint = |name: &str| {
            let tool = TOOLS
                .iter()
                .find(|t| t.name == name)
                .expect("the tool exists");
            tool.tool(false).annotations.and_then(|a| a.idempotent_hint)
        };
        assert_eq!(hint("tickets_get"), Some(true));
        assert_eq!(hint("tickets_delete"), Some(true));
        assert_eq!(hint("tickets_create"), Some(false));
        for tool in TOOLS {
            let expected = matches!(tool.method, "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE");
            assert_eq!(tool.is_idempotent(), expected, "{}", tool.name);
        }
    }

    #[test]
    fn areas_narrow_the_tools() {
        let email = names(Selection {
            areas: vec!["email".into()],
            ..Selection::default()
        });
        assert!(!email.is_empty());
        assert!(email.iter().all(|n| n.starts_with("email_")), "{email:?}");
    }

    #[test]
    fn unknown_names_are_errors_that_say_what_there_is() {
        let err = Catalog::select(
            TOOLS,
            &Selection {
                areas: vec!["tickts".into()],
                ..Selection::default()
            },
        )
        .unwrap_err();
        assert!(err.0.contains("tickets, "), "{err}");
        let err = Catalog::select(
            TOOLS,
            &Selection {
                tools: vec!["tickets_lst".into()],
                ..Selection::default()
            },
        )
        .unwrap_err();
        assert!(err.0.contains("tickets_list"), "{err}");
    }

    #[test]
    fn every_tool_is_a_valid_mcp_tool() {
        for spec in TOOLS {
            assert!(
                spec.name.len() <= 40,
                "{} is longer than 40 characters",
                spec.name
            );
            assert!(spec
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            let tool = spec.tool(true);
            assert_eq!(
                tool.input_schema.get("type"),
                Some(&serde_json::json!("object"))
            );
            let text = serde_json::to_string(&*tool.input_schema).unwrap();
            assert!(!text.contains("$ref"), "{} has a $ref", spec.name);
            let output = tool.output_schema.expect("an output schema");
            assert_eq!(output.get("type"), Some(&serde_json::json!("object")));
        }
    }
}
