//! What every generated tool function calls: [`Call`] holds one call's arguments, the
//! client and the limits; it hands out the arguments in the SDK's types, the page asked
//! for, intercepts dry runs, and turns the typed answer into the tool's result
//! ([`Outcome`]) with the caps of [`crate::answer`].

pub use crate::answer::Outcome;
use crate::answer::{self, Shape};
use crate::catalog::ToolSpec;
pub use crate::error::ToolError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::sync::Mutex;

/// The page a paged list tool asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// The page number, from 1 (Halo's `page_no`).
    pub number: i64,
    /// Records per page (Halo's `page_size`).
    pub size: i64,
}

impl Page {
    /// The cursor of this page: opaque to the assistant, `page:size` to the server.
    pub fn cursor(&self) -> String {
        format!("{}:{}", self.number, self.size)
    }

    /// The page a cursor names.
    pub fn from_cursor(cursor: &str) -> Option<Page> {
        let (number, size) = cursor.trim().split_once(':')?;
        let page = Page {
            number: number.parse().ok()?,
            size: size.parse().ok()?,
        };
        (page.number >= 1 && page.size >= 1).then_some(page)
    }
}

/// A multipart body: form fields in the order the arguments give them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form(pub Vec<(String, String)>);

impl<'de> serde::Deserialize<'de> for Form {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = Form;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of text fields")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Form, A::Error> {
                let mut fields = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, String>()? {
                    fields.push((key, value));
                }
                Ok(Form(fields))
            }
        }
        deserializer.deserialize_map(Fields)
    }
}

/// One tool call.
pub struct Call<'a> {
    client: &'a halopsa::Client,
    shape: Shape,
    /// The operation's own arguments, until [`Call::arguments`] takes them.
    arguments: Mutex<Option<Map<String, Value>>>,
    cursor: Option<Page>,
    fields: Option<Vec<String>>,
    dry_run: bool,
}

impl<'a> Call<'a> {
    /// A call of `spec` with `arguments`; the server's own arguments (`cursor`, `fields`,
    /// `dry_run`) are taken out and checked here. With `force_dry_run`, a write is a dry
    /// run whatever the arguments say.
    pub fn new(
        spec: &'static ToolSpec,
        client: &'a halopsa::Client,
        shape: Shape,
        mut arguments: Map<String, Value>,
        force_dry_run: bool,
    ) -> Result<Self, ToolError> {
        let cursor = match arguments.remove("cursor") {
            Some(Value::String(cursor)) if spec.paged => {
                Some(Page::from_cursor(&cursor).ok_or_else(|| {
                    ToolError::arguments(format!(
                        "`cursor` {cursor:?} is not a `next_cursor` this server gave"
                    ))
                })?)
            }
            None | Some(Value::Null) => None,
            Some(_) if spec.paged => return Err(ToolError::arguments("`cursor` must be a string")),
            Some(_) => return Err(ToolError::arguments("this tool does not page: no `cursor`")),
        };
        let fields = match arguments.remove("fields") {
            None | Some(Value::Null) => None,
            Some(value) if spec.records => {
                let fields: Vec<String> = serde_json::from_value(value).map_err(|_| {
                    ToolError::arguments("`fields` must be an array of field names")
                })?;
                let fields: Vec<String> = fields
                    .into_iter()
                    .map(|f| f.trim().to_owned())
                    .filter(|f| !f.is_empty())
                    .collect();
                (!fields.is_empty()).then_some(fields)
            }
            Some(_) => {
                return Err(ToolError::arguments(
                    "this tool answers no records: no `fields`",
                ))
            }
        };
        let dry_run = match arguments.remove("dry_run") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(dry_run)) if spec.is_write() => dry_run,
            Some(_) if spec.is_write() => {
                return Err(ToolError::arguments("`dry_run` must be true or false"))
            }
            Some(_) => {
                return Err(ToolError::arguments(
                    "this tool changes nothing: no `dry_run`",
                ))
            }
        };
        Ok(Call {
            client,
            shape,
            arguments: Mutex::new(Some(arguments)),
            cursor,
            fields,
            dry_run: spec.is_write() && (dry_run || force_dry_run),
        })
    }

    /// The operation's arguments, decoded into the SDK's types (once).
    pub fn arguments<T: DeserializeOwned>(&self) -> Result<T, ToolError> {
        let arguments = self
            .arguments
            .lock()
            .ok()
            .and_then(|mut a| a.take())
            .unwrap_or_default();
        serde_json::from_value(Value::Object(arguments)).map_err(ToolError::arguments)
    }

    /// The client.
    pub fn client(&self) -> Result<&halopsa::Client, ToolError> {
        Ok(self.client)
    }

    /// The page to fetch: the cursor's, else the first, of the size asked for, at most
    /// the records an answer may hold.
    pub fn page(&self, size: Option<i64>) -> Result<Page, ToolError> {
        if let Some(page) = self.cursor {
            return Ok(page);
        }
        let cap = i64::try_from(self.shape.limits.max_records)
            .unwrap_or(i64::MAX)
            .min(halopsa::paging::MAX_PAGE_SIZE);
        let size = size.filter(|s| *s > 0).map_or(cap, |s| s.min(cap));
        Ok(Page { number: 1, size })
    }

    /// Whether this call is a dry run: a write that is to show its request, not send it.
    pub fn dry_run(&self) -> bool {
        self.dry_run
    }

    /// A dry run's answer: the request as it would be sent, the credentials left out.
    pub fn show(&self, request: halopsa::Request) -> Result<Outcome, ToolError> {
        Ok(Outcome::from_map(
            crate::dry_run::describe(self.client, &request),
            self.shape.structured,
        ))
    }

    /// The answer to an operation without a body.
    pub fn done(&self) -> Outcome {
        answer::done(&self.shape)
    }

    /// The answer of one record.
    pub fn record<T: Serialize>(&self, record: &T) -> Result<Outcome, ToolError> {
        Ok(answer::record(record, self.fields.as_deref(), &self.shape))
    }

    /// The answer of a create or update: the saved records.
    pub fn saved<T: Serialize>(&self, saved: halopsa::OneOrMany<T>) -> Result<Outcome, ToolError> {
        let saved = saved.into_vec();
        Ok(answer::records(&saved, self.fields.as_deref(), &self.shape))
    }

    /// The answer of a list: its records (one page of them for a paged list), capped.
    pub fn list<T: Serialize>(
        &self,
        list: halopsa::List<T>,
        page: Option<Page>,
    ) -> Result<Outcome, ToolError> {
        Ok(answer::list(
            &list.items,
            list.record_count(),
            page,
            self.fields.as_deref(),
            &self.shape,
        ))
    }

    /// The answer of another documented value, or of JSON the docs do not describe.
    pub fn value<T: Serialize>(&self, value: &T) -> Result<Outcome, ToolError> {
        Ok(answer::value(value, &self.shape))
    }

    /// The answer of a text body.
    pub fn text(&self, text: String) -> Result<Outcome, ToolError> {
        Ok(answer::text(text, &self.shape))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_name_pages() {
        let page = Page {
            number: 3,
            size: 25,
        };
        assert_eq!(Page::from_cursor(&page.cursor()), Some(page));
        for bad in ["", "3", "0:25", "3:0", "x:y", "-1:5"] {
            assert_eq!(Page::from_cursor(bad), None, "{bad}");
        }
    }

    #[test]
    fn forms_keep_the_order_given() {
        let form: Form = serde_json::from_str(r#"{"b": "1", "a": "2"}"#).unwrap();
        assert_eq!(form.0, [("b".into(), "1".into()), ("a".into(), "2".into())]);
        assert!(serde_json::from_str::<Form>(r#"{"a": 1}"#).is_err());
    }
}
