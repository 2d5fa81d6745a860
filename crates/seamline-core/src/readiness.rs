//! The new-engineer test: could a new engineer on either side tell what done means, who owns
//! the work and whom to escalate to, from the project alone? A checklist computed from data.

use crate::sides::possessive;

/// What the checklist looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub signed_ours: bool,
    pub signed_partner: bool,
    /// A signature no longer covers the scope as it is.
    pub signature_stale: bool,
    /// The companies whose signature was recorded (given by email or on paper), not made in
    /// the app: it counts, and the checklist says so.
    pub recorded_for: Vec<String>,
    pub owner_ours: bool,
    pub owner_partner: bool,
    pub escalation_ours: bool,
    pub escalation_partner: bool,
    pub v1_criteria: usize,
    pub channel_set: bool,
    pub workstreams: usize,
    /// Workstreams missing a named person on either side.
    pub workstreams_unowned: usize,
    pub legal_started: bool,
}

/// One item of the checklist; `place` says where it is fixed: the kickoff wizard's step of
/// that name (`scope`, `people`, `raci`, `tracks`, `cadence`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Item {
    pub label: String,
    pub passed: bool,
    pub place: String,
    /// What the reader should know about how it passed (a recorded signature).
    pub note: Option<String>,
}

/// The items name the companies (`ours`, `partner`): both read the same list.
pub fn check(f: &Facts, ours: &str, partner: &str) -> Vec<Item> {
    let item = |label: &str, passed: bool, place: &str| Item {
        label: label.into(),
        passed,
        place: place.into(),
        note: None,
    };
    let recorded = (!f.recorded_for.is_empty()).then(|| {
        format!("{} signature is recorded, not signed in Seamline", possessive(&f.recorded_for.join(" and ")))
    });
    vec![
        Item {
            note: recorded,
            ..item(
                "Scope signed by both sides, and not changed since",
                f.signed_ours && f.signed_partner && !f.signature_stale,
                "scope",
            )
        },
        item(&format!("A named owner at {ours}"), f.owner_ours, "people"),
        item(&format!("A named owner at {partner}"), f.owner_partner, "people"),
        item(&format!("An escalation contact at {ours}"), f.escalation_ours, "people"),
        item(&format!("An escalation contact at {partner}"), f.escalation_partner, "people"),
        item("At least one v1 acceptance criterion", f.v1_criteria > 0, "scope"),
        item("A shared channel", f.channel_set, "cadence"),
        item(
            "Every RACI workstream named on both sides",
            f.workstreams > 0 && f.workstreams_unowned == 0,
            "raci",
        ),
        item("The legal track started", f.legal_started, "tracks"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn missing(f: &Facts) -> Vec<String> {
        check(f, "Acme", "Globex").into_iter().filter(|i| !i.passed).map(|i| i.label).collect()
    }

    #[test]
    fn a_recorded_signature_counts_and_says_so() {
        let f = Facts {
            signed_ours: true,
            signed_partner: true,
            recorded_for: vec!["Ledgerly".into()],
            ..Facts::default()
        };
        let first = &check(&f, "Acme", "Globex")[0];
        assert!(first.passed);
        assert_eq!(first.note.as_deref(), Some("Ledgerly's signature is recorded, not signed in Seamline"));
    }

    #[test]
    fn a_fresh_project_misses_everything_a_ready_one_nothing() {
        assert_eq!(missing(&Facts::default()).len(), 9);
        let ready = Facts {
            signed_ours: true,
            signed_partner: true,
            recorded_for: vec![],
            signature_stale: false,
            owner_ours: true,
            owner_partner: true,
            escalation_ours: true,
            escalation_partner: true,
            v1_criteria: 3,
            channel_set: true,
            workstreams: 5,
            workstreams_unowned: 0,
            legal_started: true,
        };
        assert_eq!(missing(&ready), Vec::<String>::new());
        let stale = Facts { signature_stale: true, ..ready.clone() };
        assert_eq!(missing(&stale), ["Scope signed by both sides, and not changed since"]);
        let gap = Facts { workstreams_unowned: 1, ..ready.clone() };
        assert_eq!(missing(&gap), ["Every RACI workstream named on both sides"]);
        let no_rows = Facts { workstreams: 0, ..ready };
        assert_eq!(missing(&no_rows), ["Every RACI workstream named on both sides"]);
    }

    #[test]
    fn every_missing_item_links_to_the_wizard_step_that_fixes_it() {
        for item in check(&Facts::default(), "Acme", "Globex") {
            let step = crate::WizardStep::parse("place", &item.place);
            assert!(step.is_ok(), "{} points at '{}', not a wizard step", item.label, item.place);
        }
    }

    /// One gap at a time: each fact, broken alone on a ready project, fails exactly its item.
    #[test]
    fn each_fact_fails_exactly_its_own_item() {
        let ready = Facts {
            signed_ours: true,
            signed_partner: true,
            recorded_for: vec![],
            signature_stale: false,
            owner_ours: true,
            owner_partner: true,
            escalation_ours: true,
            escalation_partner: true,
            v1_criteria: 1,
            channel_set: true,
            workstreams: 6,
            workstreams_unowned: 0,
            legal_started: true,
        };
        let cases: Vec<(&str, Facts, &str)> = vec![
            (
                "unsigned by us",
                Facts { signed_ours: false, ..ready.clone() },
                "Scope signed by both sides, and not changed since",
            ),
            (
                "unsigned by the partner",
                Facts { signed_partner: false, ..ready.clone() },
                "Scope signed by both sides, and not changed since",
            ),
            ("no owner of ours", Facts { owner_ours: false, ..ready.clone() }, "A named owner at Acme"),
            ("no partner owner", Facts { owner_partner: false, ..ready.clone() }, "A named owner at Globex"),
            (
                "no escalation of ours",
                Facts { escalation_ours: false, ..ready.clone() },
                "An escalation contact at Acme",
            ),
            (
                "no partner escalation",
                Facts { escalation_partner: false, ..ready.clone() },
                "An escalation contact at Globex",
            ),
            (
                "only v1.1 criteria",
                Facts { v1_criteria: 0, ..ready.clone() },
                "At least one v1 acceptance criterion",
            ),
            ("no channel", Facts { channel_set: false, ..ready.clone() }, "A shared channel"),
            ("legal not started", Facts { legal_started: false, ..ready.clone() }, "The legal track started"),
        ];
        for (name, facts, label) in cases {
            assert_eq!(missing(&facts), [label], "{name}");
        }
    }
}
