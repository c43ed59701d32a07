//! The spec diff (`halopsa_codegen::diff`, behind `cargo xtask diff`) on a catalogue of spec
//! edits: each a small text change of the real spec files in a scratch copy, with the Rust
//! API and wire verdicts it must get and a change it must report.
//!
//! The scratch copies stay in `target/tmp/spec-diff/<case>/{old,new}` with a
//! `catalogue.tsv` (case, old spec, new spec, Rust verdict, wire verdict): the
//! cargo-semver-checks comparison (`xtask/scripts/semver-checks.sh`) generates both crates
//! of each case from there.

#![forbid(unsafe_code)]

use halopsa_codegen::diff::{self, Kind, Report, Semver, Wire};
use std::path::{Path, PathBuf};

/// `(file, text, replacement)`: `text` must occur exactly once in `file`.
type Edit = (&'static str, &'static str, &'static str);

struct Case {
    name: &'static str,
    /// Applied to both sides: the base of the case, when the real spec has no example.
    before: &'static [Edit],
    /// Applied to the new side.
    after: &'static [Edit],
    /// The overall Rust API verdict (`None`: no change at all).
    rust: Option<Semver>,
    wire: Wire,
    /// A change that must be reported: its kind, and a text its summary holds.
    kind: Option<Kind>,
    mentions: &'static str,
}

const T: &str = "tickets.yaml";
const A: &str = "automation.yaml";
const E: &str = "email.yaml";
const C: &str = "chat.yaml";
const K: &str = "collaboration.yaml";
const R: &str = "openapi.yaml";

const FAULTS_ID: &str = "        id:
          type: integer
          description: Ticket ID.
        summary:
          type: string
          nullable: true
          description: Ticket summary.
";

const STATUS_ID: &str = "        status_id:
          type: integer
          nullable: true
          description: Status ID.
";

const AGENT_ID: &str = "        - name: agent_id
          in: query
          required: false
          description: Filter by a single agent ID
";

const ZAPIER: &str = "  /Tickets/zapier:
    get:
      operationId: getTicketsZapier
      tags: [Tickets]
      summary: Zapier integration endpoint
      description: Zapier integration endpoint. Tickets in HaloPSA are referred to as \"Faults\" in the API. All endpoints require authentication.
      responses:
        '200':
          description: OK
          x-halopsa-untyped: The docs give only the summary 'Zapier integration endpoint' and '200 OK', and no Halo convention says what this endpoint returns.
";

const WEBHOOK_TYPE: &str = "        type:
          type: string
          description: Webhook type identifier.
";

const FAULT_VIEW_LOG_OP: &str = "  /FaultViewLog:
    get:
      operationId: getFaultViewLog
      tags: [Tickets]
      summary: Get fault view log
      description: Get fault view log (the FaultsViewLog resource).
      responses:
";

const APPROVAL_FILTER: &str = "        - name: ticket_id
          in: query
          required: false
          description: Filter by ticket ID
          schema:
            type: integer
      responses:
        '200':
          description: The approval records (FaultApproval).
";

/// The body of `createMicrosoftTeamsMapping` down to its schema's `type`, then `$rest`.
macro_rules! teams_mapping_body {
    ($rest:literal) => {
        concat!(
            "        description: Array of MicrosoftTeamsMapping.
        required: true
        content:
          application/json:
            schema:
              type: array
",
            $rest
        )
    };
}

const CATALOGUE: &[Case] = &[
    // ---- fields ----
    Case {
        name: "field_added",
        before: &[],
        after: &[(T, FAULTS_ID, "        id:
          type: integer
          description: Ticket ID.
        new_field:
          type: integer
          nullable: true
          description: A field Halo added.
        summary:
          type: string
          nullable: true
          description: Ticket summary.
")],
        rust: Some(Semver::Minor),
        wire: Wire::Compatible,
        kind: Some(Kind::Added),
        mentions: "`tickets::Faults::new_field`",
    },
    Case {
        name: "field_added_required",
        before: &[],
        after: &[(T, "    Faults:
      type: object
      additionalProperties: true
", "    Faults:
      type: object
      additionalProperties: true
      required: [new_field]
"), (T, FAULTS_ID, "        id:
          type: integer
          description: Ticket ID.
        new_field:
          type: integer
          description: A field Halo added and requires.
        summary:
          type: string
          nullable: true
          description: Ticket summary.
")],
        rust: Some(Semver::Minor),
        wire: Wire::Breaking,
        kind: Some(Kind::Added),
        mentions: "`tickets::Faults::new_field`",
    },
    Case {
        name: "field_removed",
        before: &[],
        after: &[(T, "        details_html:
          type: string
          nullable: true
          description: Ticket details (HTML).
", "")],
        rust: Some(Semver::Major),
        wire: Wire::Compatible,
        kind: Some(Kind::Removed),
        mentions: "`tickets::Faults::details_html`",
    },
    Case {
        name: "field_type_changed",
        before: &[],
        after: &[(T, STATUS_ID, "        status_id:
          type: string
          nullable: true
          description: Status ID.
")],
        rust: Some(Semver::Major),
        wire: Wire::Breaking,
        kind: Some(Kind::TypeChanged),
        mentions: "`tickets::Faults::status_id` is now `Field<String>`",
    },
    Case {
        name: "field_int32_to_int64",
        before: &[(T, STATUS_ID, "        status_id:
          type: integer
          format: int32
          nullable: true
          description: Status ID.
")],
        after: &[(T, "          format: int32
          nullable: true
          description: Status ID.
", "          format: int64
          nullable: true
          description: Status ID.
")],
        rust: Some(Semver::Major),
        wire: Wire::Breaking,
        kind: Some(Kind::TypeChanged),
        mentions: "`Field<i64>` (was `Field<i32>`)",
    },
    Case {
        // `LiveChatIsTyping` is only sent (the body of `POST /ChatMessage/IsTyping`): a
        // wider integer accepts every value the old crate sends.
        name: "field_int32_to_int64_request_only",
        before: &[(C, "        chat_id:
          type: integer
          description: Chat session ID.
        sender_id:", "        chat_id:
          type: integer
          format: int32
          description: Chat session ID.
        sender_id:")],
        after: &[(C, "          format: int32
          description: Chat session ID.
        sender_id:", "          format: int64
          description: Chat session ID.
        sender_id:")],
        rust: Some(Semver::Major),
        wire: Wire::Compatible,
        kind: Some(Kind::TypeChanged),
        mentions: "`chat::LiveChatIsTyping::chat_id`",
    },
    Case {
        name: "field_made_required",
        before: &[],
        after: &[(T, "    Faults:
      type: object
      additionalProperties: true
", "    Faults:
      type: object
      additionalProperties: true
      required: [summary]
")],
        rust: Some(Semver::Patch),
        wire: Wire::Breaking,
        kind: Some(Kind::MadeRequired),
        mentions: "`tickets::Faults::summary` is now required",
    },
    Case {
        // `Faults_View` is only received (the page of `GET /Tickets`).
        name: "field_made_required_response_only",
        before: &[],
        after: &[(T, "    Faults_View:
      type: object
      additionalProperties: true
", "    Faults_View:
      type: object
      additionalProperties: true
      required: [record_count]
")],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::MadeRequired),
        mentions: "`tickets::FaultsView::record_count`",
    },
    Case {
        name: "field_nullable_added",
        before: &[],
        after: &[(T, FAULTS_ID, "        id:
          type: integer
          nullable: true
          description: Ticket ID.
        summary:
          type: string
          nullable: true
          description: Ticket summary.
")],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::NullableAdded),
        mentions: "`tickets::Faults::id`",
    },
    Case {
        name: "field_nullable_removed",
        before: &[],
        after: &[(T, FAULTS_ID, "        id:
          type: integer
          description: Ticket ID.
        summary:
          type: string
          description: Ticket summary.
")],
        rust: Some(Semver::Patch),
        wire: Wire::Breaking,
        kind: Some(Kind::NullableRemoved),
        mentions: "`tickets::Faults::summary`",
    },
    Case {
        name: "field_enum_value_added",
        before: &[(A, WEBHOOK_TYPE, "        type:
          type: string
          enum: [json, form]
          description: Webhook type identifier.
")],
        after: &[(A, "enum: [json, form]", "enum: [json, form, xml]")],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::EnumValuesAdded),
        mentions: "`automation::IncomingWebhook::type_`",
    },
    Case {
        name: "field_enum_value_removed",
        before: &[(A, WEBHOOK_TYPE, "        type:
          type: string
          enum: [json, form, xml]
          description: Webhook type identifier.
")],
        after: &[(A, "enum: [json, form, xml]", "enum: [json, form]")],
        rust: Some(Semver::Patch),
        wire: Wire::Breaking,
        kind: Some(Kind::EnumValuesRemoved),
        mentions: "`xml`",
    },
    Case {
        name: "field_description_changed",
        before: &[],
        after: &[(T, "          description: Ticket summary.\n", "          description: The ticket's one-line summary.\n")],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::DescriptionChanged),
        mentions: "`tickets::Faults::summary`",
    },
    Case {
        name: "field_max_length_narrowed",
        before: &[],
        after: &[(A, "maxLength: 1000", "maxLength: 500")],
        rust: Some(Semver::Patch),
        wire: Wire::Breaking,
        kind: Some(Kind::MaxLengthNarrowed),
        mentions: "`automation::IncomingWebhook::url`",
    },
    Case {
        name: "field_max_length_widened",
        before: &[],
        after: &[(A, "maxLength: 1000", "maxLength: 4000")],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::MaxLengthWidened),
        mentions: "`automation::IncomingWebhook::url`",
    },
    Case {
        // `details-html` and `details_html` are both the Rust field `details_html`.
        name: "field_json_key_renamed_same_rust_name",
        before: &[],
        after: &[(T, "        details_html:\n", "        details-html:\n")],
        rust: Some(Semver::Patch),
        wire: Wire::Breaking,
        kind: Some(Kind::Renamed),
        mentions: "JSON key `details-html`",
    },
    // ---- operations ----
    Case {
        name: "operation_added",
        before: &[],
        after: &[(T, ZAPIER, "  /Tickets/archive:
    get:
      operationId: listArchivedTickets
      tags: [Tickets]
      summary: Archived tickets
      description: Archived tickets.
      responses:
        '200':
          description: The archived tickets.
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: '#/components/schemas/Faults'
  /Tickets/zapier:
    get:
      operationId: getTicketsZapier
      tags: [Tickets]
      summary: Zapier integration endpoint
      description: Zapier integration endpoint. Tickets in HaloPSA are referred to as \"Faults\" in the API. All endpoints require authentication.
      responses:
        '200':
          description: OK
          x-halopsa-untyped: The docs give only the summary 'Zapier integration endpoint' and '200 OK', and no Halo convention says what this endpoint returns.
")],
        rust: Some(Semver::Minor),
        wire: Wire::Compatible,
        kind: Some(Kind::Added),
        mentions: "`tickets::list_archived_tickets`",
    },
    Case {
        name: "operation_removed",
        before: &[],
        after: &[(T, ZAPIER, "")],
        rust: Some(Semver::Major),
        wire: Wire::Breaking,
        kind: Some(Kind::Removed),
        mentions: "`tickets::get_tickets_zapier`",
    },
    Case {
        name: "operation_renamed",
        before: &[],
        after: &[(T, "operationId: getTicketsZapier", "operationId: getZapierTickets")],
        rust: Some(Semver::Major),
        wire: Wire::Compatible,
        kind: Some(Kind::Renamed),
        mentions: "`tickets::get_zapier_tickets`",
    },
    Case {
        // The same rename, seen from the command line: its command follows the operationId.
        name: "operation_renamed_command",
        before: &[],
        after: &[(T, "operationId: getTicketsZapier", "operationId: getZapierTickets")],
        rust: Some(Semver::Major),
        wire: Wire::Compatible,
        kind: Some(Kind::CommandRenamed),
        mentions: "is now `tickets get-zapier-tickets` (was `tickets get-zapier`)",
    },
    Case {
        name: "operation_moved_to_another_area",
        before: &[],
        after: &[
            (T, ZAPIER, ""),
            (E, "paths:\n", "paths:
  /Tickets/zapier:
    get:
      operationId: getTicketsZapier
      tags: [Email]
      summary: Zapier integration endpoint
      description: Zapier integration endpoint.
      responses:
        '200':
          description: OK
          x-halopsa-untyped: The docs give only the summary 'Zapier integration endpoint' and '200 OK', and no Halo convention says what this endpoint returns.
"),
        ],
        rust: Some(Semver::Major),
        wire: Wire::Compatible,
        kind: Some(Kind::Moved),
        mentions: "`email::get_tickets_zapier`",
    },
    Case {
        name: "operation_method_changed",
        before: &[],
        after: &[(T, "  /Tickets/zapier:\n    get:\n", "  /Tickets/zapier:\n    post:\n")],
        rust: Some(Semver::Patch),
        wire: Wire::Breaking,
        kind: Some(Kind::MethodChanged),
        mentions: "now sends `POST`",
    },
    Case {
        name: "operation_description_changed",
        before: &[],
        after: &[(T, "      summary: Zapier integration endpoint\n", "      summary: The Zapier integration endpoint\n")],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::DescriptionChanged),
        mentions: "`tickets::get_tickets_zapier`",
    },
    Case {
        // The MCP server's tools of an area take their prefix from the tag.
        name: "tool_prefix_changed",
        before: &[],
        after: &[(R, "    x-halopsa-tool-prefix: collab\n", "    x-halopsa-tool-prefix: teams\n")],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::ToolRenamed),
        mentions: "is now `teams_",
    },
    // ---- query parameters ----
    Case {
        name: "query_param_added_optional",
        before: &[],
        after: &[(T, AGENT_ID, "        - name: agent_team_id
          in: query
          required: false
          description: Filter by the agent's team
          schema:
            type: integer
        - name: agent_id
          in: query
          required: false
          description: Filter by a single agent ID
")],
        rust: Some(Semver::Minor),
        wire: Wire::Compatible,
        kind: Some(Kind::Added),
        mentions: "`tickets::ListTicketsQuery::agent_team_id`",
    },
    Case {
        name: "query_param_added_required",
        before: &[],
        after: &[(T, AGENT_ID, "        - name: tenant_key
          in: query
          required: true
          description: A key Halo now requires
          schema:
            type: string
        - name: agent_id
          in: query
          required: false
          description: Filter by a single agent ID
")],
        rust: Some(Semver::Major),
        wire: Wire::Breaking,
        kind: Some(Kind::Added),
        mentions: "new required query parameter `tenant_key`",
    },
    Case {
        name: "query_param_made_required",
        before: &[],
        after: &[(T, AGENT_ID, "        - name: agent_id
          in: query
          required: true
          description: Filter by a single agent ID
")],
        rust: Some(Semver::Major),
        wire: Wire::Breaking,
        kind: Some(Kind::MadeRequired),
        mentions: "`tickets::ListTicketsQuery::new`",
    },
    Case {
        name: "query_param_made_optional",
        before: &[(T, AGENT_ID, "        - name: agent_id
          in: query
          required: true
          description: Filter by a single agent ID
")],
        after: &[(T, "        - name: agent_id
          in: query
          required: true
", "        - name: agent_id
          in: query
          required: false
")],
        rust: Some(Semver::Major),
        wire: Wire::Compatible,
        kind: Some(Kind::MadeOptional),
        mentions: "`tickets::ListTicketsQuery::agent_id`",
    },
    Case {
        // Query parameters are text: every integer the old crate sends is a string.
        name: "query_param_integer_to_string",
        before: &[],
        after: &[(T, "          description: Filter by asset ID
          schema:
            type: integer
", "          description: Filter by asset ID
          schema:
            type: string
")],
        rust: Some(Semver::Major),
        wire: Wire::Compatible,
        kind: Some(Kind::TypeChanged),
        mentions: "`tickets::ListTicketsQuery::asset_id`) is now `String`",
    },
    Case {
        name: "query_param_string_to_integer",
        before: &[],
        after: &[(T, "          description: Advanced search string
          schema:
            type: string
", "          description: Advanced search string
          schema:
            type: integer
")],
        rust: Some(Semver::Major),
        wire: Wire::Breaking,
        kind: Some(Kind::TypeChanged),
        mentions: "`tickets::ListTicketsQuery::advanced_search`",
    },
    Case {
        name: "query_param_removed",
        before: &[],
        after: &[(T, "        - name: alerttype
          in: query
          required: false
          description: Includes fninjaalertid field; use 'ninjarmm'
          schema:
            type: string
", "")],
        rust: Some(Semver::Major),
        wire: Wire::Compatible,
        kind: Some(Kind::Removed),
        mentions: "`tickets::ListTicketsQuery::alerttype`",
    },
    Case {
        name: "query_param_enum_imposed",
        before: &[],
        after: &[(T, "          description: Filter on billing type
          schema:
            type: string
", "          description: Filter on billing type
          schema:
            type: string
            enum: [fixed, hourly]
")],
        rust: Some(Semver::Patch),
        wire: Wire::Breaking,
        kind: Some(Kind::EnumValuesRemoved),
        mentions: "`tickets::ListTicketsQuery::billing_type`",
    },
    Case {
        // The function had no query struct: it gains a `query` argument.
        name: "query_param_first_of_operation",
        before: &[],
        after: &[(T, FAULT_VIEW_LOG_OP, "  /FaultViewLog:
    get:
      operationId: getFaultViewLog
      tags: [Tickets]
      summary: Get fault view log
      description: Get fault view log (the FaultsViewLog resource).
      parameters:
        - name: ticket_id
          in: query
          required: false
          description: Filter by ticket ID
          schema:
            type: integer
      responses:
")],
        rust: Some(Semver::Major),
        wire: Wire::Compatible,
        kind: Some(Kind::Added),
        mentions: "`query: &tickets::GetFaultViewLogQuery`",
    },
    // ---- path parameters ----
    Case {
        name: "path_param_added",
        before: &[],
        after: &[(T, FAULT_VIEW_LOG_OP, "  /FaultViewLog/{ticket_id}:
    get:
      operationId: getFaultViewLog
      tags: [Tickets]
      summary: Get fault view log
      description: Get fault view log (the FaultsViewLog resource).
      parameters:
        - name: ticket_id
          in: path
          required: true
          description: The ticket.
          schema:
            type: integer
      responses:
")],
        rust: Some(Semver::Major),
        wire: Wire::Breaking,
        kind: Some(Kind::Added),
        mentions: "new argument `ticket_id`",
    },
    Case {
        name: "path_param_renamed",
        before: &[],
        after: &[(T, "  /FaultsForecasting/{id}:
    get:
      operationId: getFaultsForecasting
      tags: [Tickets]
      summary: Get one FaultsForecasting
      description: Returns a single FaultsForecasting record.
      parameters:
        - name: id
", "  /FaultsForecasting/{forecast_id}:
    get:
      operationId: getFaultsForecasting
      tags: [Tickets]
      summary: Get one FaultsForecasting
      description: Returns a single FaultsForecasting record.
      parameters:
        - name: forecast_id
")],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::Renamed),
        mentions: "argument `id` of `tickets::get_faults_forecasting` renamed `forecast_id`",
    },
    Case {
        name: "path_param_int32_to_string",
        before: &[],
        after: &[(T, "          description: Forecasting record ID
          schema:
            type: integer
            format: int32
", "          description: Forecasting record ID
          schema:
            type: string
")],
        rust: Some(Semver::Major),
        wire: Wire::Compatible,
        kind: Some(Kind::TypeChanged),
        mentions: "is now `String` (was `i32`)",
    },
    // ---- request bodies ----
    Case {
        name: "body_schema_changed",
        before: &[],
        after: &[(T, "        description: Array of FaultDraft objects.
        required: true
        content:
          application/json:
            schema:
              type: array
              minItems: 1
              items:
                $ref: '#/components/schemas/FaultDraft'
", "        description: Array of FaultDraft objects.
        required: true
        content:
          application/json:
            schema:
              type: array
              minItems: 1
              items:
                $ref: '#/components/schemas/Faults'
")],
        rust: Some(Semver::Major),
        wire: Wire::Breaking,
        kind: Some(Kind::TypeChanged),
        mentions: "`tickets::create_fault_draft` now takes a body `&[tickets::Faults]`",
    },
    Case {
        name: "body_made_required",
        before: &[],
        after: &[(C, "        description: LiveChatIsTyping.\n", "        description: LiveChatIsTyping.\n        required: true\n")],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::MadeRequired),
        mentions: "`chat::send_chat_message_is_typing`",
    },
    Case {
        name: "body_min_items_raised",
        before: &[],
        after: &[(
            K,
            teams_mapping_body!("              minItems: 1\n"),
            teams_mapping_body!("              minItems: 2\n"),
        )],
        rust: Some(Semver::Patch),
        wire: Wire::Breaking,
        kind: Some(Kind::MinItemsRaised),
        mentions: "`minItems` 1 → 2",
    },
    Case {
        name: "body_min_items_dropped",
        before: &[],
        after: &[(
            K,
            teams_mapping_body!("              minItems: 1\n"),
            teams_mapping_body!(""),
        )],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::MinItemsLowered),
        mentions: "`minItems` 1 → no limit",
    },
    // ---- responses ----
    Case {
        name: "response_record_to_list",
        before: &[],
        after: &[(T, "          description: The approval record (FaultApproval).
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/FaultApproval'
", "          description: The approval record (FaultApproval).
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: '#/components/schemas/FaultApproval'
")],
        rust: Some(Semver::Major),
        wire: Wire::Breaking,
        kind: Some(Kind::TypeChanged),
        mentions: "now returns `List<tickets::FaultApproval>`",
    },
    Case {
        // `List` decodes a bare array and Halo's wrapper alike.
        name: "response_wrapper_to_bare_array",
        before: &[],
        after: &[(T, "          description: A page of tickets (Faults_View); the tickets are under `tickets`.
          x-halopsa-list-items: tickets
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Faults_View'
", "          description: A page of tickets (Faults_View); the tickets are under `tickets`.
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: '#/components/schemas/Faults'
")],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::ListKeyChanged),
        mentions: "`tickets::list_tickets`",
    },
    Case {
        name: "response_made_inferred",
        before: &[],
        after: &[(T, "          description: The approval record (FaultApproval).\n", "          description: The approval record (FaultApproval).\n          x-halopsa-inferred: true\n")],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::ProvenanceChanged),
        mentions: "`tickets::get_ticket_approval`",
    },
    Case {
        name: "response_untyped_to_record",
        before: &[],
        after: &[(T, "          x-halopsa-untyped: The docs give only the summary 'Zapier integration endpoint' and '200 OK', and no Halo convention says what this endpoint returns.\n", "          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Faults'
")],
        rust: Some(Semver::Major),
        wire: Wire::Compatible,
        kind: Some(Kind::TypeChanged),
        mentions: "now returns `tickets::Faults`",
    },
    // ---- paging ----
    Case {
        name: "paging_gained",
        before: &[],
        after: &[(T, APPROVAL_FILTER, "        - name: ticket_id
          in: query
          required: false
          description: Filter by ticket ID
          schema:
            type: integer
        - $ref: '#/components/parameters/page_no'
        - $ref: '#/components/parameters/page_size'
      responses:
        '200':
          description: The approval records (FaultApproval).
")],
        rust: Some(Semver::Minor),
        wire: Wire::Compatible,
        kind: Some(Kind::PagingAdded),
        mentions: "`tickets::list_ticket_approvals_stream`",
    },
    // ---- schemas ----
    Case {
        name: "schema_added",
        before: &[],
        after: &[(T, "    Faults_View:\n", "    FaultTag:
      type: object
      additionalProperties: true
      description: A tag on a ticket.
      properties:
        id:
          type: integer
          description: Tag ID.
    Faults_View:\n")],
        rust: Some(Semver::Minor),
        wire: Wire::Compatible,
        kind: Some(Kind::Added),
        mentions: "`tickets::FaultTag`",
    },
    Case {
        name: "schema_removed",
        before: &[],
        after: &[(K, "    StringStringValuesKeyValuePair:
      type: object
      additionalProperties: true
      description: |-
        Not defined on the documentation pages; named as the element type of the form body of
        POST /Twilio/callback (\"multipart/form-data with array of key-value pairs\"). The form
        bodies of POST /Twilio/callback and POST /Twilio/twiml are sent as free key/value pairs.
", "")],
        rust: Some(Semver::Major),
        wire: Wire::Compatible,
        kind: Some(Kind::Removed),
        mentions: "`collaboration::StringStringValuesKeyValuePair`",
    },
    Case {
        name: "schema_renamed",
        before: &[],
        after: &[
            (T, "                  $ref: '#/components/schemas/FaultsViewLog'\n", "                  $ref: '#/components/schemas/FaultViewLogEntry'\n"),
            (T, "    FaultsViewLog:\n", "    FaultViewLogEntry:\n"),
        ],
        rust: Some(Semver::Major),
        wire: Wire::Compatible,
        kind: Some(Kind::Renamed),
        mentions: "now `tickets::FaultViewLogEntry` (was `tickets::FaultsViewLog`)",
    },
    Case {
        // `Faults_View` and `FaultsView` are both the Rust type `FaultsView`.
        name: "schema_renamed_same_rust_name",
        before: &[],
        after: &[
            (T, "                $ref: '#/components/schemas/Faults_View'\n", "                $ref: '#/components/schemas/FaultsView'\n"),
            (T, "    Faults_View:\n", "    FaultsView:\n"),
        ],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::Renamed),
        mentions: "schema `Faults_View` renamed `FaultsView`",
    },
    // ---- areas ----
    Case {
        name: "area_description_changed",
        before: &[],
        after: &[(R, "description: Tickets (called Faults in the API), drafts,", "description: Tickets (Faults in the API), drafts,")],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::DescriptionChanged),
        mentions: "module `tickets`",
    },
    Case {
        name: "area_module_doc_changed",
        before: &[],
        after: &[(R, "Around tickets: approvals,", "Next to tickets: approvals,")],
        rust: Some(Semver::Patch),
        wire: Wire::Compatible,
        kind: Some(Kind::DescriptionChanged),
        mentions: "module `tickets`",
    },
    // ---- formatting ----
    Case {
        name: "yaml_reformat_only",
        before: &[],
        after: &[
            // Key order.
            (T, FAULTS_ID, "        id:
          description: Ticket ID.
          type: integer
        summary:
          nullable: true
          type: string
          description: Ticket summary.
"),
            // Quoting and flow style.
            (T, "      operationId: getTicketsZapier\n      tags: [Tickets]\n", "      operationId: \"getTicketsZapier\"\n      tags:\n        - 'Tickets'\n"),
            // Comments.
            (A, "maxLength: 1000", "maxLength: 1000 # as the docs say"),
            (E, "paths:\n", "# a comment\npaths:\n"),
            // A block scalar for the same text.
            (T, "      summary: Zapier integration endpoint\n", "      summary: >-\n        Zapier integration\n        endpoint\n"),
        ],
        rust: None,
        wire: Wire::Compatible,
        kind: None,
        mentions: "",
    },
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_spec(to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(workspace().join("spec")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn apply(case: &str, dir: &Path, edits: &[Edit]) {
    for (file, from, to) in edits {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let count = text.matches(from).count();
        assert_eq!(count, 1, "{case}: {from:?} occurs {count} times in {file}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
}

fn model(case: &str, dir: &Path) -> halopsa_codegen::model::Api {
    halopsa_codegen::model(dir)
        .unwrap_or_else(|e| panic!("{case}: the edited spec does not build:\n{e}"))
}

fn show(report: &Report) -> String {
    report
        .changes
        .iter()
        .map(|c| {
            format!(
                "  [{} {}] {:?}: {}\n",
                c.rust.as_str(),
                c.wire.as_str(),
                c.kind,
                c.summary
            )
        })
        .collect()
}

/// Every case of the catalogue gets its verdicts and reports its change; the edited specs
/// are kept for the cargo-semver-checks comparison.
#[test]
fn the_catalogue_of_spec_edits() {
    assert!(CATALOGUE.len() >= 25);
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-diff");
    let _ = std::fs::remove_dir_all(&scratch);
    let base = scratch.join("base");
    copy_spec(&base);
    let base_api = model("base", &base);
    let mut tsv = String::from("case\told\tnew\trust\twire\n");
    let mut failures = Vec::new();
    for case in CATALOGUE {
        let dir = scratch.join(case.name);
        let old_dir = if case.before.is_empty() {
            base.clone()
        } else {
            let old = dir.join("old");
            copy_spec(&old);
            apply(case.name, &old, case.before);
            old
        };
        let new_dir = dir.join("new");
        copy_spec(&new_dir);
        apply(case.name, &new_dir, case.before);
        apply(case.name, &new_dir, case.after);
        let old_api;
        let old = if case.before.is_empty() {
            &base_api
        } else {
            old_api = model(case.name, &old_dir);
            &old_api
        };
        let report = diff::diff(old, &model(case.name, &new_dir));
        print!("{}:\n{}", case.name, show(&report));
        let found = match case.kind {
            None => report.is_empty(),
            Some(kind) => report
                .changes
                .iter()
                .any(|c| c.kind == kind && c.summary.contains(case.mentions)),
        };
        if report.rust() != case.rust || report.wire() != case.wire || !found {
            failures.push(format!(
                "{}: expected {:?} / {:?} and a {:?} change mentioning {:?}; got {:?} / {:?}:\n{}",
                case.name,
                case.rust,
                case.wire,
                case.kind,
                case.mentions,
                report.rust(),
                report.wire(),
                show(&report)
            ));
        }
        tsv.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            case.name,
            old_dir.display(),
            new_dir.display(),
            case.rust.map_or("none", Semver::as_str),
            case.wire.as_str()
        ));
    }
    std::fs::write(scratch.join("catalogue.tsv"), tsv).unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The real spec against itself, and against a copy: no change.
#[test]
fn the_spec_against_itself_is_no_change() {
    let api = model("spec", &workspace().join("spec"));
    assert!(diff::diff(&api, &api).is_empty());
}

/// Each direction of an edit is judged on its own: removing what was added is major where
/// adding it was minor.
#[test]
fn an_edit_and_its_reverse() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-diff-reverse");
    let (a, b) = (scratch.join("a"), scratch.join("b"));
    copy_spec(&a);
    copy_spec(&b);
    let case = &CATALOGUE[0];
    apply(case.name, &b, case.after);
    let (a, b) = (model("a", &a), model("b", &b));
    assert_eq!(diff::diff(&a, &b).rust(), Some(Semver::Minor));
    let back = diff::diff(&b, &a);
    assert_eq!(back.rust(), Some(Semver::Major));
    assert_eq!(back.wire(), Wire::Compatible);
    assert!(
        back.changes.iter().all(|c| !c.items.is_empty()),
        "{}",
        show(&back)
    );
}

#[test]
fn next_versions() {
    assert_eq!(
        diff::next_version("0.1.0", Some(Semver::Major)).unwrap(),
        "0.2.0"
    );
    assert_eq!(
        diff::next_version("0.1.0", Some(Semver::Minor)).unwrap(),
        "0.1.1"
    );
    assert_eq!(diff::next_version("0.1.0", None).unwrap(), "0.1.0");
}

/// A query struct derives `Default` only while none of its parameters is required: the
/// first required one takes it away, and the reason says so (code calling
/// `list_tickets_request(&Default::default())` breaks too).
#[test]
fn a_first_required_parameter_takes_default_away() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-diff-default");
    let (a, b) = (scratch.join("a"), scratch.join("b"));
    copy_spec(&a);
    copy_spec(&b);
    let case = CATALOGUE
        .iter()
        .find(|c| c.name == "query_param_added_required")
        .unwrap();
    apply(case.name, &b, case.after);
    let report = diff::diff(&model("a", &a), &model("b", &b));
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.rust_reason.contains("no longer implements `Default`")),
        "{}",
        show(&report)
    );
}

/// The cases whose edits, applied together, make the spec change of the rendering tests:
/// breaking, added and changed items, each group with more than one change.
const RENDERED: &[&str] = &[
    "field_type_changed",
    "query_param_added_required",
    "operation_added",
    "schema_added",
    "field_description_changed",
    "response_wrapper_to_bare_array",
    "field_enum_value_added",
];

/// A change whose summary holds a `|`: an enum value, which a table cell must escape.
const PIPE_IN_ENUM: Edit = (
    A,
    "enum: [json, form, xml]",
    "enum: [json, form, xml, \"text|plain\"]",
);

/// The report of the rendering tests, and the empty one.
fn rendered_report() -> Report {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-diff-render");
    let (a, b) = (scratch.join("a"), scratch.join("b"));
    copy_spec(&a);
    copy_spec(&b);
    for name in RENDERED {
        let case = CATALOGUE.iter().find(|c| c.name == *name).unwrap();
        apply(case.name, &a, case.before);
        apply(case.name, &b, case.before);
        apply(case.name, &b, case.after);
    }
    apply("pipe", &b, &[PIPE_IN_ENUM]);
    diff::diff(&model("a", &a), &model("b", &b))
}

const COMMIT: &str = "0123456789abcdef0123456789abcdef01234567";

/// What `cargo xtask diff` prints for a spec change: the pull-request comment (with and
/// without the version bump of the pull request), the JSON and the changelog entry.
#[test]
fn the_report_as_people_read_it() {
    let report = rendered_report();
    let outcome = diff::Outcome::new("main", COMMIT, "0.1.0", &report).unwrap();
    insta::assert_snapshot!("markdown", outcome.markdown());
    let short = outcome.clone().with_bump("0.1.1").unwrap();
    insta::assert_snapshot!("markdown_bump_too_small", short.markdown());
    let enough = outcome.clone().with_bump("0.2.0").unwrap();
    insta::assert_snapshot!("markdown_bump_enough", enough.markdown());
    insta::assert_snapshot!("json", enough.json().unwrap());
    insta::assert_snapshot!(
        "changelog",
        diff::changelog_entry(&report, &outcome.next_version)
    );
    let none = Report::default();
    let same = diff::Outcome::new("main", COMMIT, "0.1.0", &none).unwrap();
    insta::assert_snapshot!("markdown_no_change", same.markdown());
    insta::assert_snapshot!("json_no_change", same.json().unwrap());
}

/// The text of each cell of each row of each table in `markdown`, as a CommonMark parser
/// with GitHub's table extension reads them (code spans as their text).
fn tables(markdown: &str) -> Vec<Vec<Vec<String>>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut in_table = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        let table = tables.last_mut().filter(|_| in_table);
        match event {
            Event::Start(Tag::Table(_)) => {
                tables.push(Vec::new());
                in_table = true;
            }
            Event::End(TagEnd::Table) => in_table = false,
            Event::Start(Tag::TableHead | Tag::TableRow) => table.unwrap().push(Vec::new()),
            Event::Start(Tag::TableCell) => table.unwrap().last_mut().unwrap().push(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = table.and_then(|t| t.last_mut()).and_then(|r| r.last_mut()) {
                    cell.push_str(&text);
                }
            }
            _ => {}
        }
    }
    tables
}

/// The pull-request comment read by a Markdown parser: the verdict table, then one row per
/// change whose cells are the summary (a `|` in it escaped, not a column break), the two
/// verdicts and the reasons.
#[test]
fn the_comment_reads_as_tables() {
    let report = rendered_report();
    assert!(
        report.changes.iter().any(|c| c.summary.contains('|')),
        "{}",
        show(&report)
    );
    let outcome = diff::Outcome::new("main", COMMIT, "0.1.0", &report).unwrap();
    let tables = tables(&outcome.markdown());
    assert_eq!(tables.len(), 2, "{tables:?}");
    let verdicts = &tables[0];
    assert_eq!(verdicts[1][..2], ["Rust API", "major"]);
    assert_eq!(verdicts[2][..2], ["wire", "breaking"]);
    let rows = &tables[1];
    assert_eq!(rows[0], ["change", "Rust API", "wire", "why"]);
    assert_eq!(rows.len(), report.changes.len() + 1);
    for (row, change) in rows[1..].iter().zip(&report.changes) {
        assert_eq!(row.len(), 4, "{row:?}");
        assert_eq!(row[0], change.summary.replace('`', ""), "{row:?}");
        assert_eq!(row[1], change.rust.as_str(), "{row:?}");
        assert_eq!(row[2], change.wire.as_str(), "{row:?}");
        assert_eq!(
            row[3],
            format!(
                "Rust: {}. Wire: {}.",
                change.rust_reason.replace('`', ""),
                change.wire_reason.replace('`', "")
            ),
            "{row:?}"
        );
    }
}
