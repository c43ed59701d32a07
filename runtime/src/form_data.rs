//! `multipart/form-data` bodies of text fields (RFC 7578), the only kind of form Halo's
//! documented operations take: each field one part, in order, its value's bytes exactly
//! as given.
//!
//! Written here rather than with reqwest's `multipart` feature, which brings MIME type
//! guessing for file parts (`mime_guess` and its tables: 1.6 s of a user's first build)
//! that text fields never use. The tests parse what this writes with Python's `email`
//! package, a parser we did not write.

use bytes::Bytes;
use reqwest::header::HeaderValue;

/// An encoded form: its `Content-Type` (with the boundary) and its body.
#[derive(Debug, Clone)]
pub(crate) struct FormData {
    /// `multipart/form-data; boundary=…`.
    pub(crate) content_type: HeaderValue,
    /// The parts, then the closing boundary.
    pub(crate) body: Bytes,
}

/// Encodes `fields` (name, value) as one part each, in order (no fields: the closing
/// boundary alone, as reqwest wrote it).
///
/// The boundary is random, and chosen again in the unlikely case that it occurs in a
/// value. Names are written as browsers write them (the WHATWG form encoding): `"`, CR
/// and LF as `%22`, `%0D` and `%0A`, everything else as it is. Values are not changed at
/// all, line breaks included.
pub(crate) fn encode(fields: &[(String, String)]) -> FormData {
    let boundary = loop {
        let candidate = format!(
            "halopsa-{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        );
        if !fields.iter().any(|(_, value)| value.contains(&candidate)) {
            break candidate;
        }
    };
    let mut body = Vec::with_capacity(
        fields
            .iter()
            .map(|(name, value)| name.len() + value.len() + boundary.len() + 64)
            .sum::<usize>()
            + boundary.len()
            + 8,
    );
    for (name, value) in fields {
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        for c in name.chars() {
            match c {
                '"' => body.extend_from_slice(b"%22"),
                '\r' => body.extend_from_slice(b"%0D"),
                '\n' => body.extend_from_slice(b"%0A"),
                c => body.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            }
        }
        body.extend_from_slice(b"\"\r\n\r\n");
        body.extend_from_slice(value.as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--");
    body.extend_from_slice(boundary.as_bytes());
    body.extend_from_slice(b"--\r\n");
    let content_type = HeaderValue::try_from(format!("multipart/form-data; boundary={boundary}"))
        .unwrap_or_else(|_| HeaderValue::from_static("multipart/form-data"));
    FormData {
        content_type,
        body: Bytes::from(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::process::{Command, Stdio};

    /// The fields Python's `email` package reads from `form`: (name, value) per part,
    /// each part's `Content-Type` if it has one, and whether it saw any defect.
    fn parse_with_python(form: &FormData) -> serde_json::Value {
        const PARSE: &str = r#"
import email, email.policy, json, sys
body = sys.stdin.buffer.read()
content_type = sys.argv[1]
message = email.message_from_bytes(
    b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body,
    policy=email.policy.HTTP,
)
parts = []
for part in message.iter_parts():
    payload = part.get_payload(decode=True)
    parts.append([part.get_param("name", header="content-disposition"), payload.decode("utf-8")])
defects = [str(d) for d in message.defects] + [str(d) for p in message.iter_parts() for d in p.defects]
print(json.dumps({"parts": parts, "defects": defects, "multipart": message.is_multipart()}))
"#;
        let content_type = form.content_type.to_str().expect("ASCII");
        let mut child = Command::new("python3")
            .args(["-c", PARSE, content_type])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs (CI installs it)");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(&form.body)
            .expect("the body is written");
        let output = child.wait_with_output().expect("python3 finishes");
        assert!(output.status.success(), "{output:?}");
        serde_json::from_slice(&output.stdout).expect("the parser prints JSON")
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_real_parser_reads_every_field_back_unchanged() {
        let cases = [
            fields(&[("Body", "hello there"), ("From", "+15551234567")]),
            fields(&[("empty", ""), ("", "no name")]),
            fields(&[
                ("lines", "one\r\ntwo\nthree\rfour\r\n"),
                ("dashes", "--\r\n--halopsa-\r\n--"),
                ("unicode", "Grüße, 東京, 👋"),
                ("spaces", "  leading and trailing  "),
                ("Body", "a repeated name"),
                ("Body", "and again"),
            ]),
        ];
        for sent in cases {
            let form = encode(&sent);
            let read = parse_with_python(&form);
            assert_eq!(read["multipart"], true, "{read}");
            assert_eq!(read["defects"], serde_json::json!([]), "{read}");
            let expected: Vec<[&str; 2]> =
                sent.iter().map(|(k, v)| [k.as_str(), v.as_str()]).collect();
            assert_eq!(read["parts"], serde_json::json!(expected), "{read}");
        }
    }

    #[test]
    fn an_empty_form_is_the_closing_boundary_alone() {
        // As reqwest wrote it: RFC 2046 wants at least one part, so a parser may call it
        // a defect, but a server reads no fields, which is what was sent.
        let form = encode(&[]);
        let closing = format!("--{}--\r\n", boundary(&form));
        assert_eq!(form.body, closing.as_bytes());
    }

    #[test]
    fn names_are_escaped_as_browsers_escape_them() {
        let form = encode(&fields(&[("a\"b\r\nc", "v")]));
        let text = String::from_utf8(form.body.to_vec()).expect("UTF-8");
        assert!(
            text.contains("Content-Disposition: form-data; name=\"a%22b%0D%0Ac\"\r\n\r\nv\r\n"),
            "{text}"
        );
        let read = parse_with_python(&form);
        assert_eq!(read["parts"], serde_json::json!([["a%22b%0D%0Ac", "v"]]));
    }

    /// The boundary of an encoded form.
    fn boundary(form: &FormData) -> String {
        let content_type = form.content_type.to_str().expect("ASCII");
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=");
        boundary.expect("a boundary").to_owned()
    }

    #[test]
    fn the_boundary_is_never_in_a_value() {
        // The same random numbers twice: the second form's value holds the first's
        // boundary, so it must choose another.
        fastrand::seed(7);
        let taken = boundary(&encode(&fields(&[("a", "x")])));
        fastrand::seed(7);
        let value = format!("\r\n--{taken}--\r\n");
        let form = encode(&fields(&[("a", &value)]));
        assert_ne!(boundary(&form), taken);
        let read = parse_with_python(&form);
        assert_eq!(read["parts"], serde_json::json!([["a", value]]));
    }
}
