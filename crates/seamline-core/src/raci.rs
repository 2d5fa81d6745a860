//! The two-company RACI: one row per workstream, one cell per side, each a letter and a named
//! person. Nothing may live in the gap between the companies.

use crate::kinds::{Archetype, RaciLetter, Side};

/// One side's cell of a workstream: a letter and whether a person is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub letter: Option<RaciLetter>,
    pub has_person: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub ours: Option<Cell>,
    pub partner: Option<Cell>,
}

impl Row {
    fn cell(&self, side: Side) -> Option<Cell> {
        match side {
            Side::Ours => self.ours,
            Side::Partner => self.partner,
        }
    }
}

/// The workstream whose date both companies must own.
pub const LAUNCH_DATE: &str = "Launch date";

/// The playbook's default table, in order: (workstream, our letter, partner letter).
pub const DEFAULT_TABLE: &[(&str, RaciLetter, RaciLetter)] = &[
    ("API access and credentials", RaciLetter::C, RaciLetter::R),
    ("App review and certification", RaciLetter::A, RaciLetter::R),
    ("Security questionnaire", RaciLetter::R, RaciLetter::A),
    ("Marketing and listing assets", RaciLetter::R, RaciLetter::C),
    (LAUNCH_DATE, RaciLetter::A, RaciLetter::A),
];

/// The workstream an archetype adds to the default table, if any.
pub fn archetype_workstream(a: Archetype) -> Option<(&'static str, RaciLetter, RaciLetter)> {
    match a {
        Archetype::DataSync => Some(("Field mapping and source of truth", RaciLetter::R, RaciLetter::C)),
        Archetype::EventAutomation => Some(("Webhook delivery and retries", RaciLetter::R, RaciLetter::C)),
        Archetype::EmbeddedUi => Some(("Embedded UX review", RaciLetter::R, RaciLetter::A)),
        Archetype::Identity => Some(("SSO and SCIM configuration", RaciLetter::R, RaciLetter::C)),
        Archetype::MarketplaceConnector => Some(("Install and uninstall flow", RaciLetter::R, RaciLetter::A)),
    }
}

/// A problem with one workstream, shown in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub workstream: String,
    pub side: Option<Side>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.workstream, self.message)
    }
}

/// Checks the table: every workstream has a letter and a named person on each side, at
/// least one side Responsible or Accountable, and the launch date Accountable on both sides.
/// The messages name the companies (`ours`, `partner`), never "our side": both companies read
/// them, each from its own side.
pub fn check(rows: &[Row], ours: &str, partner: &str) -> Vec<Problem> {
    let company = |side: Side| match side {
        Side::Ours => ours,
        Side::Partner => partner,
    };
    let mut problems = Vec::new();
    for row in rows {
        for side in [Side::Ours, Side::Partner] {
            let who = company(side);
            match row.cell(side) {
                Some(Cell { letter: Some(_), has_person: true }) => {}
                Some(Cell { letter: Some(_), has_person: false }) => problems.push(Problem {
                    workstream: row.name.clone(),
                    side: Some(side),
                    message: format!("no person named at {who}"),
                }),
                _ => problems.push(Problem {
                    workstream: row.name.clone(),
                    side: Some(side),
                    message: format!("nobody at {who}: it lives in the gap between the companies"),
                }),
            }
        }
        let letters: Vec<RaciLetter> =
            [row.ours, row.partner].iter().flatten().filter_map(|c| c.letter).collect();
        if !letters.iter().any(|l| matches!(l, RaciLetter::R | RaciLetter::A)) {
            problems.push(Problem {
                workstream: row.name.clone(),
                side: None,
                message: "neither side is Responsible or Accountable".into(),
            });
        }
        if row.name.eq_ignore_ascii_case(LAUNCH_DATE) {
            for side in [Side::Ours, Side::Partner] {
                if row.cell(side).and_then(|c| c.letter) != Some(RaciLetter::A) {
                    problems.push(Problem {
                        workstream: row.name.clone(),
                        side: Some(side),
                        message: format!(
                            "the launch date must be Accountable on both sides ({} is not)",
                            company(side)
                        ),
                    });
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(letter: RaciLetter) -> Option<Cell> {
        Some(Cell { letter: Some(letter), has_person: true })
    }

    fn playbook() -> Vec<Row> {
        DEFAULT_TABLE
            .iter()
            .map(|(name, o, p)| Row { name: name.to_string(), ours: cell(*o), partner: cell(*p) })
            .collect()
    }

    #[test]
    fn the_playbooks_own_table_passes() {
        assert_eq!(check(&playbook(), "Acme", "Globex"), vec![]);
    }

    #[test]
    fn problems_by_case() {
        let shown =
            |rows: Vec<Row>| check(&rows, "Acme", "Globex").iter().map(|p| p.to_string()).collect::<Vec<_>>();
        let row =
            |name: &str, ours: Option<Cell>, partner: Option<Cell>| Row { name: name.into(), ours, partner };
        assert_eq!(
            shown(vec![row("Security questionnaire", cell(RaciLetter::R), None)]),
            ["Security questionnaire: nobody at Globex: it lives in the gap between the companies"]
        );
        assert_eq!(
            shown(vec![row(
                "API access",
                Some(Cell { letter: Some(RaciLetter::C), has_person: false }),
                cell(RaciLetter::I)
            )]),
            ["API access: no person named at Acme", "API access: neither side is Responsible or Accountable"]
        );
        assert_eq!(
            shown(vec![row("Launch date", cell(RaciLetter::A), cell(RaciLetter::R))]),
            ["Launch date: the launch date must be Accountable on both sides (Globex is not)"]
        );
    }

    #[test]
    fn every_archetype_adds_a_workstream_that_passes() {
        for a in Archetype::ALL {
            let (name, o, p) = archetype_workstream(*a).unwrap();
            assert_eq!(
                check(&[Row { name: name.into(), ours: cell(o), partner: cell(p) }], "Acme", "Globex"),
                vec![]
            );
        }
    }
}
