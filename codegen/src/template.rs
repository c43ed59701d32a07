//! Path templates (`/TicketApproval/{id}&{seq}`): literal text and `{name}` parameters.

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart<'a> {
    /// Literal text.
    Literal(&'a str),
    /// A `{name}` parameter.
    Param(&'a str),
}

/// Splits a path template (`/TicketApproval/{id}&{seq}`) into literal text and parameters.
pub fn split_template(path: &str) -> Vec<TemplatePart<'_>> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            parts.push(TemplatePart::Literal(&rest[..start]));
        }
        parts.push(TemplatePart::Param(&rest[start + 1..start + len]));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest));
    }
    parts
}

/// The `{name}`s of a path template, in order.
pub fn template_params(path: &str) -> Vec<String> {
    split_template(path)
        .into_iter()
        .filter_map(|part| match part {
            TemplatePart::Param(name) => Some(name.to_owned()),
            TemplatePart::Literal(_) => None,
        })
        .collect()
}

/// What is wrong with a path template, if anything: it must start with `/`, and every `{`
/// must close with a `}` around a non-empty name, with no brace inside.
pub fn problem(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return Some(format!("path `{path}` must start with `/`"));
    }
    let mut open = None;
    for (i, c) in path.char_indices() {
        match (c, open) {
            ('{', None) => open = Some(i),
            ('{', Some(_)) => return Some(format!("path `{path}` has a `{{` inside a `{{…}}`")),
            ('}', None) => return Some(format!("path `{path}` has a `}}` that closes nothing")),
            ('}', Some(start)) => {
                if i == start + 1 {
                    return Some(format!("path `{path}` has an empty parameter `{{}}`"));
                }
                open = None;
            }
            _ => {}
        }
    }
    open.map(|_| format!("path `{path}` has a `{{` that is never closed"))
}

/// The path with every parameter name blanked (`/Tickets/{}`): two paths with the same
/// shape are the same endpoint.
pub fn shape(path: &str) -> String {
    split_template(path)
        .into_iter()
        .map(|part| match part {
            TemplatePart::Literal(text) => text,
            TemplatePart::Param(_) => "{}",
        })
        .collect()
}
