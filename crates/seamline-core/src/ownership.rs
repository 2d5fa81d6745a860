//! Which company may change what. A project is shared by two companies, and some of it belongs
//! to one of them: its people and how to reach them, its owner and escalation contact, its
//! letters in the RACI, its side of the workflow map, its own holidays and work week (the days
//! its blockers age), its name in the project, and (for the
//! company that created the project) whether the project exists at all. Everything else (the
//! scope, criteria, milestones, blockers, decisions, checklists, the contract, the plan) is
//! shared: both change it.
//!
//! One rule, applied in three places: the app and the command refuse a change to the other
//! company's facts (and offer to suggest it), and every device refuses such an edit at import
//! from a device of the other company, whatever software wrote it. Until the partner's first
//! device is in, the creating company fills in both sides: that is how kickoff works.

use crate::Side;

/// Who may change a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// Only devices of this company.
    Company(Side),
    /// Both companies (a shared fact).
    Both,
}

/// Who may change `field` of a row of `entity`. `row_side` is the company the row belongs to,
/// for the entities that have one (a person, a RACI cell, a workflow step): the side it has,
/// or the one this write gives it.
pub fn owner(entity: &str, field: &str, row_side: Option<Side>) -> Owner {
    match (entity, field) {
        ("project", "ours" | "owner_ours" | "escalation_ours" | "holidays_ours" | "work_week_ours") => {
            Owner::Company(Side::Ours)
        }
        (
            "project",
            "partner" | "owner_partner" | "escalation_partner" | "holidays_partner" | "work_week_partner"
            | "partner_left_at",
        ) => Owner::Company(Side::Partner),
        // Deleting a shared project for everyone is the creating company's; the partner leaves.
        ("project", "deleted") => Owner::Company(Side::Ours),
        ("person" | "raci_cell" | "workflow_step", _) => match row_side {
            Some(side) => Owner::Company(side),
            None => Owner::Both,
        },
        _ => Owner::Both,
    }
}

/// Whether a device of `writer`'s company may change `field` of a row of `entity` (with
/// `row_side`), `sides_apart` saying whether the rule holds yet (the partner's first device is
/// in; before, the creating company writes both sides).
pub fn may_change(
    entity: &str,
    field: &str,
    row_side: Option<Side>,
    writer: Side,
    sides_apart: bool,
) -> bool {
    match owner(entity, field, row_side) {
        Owner::Both => true,
        Owner::Company(side) => side == writer || (!sides_apart && writer == Side::Ours),
    }
}

/// What a refused change is about, in words: "people", "escalation contact".
pub fn what(entity: &str, field: &str) -> &'static str {
    match (entity, field) {
        ("project", "owner_ours" | "owner_partner") => "owner",
        ("project", "escalation_ours" | "escalation_partner") => "escalation contact",
        ("project", "ours" | "partner") => "name",
        ("project", "holidays_ours" | "holidays_partner") => "holidays",
        ("project", "work_week_ours" | "work_week_partner") => "work week",
        ("project", "deleted") => "project, for everyone",
        ("project", "partner_left_at") => "place in the project",
        ("person", _) => "people",
        ("raci_cell", _) => "letters in the RACI",
        ("workflow_step", _) => "steps of the workflow map",
        _ => "facts",
    }
}

/// The message a refused local change gets: "Acme's people are changed by Acme; suggest it to
/// them instead".
pub fn refusal(company: &str, entity: &str, field: &str) -> String {
    let what = what(entity, field);
    if (entity, field) == ("project", "deleted") {
        return format!(
            "only {company}, which created the project, deletes it for everyone; leave it instead (it goes from your company's devices only)"
        );
    }
    let plural =
        matches!(what, "people" | "letters in the RACI" | "steps of the workflow map" | "facts" | "holidays");
    let verb = if plural { "are" } else { "is" };
    format!("{company}'s {what} {verb} changed by {company}; suggest it to them instead")
}

/// What the history says of an edit a device of `writer` tried on the other company's facts:
/// "Globex's device tried to change Acme's escalation contact; refused".
pub fn attempt(writer_company: &str, owner_company: &str, entity: &str, field: &str) -> String {
    format!("{writer_company}'s device tried to change {owner_company}'s {}; refused", what(entity, field))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Owner::*;
    use Side::*;

    /// Every entity and field, and who may change it.
    #[test]
    fn who_may_change_what() {
        let cases: &[(&str, &str, Option<Side>, Owner)] = &[
            ("project", "name", None, Both),
            ("project", "target_launch", None, Both),
            ("project", "threshold_days", None, Both),
            ("project", "holidays", None, Both),
            ("project", "holidays_ours", None, Company(Ours)),
            ("project", "holidays_partner", None, Company(Partner)),
            ("project", "work_week_ours", None, Company(Ours)),
            ("project", "work_week_partner", None, Company(Partner)),
            ("project", "channel_url", None, Both),
            ("project", "ours", None, Company(Ours)),
            ("project", "partner", None, Company(Partner)),
            ("project", "owner_ours", None, Company(Ours)),
            ("project", "owner_partner", None, Company(Partner)),
            ("project", "escalation_ours", None, Company(Ours)),
            ("project", "escalation_partner", None, Company(Partner)),
            ("project", "deleted", None, Company(Ours)),
            ("project", "partner_left_at", None, Company(Partner)),
            ("person", "name", Some(Ours), Company(Ours)),
            ("person", "email", Some(Partner), Company(Partner)),
            ("person", "side", Some(Partner), Company(Partner)),
            ("person", "deleted", Some(Ours), Company(Ours)),
            ("raci_cell", "letter", Some(Partner), Company(Partner)),
            ("raci_cell", "person_id", Some(Ours), Company(Ours)),
            ("workflow_step", "text", Some(Ours), Company(Ours)),
            ("workstream", "name", None, Both),
            ("blocker", "title", None, Both),
            ("blocker", "owner_id", None, Both),
            ("criterion", "cut", None, Both),
            ("milestone", "done_on", None, Both),
            ("decision", "decision", None, Both),
            ("checklist_item", "done", None, Both),
            ("contract", "objects", None, Both),
            ("field_mapping", "our_field", None, Both),
            ("story", "text", None, Both),
            ("status_report", "body", None, Both),
            ("proposal", "state", None, Both),
        ];
        for (entity, field, side, want) in cases {
            assert_eq!(owner(entity, field, *side), *want, "{entity}.{field}");
        }
    }

    #[test]
    fn before_the_partner_is_in_the_creating_company_fills_both_sides() {
        assert!(may_change("person", "name", Some(Partner), Ours, false), "kickoff");
        assert!(!may_change("person", "name", Some(Partner), Ours, true), "after");
        assert!(!may_change("person", "name", Some(Ours), Partner, false), "the partner never writes ours");
        assert!(may_change("person", "name", Some(Partner), Partner, true));
        assert!(may_change("blocker", "title", None, Partner, true));
        assert!(!may_change("project", "deleted", None, Partner, true));
    }

    #[test]
    fn refusals_read_as_sentences() {
        assert_eq!(
            refusal("Acme", "person", "email"),
            "Acme's people are changed by Acme; suggest it to them instead"
        );
        assert_eq!(
            refusal("Acme", "project", "escalation_ours"),
            "Acme's escalation contact is changed by Acme; suggest it to them instead"
        );
        assert_eq!(
            attempt("Globex", "Acme", "project", "escalation_ours"),
            "Globex's device tried to change Acme's escalation contact; refused"
        );
        assert!(refusal("Acme", "project", "deleted").contains("leave it instead"));
    }
}
