//! The model built from the project's spec.

#[test]
fn the_spec_has_the_resources_its_paths_pair() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let api = crate::model(&spec).expect("the spec builds");
    let names: Vec<&str> = api.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names.len(), 25, "{names:?}");
    assert!(
        names.contains(&"Tickets") && names.contains(&"Mailbox"),
        "{names:?}"
    );
    let tickets = api
        .resources
        .iter()
        .position(|r| r.name == "Tickets")
        .unwrap();
    assert_eq!(api.resources[tickets].list_key.as_deref(), Some("tickets"));
    // The record's `id` field decides the id type (Faults: integer; the path: int32),
    // the path parameter where the record documents no `id` (ConfirmClosure).
    let id_type = |name: &str| {
        let r = api.resources.iter().find(|r| r.name == name).unwrap();
        r.id_type.clone()
    };
    assert_eq!(id_type("Tickets"), super::RustType::I64);
    assert_eq!(id_type("ChatProfile"), super::RustType::String);
    assert_eq!(id_type("ConfirmClosure"), super::RustType::I32);
    // `nullable: true` is recorded per field.
    let faults = api
        .types
        .iter()
        .find(|m| m.schema_name == "Faults")
        .unwrap();
    let nullable = |key: &str| {
        faults
            .fields
            .iter()
            .find(|f| f.json_name == key)
            .unwrap()
            .nullable
    };
    assert!(nullable("client_id"));
    assert!(!nullable("id"));
    let webhook = api
        .types
        .iter()
        .find(|m| m.schema_name == "IncomingWebhook")
        .unwrap();
    let result = webhook
        .fields
        .iter()
        .find(|f| f.json_name == "result")
        .unwrap();
    assert_eq!(result.max_length, Some(2000));
    let roles: Vec<_> = api
        .operations()
        .filter(|(_, op)| op.path.starts_with("/Tickets"))
        .map(|(_, op)| (op.operation_id.as_str(), op.role))
        .collect();
    // Command line names: per area, per operation, per parameter.
    let commands: Vec<(&str, &str)> = api
        .operations()
        .map(|(area, op)| (area.command.as_str(), op.command.as_str()))
        .collect();
    for expected in [
        ("tickets", "list"),
        ("tickets", "get"),
        ("tickets", "get-zapier"),
        ("email", "get-mailbox"),
        ("chat", "list-messages"),
    ] {
        assert!(commands.contains(&expected), "{expected:?}: {commands:?}");
    }
    let list_tickets = api
        .operations()
        .find(|(_, op)| op.operation_id == "listTickets")
        .map(|(_, op)| op)
        .unwrap();
    let open_only = list_tickets.query.iter().find(|p| p.name == "open_only");
    assert_eq!(open_only.map(|p| p.flag.as_str()), Some("open-only"));
    use super::Role::*;
    for (id, role) in [
        ("listTickets", List(tickets)),
        ("createTickets", Save(tickets)),
        ("getTicket", Get(tickets)),
        ("deleteTicket", Delete(tickets)),
        ("voteTickets", Other),
    ] {
        assert!(roles.contains(&(id, role)), "{id}: {roles:?}");
    }
}
