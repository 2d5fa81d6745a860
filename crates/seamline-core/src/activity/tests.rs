//! The history's sentences, case by case.
use super::*;

fn row(
    entity: &str,
    label: &str,
    created: bool,
    deleted: Option<bool>,
    fields: &[(&str, &str)],
) -> RowChange {
    RowChange {
        entity: entity.into(),
        label: label.into(),
        created,
        deleted,
        fields: fields.iter().map(|(f, v)| (f.to_string(), v.to_string())).collect(),
        // Stored as shown, but for the fields whose stored form differs (see `stored`).
        stored: fields.iter().map(|(f, v)| (f.to_string(), stored(f, v))).collect(),
        renamed: None,
    }
}

/// How the store keeps what the cases show: a tick as a boolean, a step by its wire name.
fn stored(field: &str, shown: &str) -> serde_json::Value {
    match (field, shown) {
        ("done", "yes") => serde_json::Value::Bool(true),
        ("done", "no") => serde_json::Value::Bool(false),
        ("wizard_step", "Done") => "done".into(),
        (_, v) => v.into(),
    }
}

#[test]
fn the_sentence_is_chosen_by_the_value_stored_not_by_its_label() {
    // The vocabulary renames "Done" to "Finished" and "yes" to "✓": the same sentences.
    let company = |_: &str| String::new();
    let mut finished = row("project", "P", false, None, &[("wizard_step", "Finished")]);
    finished.stored = vec![("wizard_step".into(), "done".into())];
    assert_eq!(row_line(&finished, &company), "finished the kickoff setup of \u{2018}P\u{2019}");
    let mut ticked = row("checklist_item", "Flag", false, None, &[("done", "\u{2713}")]);
    ticked.stored = vec![("done".into(), serde_json::Value::Bool(true))];
    assert_eq!(row_line(&ticked, &company), "ticked checklist item \u{2018}Flag\u{2019}");
    // And a label that happens to read like the old rule's words decides nothing.
    let mut review = row("project", "P", false, None, &[("wizard_step", "Done")]);
    review.stored = vec![("wizard_step".into(), "review".into())];
    assert_ne!(row_line(&review, &company), "finished the kickoff setup of \u{2018}P\u{2019}");
}

#[test]
fn one_line_per_action_in_words_people_use() {
    let company = |side: &str| if side == "ours" { "Northwind".to_string() } else { "Ledgerly".to_string() };
    let cases: Vec<(Vec<RowChange>, &str)> = vec![
        (
            vec![row(
                "blocker",
                "Sandbox keys",
                true,
                None,
                &[("title", "Sandbox keys"), ("class", "Access")],
            )],
            "added blocker \u{2018}Sandbox keys\u{2019}",
        ),
        (
            vec![row("signoff", "", false, None, &[("side", "partner"), ("person", "Lukas Weber")])],
            "signed the scope for Ledgerly",
        ),
        (
            vec![row(
                "signoff",
                "",
                true,
                None,
                &[("side", "partner"), ("recorded_how", "by email on 12 Jan")],
            )],
            "recorded Ledgerly's signature of the scope (by email on 12 Jan)",
        ),
        (
            vec![row("blocker", "Keys", false, None, &[("due", "2027-01-20"), ("owner_id", "Kim Park")])],
            "changed blocker \u{2018}Keys\u{2019}: due date \u{2192} 2027-01-20, owner \u{2192} Kim Park",
        ),
        (
            vec![row(
                "blocker",
                "Keys",
                false,
                None,
                &[("resolved_on", "2027-01-15"), ("resolution", "done")],
            )],
            "resolved blocker \u{2018}Keys\u{2019}",
        ),
        (vec![row("person", "Jonas", false, Some(true), &[])], "removed person \u{2018}Jonas\u{2019}"),
        (
            vec![row("project", "CRM sync", true, None, &[]), row("workstream", "Launch", true, None, &[])],
            "created the project \u{2018}CRM sync\u{2019}",
        ),
        (
            vec![row("checklist_item", "A", true, None, &[]), row("checklist_item", "B", true, None, &[])],
            "added 2 checklist items",
        ),
        (
            vec![row("milestone", "NDA", false, None, &[("done_on", "2027-01-11")])],
            "marked milestone \u{2018}NDA\u{2019} done",
        ),
        (
            vec![row("project", "P", false, None, &[("channel_url", "")])],
            "changed the project \u{2018}P\u{2019}: cleared the shared channel",
        ),
        (
            vec![row("checklist_item", "Feature flag", false, None, &[("done", "yes")])],
            "ticked checklist item \u{2018}Feature flag\u{2019}",
        ),
        (
            vec![row("checklist_item", "Feature flag", false, None, &[("done", "no")])],
            "unticked checklist item \u{2018}Feature flag\u{2019}",
        ),
        (
            vec![row("project", "P", false, None, &[("wizard_step", "Done")])],
            "finished the kickoff setup of \u{2018}P\u{2019}",
        ),
        (
            vec![row("project", "P", false, None, &[("status_day", "Friday")])],
            "changed the project \u{2018}P\u{2019}: status day \u{2192} Friday",
        ),
        (
            vec![row(
                "status_report",
                "2026-12-04",
                true,
                None,
                &[("week", "2026-12-04"), ("body", "## Shipped"), ("published_at", "x")],
            )],
            "published the weekly status of the week ending 2026-12-04",
        ),
        (
            vec![row(
                "status_report",
                "2026-12-04",
                false,
                None,
                &[("body", "## Shipped - Met (v1): Bil"), ("published_at", "2026-12-04T17:32:48Z")],
            )],
            "published the weekly status of the week ending 2026-12-04 again",
        ),
    ];
    for (rows, expect) in cases {
        assert_eq!(describe(&rows, &company), expect);
    }
    assert_eq!(ActionKind::of("signoff"), ActionKind::Scope);
    // A rename names the row by the name it had, not the one it has now.
    let renamed = RowChange {
        renamed: Some(("title".into(), "Keys".into())),
        ..row("blocker", "Sandbox keys v2", false, None, &[("title", "Sandbox keys")])
    };
    assert_eq!(
        describe(std::slice::from_ref(&renamed), &company),
        "renamed blocker \u{2018}Keys\u{2019} to \u{2018}Sandbox keys\u{2019}"
    );
    let with_more = RowChange {
        fields: vec![("title".into(), "Sandbox keys".into()), ("due".into(), "2027-01-20".into())],
        ..renamed
    };
    assert_eq!(
        describe(&[with_more], &company),
        "renamed blocker \u{2018}Keys\u{2019} to \u{2018}Sandbox keys\u{2019}; due date \u{2192} 2027-01-20"
    );
}
