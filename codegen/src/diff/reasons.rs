//! Every reason a verdict gives, by name: first those of the Rust API verdict, then
//! those of the wire verdict. A reason with a type or an item in it is a function.
//! The table "What a spec change means for users" in `spec/README.md` sums them up.

// ---- the Rust API ----

/// Documentation only.
pub(super) const DOCS_ONLY: &str = "documentation only";
pub(super) const MODULE_DOCS_ONLY: &str = "the module's documentation only";
pub(super) const FIELD_DOCS_ONLY: &str = "the field's documentation only: its Rust type stays";
pub(super) const PARAMETER_DOCS_ONLY: &str =
    "documentation only (`openapi.json`); enum values are `String`s";
pub(super) const REQUIRED_IN_DOCS_ONLY: &str =
    "`required` shows in the field's documentation only; every field is a `Field`";
pub(super) const METHOD_IN_DOCS_ONLY: &str = "the method shows in the documentation only";
pub(super) const PATH_IN_DOCS_ONLY: &str =
    "the path shows in the documentation only (its parameters are judged one by one)";
pub(super) const STATUS_IN_DOCS_ONLY: &str = "the status shows in the documentation only";
pub(super) const LIST_KEY_IN_DOCS_ONLY: &str =
    "the return type stays; the key shows in the documentation";
pub(super) const BODY_IS_AN_ARGUMENT_EITHER_WAY: &str =
    "`openapi.json` only: the body is an argument either way";
pub(super) const NO_RUST_ITEM: &str = "no Rust item changes";
pub(super) const RECORD_TYPE_IS_ITS_FIELDS: &str =
    "a record's Rust type is its fields; the schema's own type only shows in `openapi.json`";
pub(super) const EXTRA_FIELDS_ANYWAY: &str =
    "every record keeps undocumented keys in `extra_fields` anyway";
pub(super) const FORM_FIELDS_NOT_RUST_ITEMS: &str = "form fields are not Rust items";
pub(super) const FORM_FIELDS_NOT_RUST_ITEMS_ARE_PAIRS: &str =
    "form fields are not Rust items (`&[(String, String)]`)";

// Items kept.
pub(super) const FIELD_KEEPS_NAME_AND_TYPE: &str = "the Rust field keeps its name and type";
pub(super) const FUNCTION_KEEPS_NAME: &str =
    "the function keeps its name; the operationId shows in its documentation and in decode errors";
pub(super) const ARGUMENT_NAMES_NOT_IN_TYPE: &str =
    "argument names are not part of a function's type";
pub(super) const ARGUMENT_KEEPS_TYPE: &str = "the argument keeps its type";
pub(super) const SIGNATURES_KEPT: &str = "the functions keep their signatures";

// Items added.
pub(super) const NEW_MODULE: &str = "a new module is an addition";
pub(super) const NEW_TYPE: &str = "a new type is an addition";
pub(super) const NEW_FIELD: &str =
    "records are `#[non_exhaustive]` and built from `Default`: a new field is an addition";
pub(super) const NEW_FUNCTIONS: &str = "new functions are an addition";
pub(super) const NEW_QUERY_FIELD: &str = "query structs are `#[non_exhaustive]` and built with `new`: a new field and setter are an addition";

// Items removed or changed.
pub(super) const MODULE_GONE: &str = "code naming the module no longer compiles";
pub(super) const TYPE_GONE: &str = "code naming the type no longer compiles";
pub(super) const OLD_TYPE_NAME_GONE: &str = "code naming the old type no longer compiles";
pub(super) const OLD_TYPE_PATH_GONE: &str =
    "code naming the type by its old path no longer compiles";
pub(super) const FIELD_GONE: &str = "code using the field no longer compiles";
pub(super) const FIELD_TYPE_CHANGES: &str = "the Rust field's type changes";
pub(super) const FUNCTION_GONE: &str = "code calling the function no longer compiles";
pub(super) const OLD_FUNCTION_PATH_GONE: &str =
    "code calling the function (or naming its query struct) by the old path no longer compiles";
pub(super) const PAGING_FUNCTIONS_GONE: &str =
    "code calling the paging functions no longer compiles";
pub(super) const NEW_ARGUMENT: &str = "a new argument: existing calls no longer compile";
pub(super) const ARGUMENT_GONE: &str = "an argument removed: existing calls no longer compile";
pub(super) const ARGUMENT_AND_TYPE_GONE: &str =
    "an argument and a type removed: existing calls no longer compile";
pub(super) const ARGUMENTS_IN_OLD_ORDER: &str =
    "existing calls pass their arguments in the old order";
pub(super) const PARAMETER_SETTER_GONE: &str = "code setting the parameter no longer compiles";
/// Said after a query struct's change when its first required parameter takes `Default`
/// away.
pub(super) const NO_LONGER_DEFAULT: &str = " (and the struct no longer implements `Default`)";

/// A schema renamed, its Rust type not.
pub(super) fn type_keeps_name(ty: &str) -> String {
    format!("the Rust type keeps its name, `{ty}`")
}

/// A field's Rust type changes.
pub(super) fn field_type_changes(old: &str, new: &str) -> String {
    format!("the field's type changes: `{old}` → `{new}`")
}

/// A field's value type changes in the spec, its Rust type not.
pub(super) fn field_type_stays(ty: &str) -> String {
    format!("the field's Rust type stays `{ty}`; its documentation changes")
}

/// A parameter's Rust type changes.
pub(super) fn parameter_type_changes(old: &str, new: &str) -> String {
    format!("its Rust type changes: `{old}` → `{new}`")
}

/// A parameter's value type changes in the spec, its Rust type not.
pub(super) fn parameter_type_stays(ty: &str) -> String {
    format!("its Rust type stays `{ty}`")
}

/// A new required query parameter: an argument of the query struct's `new`.
pub(super) fn new_takes_argument(query: &str, loses_default: &str) -> String {
    format!("`{query}::new` takes a new argument{loses_default}")
}

/// A query parameter made required or optional.
pub(super) fn new_changes_arguments(query: &str, item: &str, loses_default: &str) -> String {
    format!(
        "`{query}::new` changes its arguments, and the field `{item}` its type (`T` ↔ `Option<T>`){loses_default}"
    )
}

/// The body argument's type changes.
pub(super) fn body_type_changes(old: &str, new: &str) -> String {
    format!("the body argument changes type: `{old}` → `{new}`")
}

/// The body changes in the spec, the argument's type not.
pub(super) fn body_type_stays(ty: &str) -> String {
    format!("the body argument stays `{ty}`")
}

/// The function's return type changes.
pub(super) fn return_type_changes(old: &str, new: &str) -> String {
    format!("the function's return type changes: `{old}` → `{new}`")
}

/// The response changes in the spec, the return type not.
pub(super) fn return_type_stays(ty: &str) -> String {
    format!("the return type stays `{ty}`")
}

// ---- the wire ----

/// Documentation only.
pub(super) const NOTHING_ON_THE_WIRE: &str = "nothing sent or received changes";
pub(super) const NO_OPERATION_CHANGES: &str = "no operation, parameter or schema changes";
pub(super) const NOT_SENT_OR_RECEIVED: &str = "no operation sends or receives it";
pub(super) const RECORD_NOT_SENT_OR_RECEIVED: &str = "no operation sends or receives the record";
pub(super) const TYPE_NAMES_NOT_SENT: &str = "type names are not sent; the JSON is the same";
pub(super) const TYPE_NAMES_NOT_SENT_JUDGED_ONE_BY_ONE: &str =
    "type names are not sent; the operations that used it are judged one by one";
pub(super) const SAME_JSON_OTHER_RUST_NAME: &str =
    "the JSON is the same; only the Rust type's name or path changes";
pub(super) const PATH_PARAMETER_NAME_NOT_SENT: &str = "a path parameter's name is not sent";

// Additions.
pub(super) const NEW_AREA: &str = "a new area adds endpoints; old calls are unchanged";
pub(super) const NEW_SCHEMA_ON_THE_WIRE: &str =
    "a new schema changes nothing already sent or received";
pub(super) const NEW_ENDPOINT: &str = "a new endpoint changes no existing call";
pub(super) const EXISTING_CALLS_UNCHANGED: &str = "the existing calls are unchanged";
pub(super) const OPTIONAL: &str = "optional";
pub(super) const OPTIONAL_FIELD: &str =
    "optional: the old crate does not send it, and keeps it in `extra_fields` when received";
pub(super) const OPTIONAL_PARAMETER: &str = "optional: the old crate does not send it";
pub(super) const OPTIONAL_BODY: &str = "an optional body: the old crate sends none";
pub(super) const REQUIRED_IN_RESPONSES_ONLY: &str =
    "required only in responses: the old crate keeps it in `extra_fields`";
pub(super) const NO_QUERY_SENT_BEFORE: &str =
    "the old crate sends no query parameter; each new one is judged below";

// Requests the new API may refuse.
pub(super) const REQUIRED_FIELD_NOT_SENT: &str =
    "a required field the old crate does not send (the record is sent in requests)";
pub(super) const MAY_SEND_RECORD_WITHOUT_IT: &str =
    "the old crate may send the record without it (the record is sent in requests)";
pub(super) const REQUIRED_PARAMETER_NOT_SENT: &str =
    "a required parameter the old crate does not send";
pub(super) const MAY_CALL_WITHOUT_IT: &str = "the old crate may call without it";
pub(super) const REQUIRED_BODY_NOT_SENT: &str = "a required body the old crate does not send";
pub(super) const REQUIRED_FORM_FIELD: &str =
    "a required form field the old crate's callers do not know to send";
pub(super) const CALLERS_MAY_NOT_SEND_IT: &str = "callers may not send it";
pub(super) const OLD_KEY_SENT: &str =
    "the old crate sends the old key, and finds the new one only in `extra_fields`";
pub(super) const NULL_NOT_ACCEPTED: &str =
    "the old crate may send `null`, which the new API no longer accepts";
pub(super) const OUTSIDE_NEW_ENUM: &str = "the old crate may send a value outside the new `enum`";
pub(super) const ENUM_VALUE_NO_LONGER_ACCEPTED: &str =
    "the old crate may send a value the new API no longer accepts";
pub(super) const LONGER_THAN_NEW_LIMIT: &str =
    "the old crate may send a string longer than the new limit";
pub(super) const FEWER_THAN_NEW_MINIMUM: &str =
    "the old crate may send an array with fewer items than the new minimum";
pub(super) const TOOL_NOT_IN_CRATE: &str =
    "MCP tool names are the MCP server's, not items of the crate";
pub(super) const TOOL_RENAMED_SAME_REQUEST: &str =
    "the request is the same; an MCP client (or an allow-list) naming the old tool must use the new name";
pub(super) const COMMAND_NOT_IN_CRATE: &str =
    "command-line commands are the `halopsa` program's, not items of the crate";
pub(super) const COMMAND_RENAMED_SAME_REQUEST: &str =
    "the request is the same; a script calling the old command must use the new one";
pub(super) const ENDPOINT_GONE: &str =
    "the old crate still calls an endpoint the new API does not have";
pub(super) const OLD_METHOD_SENT: &str = "the old crate sends the old method";
pub(super) const OLD_PATH_REQUESTED: &str = "the old crate requests the old path";
pub(super) const PATH_WITHOUT_IT: &str = "the old crate requests a path without it";
pub(super) const PATH_WITH_IT: &str = "the old crate requests a path with it";
pub(super) const OLD_MEDIA_TYPE_SENT: &str = "the old crate sends the old media type";

// Requests still accepted.
pub(super) const ACCEPTED: &str = "the new API accepts every value the old crate sends";
pub(super) const ACCEPTED_AND_DECODED: &str =
    "accepted in requests and decoded in responses as before";
pub(super) const SAME_REQUEST: &str = "the same method and path: the request is the same";
pub(super) const PATH_BUILT_BY_NAME: &str = "the path is built from the arguments as named";
pub(super) const QUERY_BUILT_BY_NAME: &str =
    "the query string is built from the parameters as named";
pub(super) const SAME_VALUE_SENT: &str = "the value sent is the same";
pub(super) const SAME_JSON_SENT: &str = "the JSON sent is the same";
pub(super) const PARAMETER_NEVER_NULL: &str = "a parameter is never sent as `null`";
pub(super) const ALWAYS_SENT_STILL_ACCEPTED: &str =
    "the old crate always sends it, which is still accepted";
pub(super) const SENDING_IT_STILL_ACCEPTED: &str = "sending it is still accepted";
pub(super) const BODY_ALWAYS_SENT: &str = "the crate always sends the body it takes";
pub(super) const REMOVED_KEY_IGNORED_OR_KEPT: &str = "a key the old crate still sends is ignored, and one the server still sends is kept in `extra_fields`";
pub(super) const IGNORED_BY_SERVER: &str =
    "a query parameter the old crate still sends is ignored by the server";
pub(super) const REMOVED_QUERY_JUDGED_BELOW: &str = "each removed query parameter is judged below";
pub(super) const BODY_NOT_READ: &str = "the body the old crate still sends is not read";
pub(super) const FORM_FIELD_IGNORED: &str = "a form field still sent is ignored";
pub(super) const UNDOCUMENTED_KEYS_KEPT: &str =
    "undocumented keys are kept and sent back either way";
pub(super) const AREA_JUDGED_ONE_BY_ONE: &str =
    "the module's endpoints and schemas are judged one by one";
pub(super) const PAGING_JUDGED_ON_THEIR_OWN: &str =
    "the paging parameters and the response are judged on their own";

// Answers the old crate may not decode.
pub(super) const NULL_DOES_NOT_DECODE: &str =
    "a `null` the new API sends does not decode into the old type";
pub(super) const TYPED_BODY_NO_LONGER_PROMISED: &str =
    "the old crate decodes a typed body the new spec no longer promises";
pub(super) const EMPTY_BODY_DOES_NOT_DECODE: &str =
    "the old crate expects a body; an empty one does not decode";
pub(super) const OLD_MEDIA_TYPE_DECODED: &str =
    "the old crate decodes the body as the old media type";

// Answers still decoded.
pub(super) const DECODED: &str = "the old crate decodes every value the new API sends";
pub(super) const DECODED_AS_BEFORE: &str = "the response is decoded as before";
pub(super) const ALWAYS_PRESENT_DECODES: &str =
    "the record is only received: a field always present decodes as before";
pub(super) const EVERY_FIELD_IS_A_FIELD: &str =
    "every field is a `Field` (absent, null or a value) in the old crate too";
pub(super) const ENUM_VALUES_ARE_STRINGS: &str =
    "enum values are plain values in the old crate (`String`s), never checked";
pub(super) const ANY_SUCCESS_STATUS: &str = "the crate accepts any success status";
pub(super) const LIST_DECODES_BOTH_SHAPES: &str =
    "`List` decodes a bare array and Halo's wrapper object alike";
pub(super) const SAME_RESPONSE_SCHEMA: &str =
    "the response schema is the same (a change inside it is judged where it is made)";
pub(super) const WRAPPER_ARRAY_FOUND_BY_ANY_KEY: &str =
    "the old crate finds the wrapper's one array of records whatever its key (a bare array too)";
pub(super) const RECORDS_FOUND_IN_EITHER_SHAPE: &str = "the records are found in either shape";
pub(super) const ANY_JSON_DECODES: &str = "any JSON decodes as before";
pub(super) const BODY_IGNORED: &str = "the old crate ignores the body";
pub(super) const ANY_JSON_TAKEN: &str = "the old crate takes any JSON (and an empty body)";

/// A type change the new API may refuse in a request.
pub(super) fn type_not_accepted(old: &str) -> String {
    format!("the new API does not accept every {old} the old crate sends")
}

/// A type change the old crate may not decode in a response.
pub(super) fn type_does_not_decode(old: &str, new: &str) -> String {
    format!("a {new} the new API sends does not decode as the old {old}")
}
