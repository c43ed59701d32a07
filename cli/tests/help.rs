//! The `--help` of the command line, of every area and of every operation, generated from
//! the spec: one snapshot of them all, so that a change of the spec or of the generator
//! shows as a change of the help people read.

/// The long help (`--help`) of a command and of every command below it, depth first.
fn helps(command: &mut clap::Command, out: &mut String) {
    let name = command
        .get_bin_name()
        .unwrap_or(command.get_name())
        .to_owned();
    out.push_str(&format!("\n===== {name} --help\n\n"));
    out.push_str(&command.render_long_help().to_string());
    for sub in command.get_subcommands_mut() {
        if sub.get_name() != "help" {
            helps(sub, out);
        }
    }
}

#[test]
fn the_help_of_every_command() {
    let mut command = halopsa_cli::command().term_width(100);
    command.build();
    let mut out = String::new();
    helps(&mut command, &mut out);
    // Every operation of the spec has its command.
    let operations = out.matches("(operationId ").count();
    assert_eq!(
        operations, 136,
        "commands with an operationId in their help"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn the_command_tree_is_consistent() {
    // clap's own checks of every command (names, ids, conflicts), as debug builds make them.
    halopsa_cli::command().debug_assert();
}
