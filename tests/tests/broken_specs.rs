//! The catalogue of broken specs: each must be rejected with located errors (file, line,
//! column and what is wrong), never a panic and never silently accepted. The messages of
//! all cases are one insta snapshot, so a change to any of them shows in review.
//!
//! A case is an area file (`area.yaml`, the tag `Area`) beside a small valid root file, or
//! a root file of its own. Odd but valid specs are in `tests/fixtures/specs/odd_but_valid`
//! (their generated crate is compiled as the workspace member `tests/odd-crate`).

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

const ROOT: &str = "\
openapi: 3.0.3
info:
  title: Catalogue
  version: '1'
tags:
  - name: Area
    description: The area under test.
    x-halopsa-file: area.yaml
components:
  parameters:
    page_no:
      name: page_no
      in: query
      schema:
        type: integer
  schemas:
    Shared:
      type: object
      properties:
        id:
          type: integer
paths: {}
";

/// A valid area with one operation, for cases that break the root.
const AREA: &str = "\
paths:
  /Things:
    get:
      operationId: listThings
      tags: [Area]
      summary: List things.
      responses:
        '200':
          description: OK
";

/// An area with one GET operation on `path`, with `extra` YAML under the operation
/// (indented six spaces) and `schemas` under `components.schemas` (four spaces).
fn op(path: &str, extra: &str, schemas: &str) -> String {
    format!(
        "paths:\n  {path}:\n    get:\n      operationId: getThing\n      tags: [Area]\n      summary: Get a thing.\n{extra}      responses:\n        '200':\n          description: OK\ncomponents:\n  schemas:\n{schemas}"
    )
}

/// An area whose only schema is `Thing` with the given body (indented six spaces).
fn schema(body: &str) -> String {
    op(
        "/Thing",
        "",
        &format!("    Thing:\n      type: object\n{body}"),
    )
}

enum Case {
    /// An area file with the default root.
    Area(String),
    /// A root file with the default area.
    Root(String),
    /// Raw bytes of the area file.
    Bytes(Vec<u8>),
}

fn cases() -> Vec<(&'static str, Case)> {
    use Case::*;
    let s = |t: &str| t.to_owned();
    vec![
        // YAML and text errors.
        ("yaml_syntax", Area(s("paths:\n  /A:\n    get: [unclosed\n"))),
        ("yaml_unterminated_string", Area(s("paths:\n  /A:\n    get:\n      summary: \"never closed\n"))),
        ("yaml_bad_indent", Area(s("paths:\n  /A:\n   get:\n  post: {}\n x: 1\n"))),
        ("empty_area_file", Area(s(""))),
        ("empty_root_file", Root(s("\n\n"))),
        ("nul_byte", Bytes(b"paths:\n  /A:\0\n".to_vec())),
        ("invalid_utf8", Bytes(b"paths:\n  /A\xff\xfe: {}\n".to_vec())),
        ("two_documents", Area(s("paths: {}\n---\npaths: {}\n"))),
        ("duplicate_operation_key", Area(op("/A", "", "    S:\n      type: object\n").replace("    get:\n", "    get:\n      operationId: first\n    get:\n"))),
        ("duplicate_property_key", Area(schema("      properties:\n        id:\n          type: integer\n        id:\n          type: string\n"))),
        ("duplicate_path_key", Area(format!("{AREA}  /Things:\n    post:\n      operationId: b\n      tags: [Area]\n      summary: b\n      responses:\n        '200':\n          description: OK\n"))),
        // Wrong types and unknown keys.
        ("paths_is_a_list", Area(s("paths: []\n"))),
        ("type_null", Area(schema("      properties:\n        id:\n          type: null\n"))),
        ("type_unknown", Area(schema("      properties:\n        when:\n          type: date\n"))),
        ("schema_unknown_key", Area(schema("      properties:\n        code:\n          type: string\n          pattern: '^[A-Z]+$'\n"))),
        ("required_not_a_list", Area(schema("      required: id\n      properties:\n        id:\n          type: integer\n"))),
        ("required_unknown_property", Area(schema("      required: [nope]\n"))),
        ("format_unsupported", Area(schema("      properties:\n        when:\n          type: string\n          format: date-ish\n"))),
        ("max_length_on_integer", Area(schema("      properties:\n        n:\n          type: integer\n          maxLength: 3\n"))),
        ("min_items_on_string", Area(schema("      properties:\n        s:\n          type: string\n          minItems: 1\n"))),
        ("array_without_items", Area(schema("      properties:\n        tags:\n          type: array\n"))),
        ("enum_values_of_another_type", Area(schema("      properties:\n        level:\n          type: integer\n          enum: [low, high]\n"))),
        ("description_left_empty", Area(schema("      description:\n      properties:\n        id:\n          type: integer\n"))),
        ("additional_properties_on_a_string", Area(schema("      properties:\n        s:\n          type: string\n          additionalProperties:\n            type: string\n"))),
        ("nullable_without_type", Area(schema("      properties:\n        any:\n          nullable: true\n"))),
        ("named_schema_not_an_object", Area(op("/A", "", "    Thing:\n      type: string\n"))),
        ("inline_object_with_properties", Area(schema("      properties:\n        inner:\n          type: object\n          properties:\n            a:\n              type: string\n"))),
        // References.
        ("dangling_schema_ref", Area(schema("      properties:\n        other:\n          $ref: '#/components/schemas/Missing'\n"))),
        ("dangling_parameter_ref", Area(op("/A", "      parameters:\n        - $ref: '#/components/parameters/nope'\n", ""))),
        ("ref_with_unescaped_slash", Area(schema("      properties:\n        other:\n          $ref: '#/components/schemas/Shared/id'\n"))),
        ("ref_to_another_file", Area(schema("      properties:\n        other:\n          $ref: 'common.yaml#/components/schemas/Shared'\n"))),
        ("ref_with_description", Area(schema("      properties:\n        other:\n          $ref: '#/components/schemas/Shared'\n          description: Dropped by OpenAPI 3.0 tools.\n"))),
        ("named_schema_only_a_ref", Area(op("/A", "", "    Alias:\n      $ref: '#/components/schemas/Shared'\n"))),
        ("parameter_ref_with_siblings", Area(op("/A", "      parameters:\n        - $ref: '#/components/parameters/page_no'\n          name: page\n", ""))),
        // Names.
        ("duplicate_operation_id", Area(format!("{AREA}  /Others:\n    get:\n      operationId: listThings\n      tags: [Area]\n      summary: Again.\n      responses:\n        '200':\n          description: OK\n"))),
        ("operation_id_not_camel_case", Area(AREA.replace("listThings", "list-things"))),
        ("schema_names_collide", Area(op("/A", "", "    Thing:\n      type: object\n    thing:\n      type: object\n"))),
        ("property_names_collide", Area(schema("      properties:\n        fooBar:\n          type: string\n        foo_bar:\n          type: string\n"))),
        ("property_named_extra_fields", Area(schema("      properties:\n        extra_fields:\n          type: string\n"))),
        ("property_with_no_letter", Area(schema("      properties:\n        '²':\n          type: string\n"))),
        ("schema_named_result", Area(op("/A", "", "    Result:\n      type: object\n"))),
        ("schema_named_option", Area(op("/A", "", "    Option:\n      type: object\n"))),
        ("tag_named_common", Root(ROOT.replace("name: Area", "name: Common"))),
        ("tag_named_lib", Root(ROOT.replace("name: Area", "name: lib"))),
        ("tag_empty", Root(ROOT.replace("name: Area", "name: ''"))),
        ("tag_emoji_only", Root(ROOT.replace("name: Area", "name: '🎫'"))),
        ("tag_module_doc_blank", Root(ROOT.replace("x-halopsa-file: area.yaml", "x-halopsa-file: area.yaml\n    x-halopsa-module-doc: '  '"))),
        ("tag_module_doc_with_a_heading", Root(ROOT.replace("x-halopsa-file: area.yaml", "x-halopsa-file: area.yaml\n    x-halopsa-module-doc: |-\n      What the area holds.\n\n      ## Records\n\n      Things."))),
        ("path_parameter_named_client", Area(op("/A/{client}", "      parameters:\n        - name: client\n          in: path\n          required: true\n          schema:\n            type: integer\n", ""))),
        ("path_parameters_differ_in_case", Area(op("/A/{Id}/{id}", "      parameters:\n        - name: Id\n          in: path\n          required: true\n          schema:\n            type: integer\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: integer\n", ""))),
        ("query_parameter_named_new", Area(op("/A", "      parameters:\n        - name: new\n          in: query\n          schema:\n            type: boolean\n", ""))),
        ("query_parameters_collide", Area(op("/A", "      parameters:\n        - name: clientId\n          in: query\n          schema:\n            type: integer\n        - name: client_id\n          in: query\n          schema:\n            type: integer\n", ""))),
        ("operation_next_to_its_request_helper", Area(format!("{AREA}  /ThingsRequest:\n    get:\n      operationId: listThingsRequest\n      tags: [Area]\n      summary: Clash.\n      responses:\n        '200':\n          description: OK\n"))),
        ("query_struct_named_like_a_schema", Area(op("/A", "      parameters:\n        - name: q\n          in: query\n          schema:\n            type: string\n", "    GetThingQuery:\n      type: object\n"))),
        ("wrong_tag", Area(AREA.replace("tags: [Area]", "tags: [Other]"))),
        // Paths.
        ("path_without_leading_slash", Area(AREA.replace("/Things", "Things"))),
        ("path_with_unclosed_brace", Area(op("/A/{id", "", ""))),
        ("paths_differ_in_parameter_names_only", Area(format!("{}  /A/{{key}}:\n    delete:\n      operationId: deleteThing\n      tags: [Area]\n      summary: Delete.\n      parameters:\n        - name: key\n          in: path\n          required: true\n          schema:\n            type: integer\n      responses:\n        '200':\n          description: OK\n", op("/A/{id}", "      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: integer\n", "").replace("components:\n  schemas:\n", "")))),
        ("template_parameter_not_declared", Area(op("/A/{id}", "", ""))),
        ("path_parameter_not_in_template", Area(op("/A", "      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: integer\n", ""))),
        ("path_parameter_not_required", Area(op("/A/{id}", "      parameters:\n        - name: id\n          in: path\n          schema:\n            type: integer\n", ""))),
        ("parameter_of_object_type", Area(op("/A", "      parameters:\n        - name: filter\n          in: query\n          schema:\n            type: object\n", ""))),
        // Unsupported constructs.
        ("all_of", Area(schema("      allOf:\n        - $ref: '#/components/schemas/Shared'\n"))),
        ("header_parameter", Area(op("/A", "      parameters:\n        - name: X-Key\n          in: header\n          schema:\n            type: string\n", ""))),
        ("error_response", Area(AREA.replace("'200'", "'404'"))),
        ("two_success_responses", Area(format!("{AREA}        '201':\n          description: Created\n"))),
        ("xml_request_body", Area(op("/A", "      requestBody:\n        content:\n          application/xml:\n            schema:\n              type: string\n", ""))),
        ("json_body_without_schema", Area(op("/A", "      requestBody:\n        content:\n          application/json: {}\n", ""))),
        ("multipart_without_schema", Area(op("/A", "      requestBody:\n        content:\n          multipart/form-data: {}\n", ""))),
        ("multipart_of_records", Area(op("/A", "      requestBody:\n        content:\n          multipart/form-data:\n            schema:\n              type: object\n              additionalProperties:\n                type: object\n", ""))),
        ("response_content_without_schema", Area(AREA.replace("description: OK\n", "description: OK\n          content:\n            application/json: {}\n"))),
        ("text_response_not_a_string", Area(AREA.replace("description: OK\n", "description: OK\n          content:\n            text/xml:\n              schema:\n                type: integer\n"))),
        ("untyped_response_with_content", Area(AREA.replace("description: OK\n", "description: OK\n          x-halopsa-untyped: Nothing says.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Shared'\n"))),
        ("list_items_without_a_wrapper", Area(AREA.replace("description: OK\n", "description: OK\n          x-halopsa-list-items: things\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Shared'\n"))),
        ("paging_parameter_of_another_type", Area(op("/A", "      parameters:\n        - name: page_no\n          in: query\n          schema:\n            type: string\n", ""))),
        // Size.
        ("deeply_nested_arrays", Area(schema(&format!("      properties:\n        deep:\n{}", deep_items(200))))),
    ]
}

/// `depth` arrays nested in each other, as the value of a property (indent eight spaces).
fn deep_items(depth: usize) -> String {
    let mut yaml = String::new();
    for level in 0..depth {
        let pad = " ".repeat(10 + 2 * level);
        yaml.push_str(&format!("{pad}type: array\n{pad}items:\n"));
    }
    yaml.push_str(&format!("{}type: integer\n", " ".repeat(10 + 2 * depth)));
    yaml
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("broken-specs")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// What the generator says of one case: its errors, or how it failed to reject it.
fn outcome(name: &str, case: &Case) -> Result<String, String> {
    let dir = scratch(name);
    let (root, area): (&[u8], Vec<u8>) = match case {
        Case::Area(area) => (ROOT.as_bytes(), area.clone().into_bytes()),
        Case::Root(root) => (root.as_bytes(), AREA.as_bytes().to_vec()),
        Case::Bytes(bytes) => (ROOT.as_bytes(), bytes.clone()),
    };
    std::fs::write(dir.join("openapi.yaml"), root).expect("write root");
    std::fs::write(dir.join("area.yaml"), area).expect("write area");
    let result = std::panic::catch_unwind(|| {
        halopsa_codegen::model(&dir)
            .and_then(|api| halopsa_codegen::sdk_files(&api, halopsa_codegen::DEFAULT_VERSION))
    });
    match result {
        Err(_) => Err(format!("{name}: the generator panicked")),
        Ok(Ok(_)) => Err(format!("{name}: accepted")),
        Ok(Err(e)) => {
            let text = e.to_string();
            let located = text.lines().filter(|l| l.starts_with("error: ")).all(|l| {
                l.split(':')
                    .nth(2)
                    .is_some_and(|n| n.parse::<usize>().is_ok_and(|n| n > 0))
            });
            if located && text.contains("error: ") {
                Ok(text)
            } else {
                Err(format!("{name}: an error without a location: {text}"))
            }
        }
    }
}

#[test]
fn every_broken_spec_is_a_located_error() {
    let cases = cases();
    assert!(
        cases.len() >= 40,
        "the catalogue holds {} cases",
        cases.len()
    );
    let mut report = String::new();
    let mut failures = Vec::new();
    for (name, case) in &cases {
        match outcome(name, case) {
            Ok(errors) => report.push_str(&format!("## {name}\n{errors}\n\n")),
            Err(failure) => failures.push(failure),
        }
    }
    assert!(
        failures.is_empty(),
        "not rejected with a location:\n{}",
        failures.join("\n")
    );
    insta::assert_snapshot!(report);
}
