//! The project's history as people read it: one line per action ("Maya Chen added blocker
//! 'Sandbox keys'", "Lukas Weber signed the scope for Ledgerly"), not one per field written.
//! The store groups a write's ops and says what each row became; the words are here.

use serde::Serialize;

use crate::sides::possessive;

/// What one write did to one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowChange {
    /// The entity as the op log names it (`blocker`, `person`…).
    pub entity: String,
    /// What the row is called ("Sandbox keys"), "" when it has no name.
    pub label: String,
    /// The write created the row.
    pub created: bool,
    /// The write deleted the row (`Some(true)`) or brought it back (`Some(false)`).
    pub deleted: Option<bool>,
    /// The fields it set, with their values as people read them.
    pub fields: Vec<(String, String)>,
    /// The same fields with their values as stored. Which sentence is written (ticked,
    /// finished the kickoff, resolved, reopened…) is decided on these, never on the words
    /// shown: renaming a label in the vocabulary changes what a sentence says, never whether
    /// it is written.
    pub stored: Vec<(String, serde_json::Value)>,
    /// The write renamed the row: the field that names it and the name it had before. The
    /// line names the row by that name ("renamed blocker 'Keys' to 'Sandbox keys'"), not by
    /// the one it has now.
    pub renamed: Option<(String, String)>,
}

/// The kinds of action the history can be filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    Project,
    People,
    Scope,
    Contract,
    Raci,
    Tracks,
    Blockers,
    Cadence,
    Checklists,
}

impl ActionKind {
    pub const ALL: &'static [ActionKind] = &[
        ActionKind::Project,
        ActionKind::People,
        ActionKind::Scope,
        ActionKind::Contract,
        ActionKind::Raci,
        ActionKind::Tracks,
        ActionKind::Blockers,
        ActionKind::Cadence,
        ActionKind::Checklists,
    ];

    pub fn of(entity: &str) -> ActionKind {
        match entity {
            "person" => ActionKind::People,
            "story" | "workflow_step" | "criterion" | "boundary" | "signoff" => ActionKind::Scope,
            "contract" | "field_mapping" | "auth_scope" => ActionKind::Contract,
            "workstream" | "raci_cell" => ActionKind::Raci,
            "milestone" => ActionKind::Tracks,
            "blocker" => ActionKind::Blockers,
            "decision" | "status_report" => ActionKind::Cadence,
            "checklist_item" => ActionKind::Checklists,
            _ => ActionKind::Project,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionKind::Project => "Project",
            ActionKind::People => "People",
            ActionKind::Scope => "Scope",
            ActionKind::Contract => "Contract",
            ActionKind::Raci => "RACI",
            ActionKind::Tracks => "Tracks",
            ActionKind::Blockers => "Blockers",
            ActionKind::Cadence => "Cadence",
            ActionKind::Checklists => "Checklists",
        }
    }
}

/// How an entity reads in a sentence ("blocker", "acceptance criterion").
pub fn noun(entity: &str) -> &str {
    match entity {
        "project" => "the project",
        "person" => "person",
        "story" => "user story",
        "workflow_step" => "workflow step",
        "criterion" => "acceptance criterion",
        "boundary" => "boundary",
        "signoff" => "signature",
        "contract" => "the contract",
        "field_mapping" => "field mapping",
        "auth_scope" => "auth scope",
        "milestone" => "milestone",
        "workstream" => "workstream",
        "raci_cell" => "RACI cell",
        "blocker" => "blocker",
        "decision" => "decision",
        "status_report" => "weekly status",
        "checklist_item" => "checklist item",
        other => other,
    }
}

/// How a field reads ("due date", "waiting on").
pub fn field_name(field: &str) -> String {
    match field {
        "waiting_on" => "waiting on".into(),
        "owner_id" => "owner".into(),
        "due" => "due date".into(),
        "opened" => "opened".into(),
        "resolved_on" => "resolved".into(),
        "planned" => "planned date".into(),
        "done_on" => "done".into(),
        "met_on" => "met".into(),
        "threshold_days" => "escalation threshold".into(),
        "target_launch" => "target launch".into(),
        "channel_url" => "shared channel".into(),
        "sync_day" => "weekly sync day".into(),
        "person_id" => "person".into(),
        "decided_by" => "decided by".into(),
        "story_id" => "story".into(),
        other => other.replace('_', " "),
    }
}

fn quoted(label: &str) -> String {
    if label.is_empty() {
        String::new()
    } else {
        format!(" \u{2018}{label}\u{2019}")
    }
}

/// One line for one row's change: "added blocker 'Sandbox keys'".
fn row_line(c: &RowChange, company_of_side: &dyn Fn(&str) -> String) -> String {
    let thing = format!("{}{}", noun(&c.entity), quoted(&c.label));
    let field = |name: &str| c.fields.iter().find(|(f, _)| f == name).map(|(_, v)| v.as_str());
    let stored = |name: &str| c.stored.iter().find(|(f, _)| f == name).map(|(_, v)| v);
    // A date or instant that was set (a resolution day, a done day), not cleared.
    let set = |v: &serde_json::Value| v.as_str().is_some_and(|s| !s.is_empty());
    if c.entity == "signoff" {
        let company = field("side").map(company_of_side).unwrap_or_default();
        return match (c.deleted, field("recorded_how")) {
            (Some(true), _) => format!("withdrew the scope's signature for {company}"),
            (_, Some(how)) => format!("recorded {} signature of the scope ({how})", possessive(&company)),
            _ => format!("signed the scope for {company}"),
        };
    }
    match c.deleted {
        Some(true) => return format!("removed {thing}"),
        Some(false) if !c.created => return format!("restored {thing}"),
        _ => {}
    }
    if c.created {
        return match c.entity.as_str() {
            "project" => format!("created the project{}", quoted(&c.label)),
            "status_report" => format!("published the weekly status of the week ending {}", c.label),
            _ => format!("added {thing}"),
        };
    }
    if c.entity == "status_report" && !c.created && field("body").is_some() {
        // Publishing the week's status again replaces its text: the history says so, not the
        // Markdown cut to a line and an instant.
        return format!("published the weekly status of the week ending {} again", c.label);
    }
    if c.entity == "blocker" {
        if let Some(day) = stored("resolved_on") {
            return if set(day) { format!("resolved {thing}") } else { format!("reopened {thing}") };
        }
        if stored("escalated_at").is_some() {
            return format!("escalated {thing}");
        }
    }
    // Ticking an item, or finishing the kickoff, said as the user did it rather than as the
    // field it wrote ("done → yes", "wizard step → Done"); with other fields, it falls through.
    if c.entity == "checklist_item" && c.fields.len() == 1 {
        if let Some(done) = stored("done") {
            return if done.as_bool() == Some(true) {
                format!("ticked {thing}")
            } else {
                format!("unticked {thing}")
            };
        }
    }
    if c.entity == "project"
        && c.fields.len() == 1
        && stored("wizard_step").and_then(|v| v.as_str()) == Some(crate::WizardStep::Done.as_str())
    {
        return format!("finished the kickoff setup of{}", quoted(&c.label));
    }
    if c.entity == "milestone" {
        if let Some(day) = stored("done_on") {
            return if set(day) { format!("marked {thing} done") } else { format!("reopened {thing}") };
        }
    }
    let renamed = c.renamed.as_ref().and_then(|(f, before)| Some((f, before, field(f)?)));
    let changes: Vec<String> = c
        .fields
        .iter()
        .filter(|(f, _)| f != "position" && f != "deleted" && renamed.is_none_or(|(name, ..)| name != f))
        .map(|(f, v)| {
            if v.is_empty() {
                format!("cleared the {}", field_name(f))
            } else {
                format!("{} \u{2192} {v}", field_name(f))
            }
        })
        .collect();
    if let Some((_, before, after)) = renamed {
        let line = format!("renamed {}{} to{}", noun(&c.entity), quoted(before), quoted(after));
        return if changes.is_empty() { line } else { format!("{line}; {}", changes.join(", ")) };
    }
    if changes.is_empty() {
        return format!("reordered {thing}");
    }
    format!("changed {thing}: {}", changes.join(", "))
}

/// The sentence for one write ("added blocker 'Sandbox keys'"), without who did it. A write
/// that created the project is the project's creation, whatever defaults came with it.
pub fn describe(rows: &[RowChange], company_of_side: &dyn Fn(&str) -> String) -> String {
    if let Some(project) = rows.iter().find(|r| r.entity == "project" && r.created) {
        return format!("created the project{}", quoted(&project.label));
    }
    match rows {
        [] => "changed nothing".into(),
        [one] => row_line(one, company_of_side),
        [first, rest @ ..]
            if rest
                .iter()
                .all(|r| r.entity == first.entity && r.created == first.created && first.created) =>
        {
            format!("added {} {}s", rows.len(), noun(&first.entity))
        }
        _ => {
            let mut lines: Vec<String> = rows.iter().take(3).map(|r| row_line(r, company_of_side)).collect();
            if rows.len() > 3 {
                lines.push(format!("{} more", rows.len() - 3));
            }
            lines.join("; ")
        }
    }
}

#[cfg(test)]
mod tests;
