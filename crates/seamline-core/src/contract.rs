//! The integration contract: what the two products exchange, agreed before code. Structured
//! so it can be checked (a field mapped twice, a field nobody owns, a scope nobody justified)
//! and handed to the partner as Markdown.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::kinds::{Direction, Side};

/// The contract's single-valued parts. Empty strings mean "not written yet".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Terms {
    pub objects: String,
    pub direction: Option<Direction>,
    pub latency_target: String,
    pub retry_window: String,
    pub alerting: String,
    pub auth_method: String,
    pub idempotency_key: String,
    pub notes: String,
}

/// One row of the field-mapping table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Mapping {
    pub id: String,
    pub object: String,
    pub partner_field: String,
    pub partner_type: String,
    pub our_field: String,
    pub our_type: String,
    pub allowed_values: String,
    /// e.g. `low=3, med=2, high=1`
    pub value_map: String,
    pub default_value: String,
    pub source_of_truth: Option<Side>,
}

/// One auth scope the integration asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuthScope {
    pub id: String,
    pub scope: String,
    /// What it allows, in plain language ("Read tickets").
    pub description: String,
    /// Why the integration needs it (app review asks).
    pub justification: String,
}

/// A problem shown in place: `row` is the mapping or scope it is on (`None` for the terms),
/// `field` the input to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Problem {
    pub row: Option<String>,
    pub field: String,
    pub message: String,
}

fn key(object: &str, field: &str) -> (String, String) {
    (object.trim().to_lowercase(), field.trim().to_lowercase())
}

/// Every problem of a contract, in table order.
pub fn check(mappings: &[Mapping], scopes: &[AuthScope]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut partner_seen: HashMap<(String, String), usize> = HashMap::new();
    let mut ours_seen: HashMap<(String, String), usize> = HashMap::new();
    for m in mappings {
        if !m.partner_field.trim().is_empty() {
            *partner_seen.entry(key(&m.object, &m.partner_field)).or_default() += 1;
        }
        if !m.our_field.trim().is_empty() {
            *ours_seen.entry(key(&m.object, &m.our_field)).or_default() += 1;
        }
    }
    for m in mappings {
        let problem =
            |field: &str, message: String| Problem { row: Some(m.id.clone()), field: field.into(), message };
        if m.partner_field.trim().is_empty() {
            problems.push(problem("partner_field", "Name the partner's field".into()));
        } else if partner_seen[&key(&m.object, &m.partner_field)] > 1 {
            problems.push(problem(
                "partner_field",
                format!("{} is mapped more than once", qualified(&m.object, &m.partner_field)),
            ));
        }
        if m.our_field.trim().is_empty() {
            problems.push(problem("our_field", "Name our field".into()));
        } else if ours_seen[&key(&m.object, &m.our_field)] > 1 {
            problems.push(problem(
                "our_field",
                format!("{} is the target of more than one mapping", qualified(&m.object, &m.our_field)),
            ));
        }
        if m.source_of_truth.is_none() {
            problems.push(problem(
                "source_of_truth",
                "Say which side is the source of truth for this field".into(),
            ));
        }
    }
    for s in scopes {
        let problem = |field: &str, message: &str| Problem {
            row: Some(s.id.clone()),
            field: field.into(),
            message: message.into(),
        };
        if s.description.trim().is_empty() {
            problems.push(problem("description", "Describe in plain language what this scope allows"));
        }
        if s.justification.trim().is_empty() {
            problems.push(problem("justification", "Justify this scope: app review asks why it is needed"));
        }
    }
    problems
}

fn qualified(object: &str, field: &str) -> String {
    match object.trim() {
        "" => field.trim().to_string(),
        o => format!("{o}.{}", field.trim()),
    }
}

/// What the Markdown export needs besides the contract itself.
pub struct Header<'a> {
    pub project: &'a str,
    pub ours: &'a str,
    pub partner: &'a str,
    pub boundaries: &'a [String],
}

/// Escapes a cell of a Markdown table: pipes would split it, newlines would end the row.
fn cell(s: &str) -> String {
    let s = s.trim().replace('|', "\\|").replace(['\r', '\n'], " ");
    if s.is_empty() {
        "—".into()
    } else {
        s
    }
}

fn or_open(s: &str) -> &str {
    match s.trim() {
        "" => "_to be agreed_",
        v => v,
    }
}

/// The contract as Markdown, for the partner.
pub fn markdown(h: &Header<'_>, terms: &Terms, mappings: &[Mapping], scopes: &[AuthScope]) -> String {
    let side = |s: Option<Side>| match s {
        Some(Side::Ours) => h.ours.to_string(),
        Some(Side::Partner) => h.partner.to_string(),
        None => "—".into(),
    };
    let direction = match terms.direction {
        Some(Direction::PartnerToOurs) => format!("{} → {}", h.partner, h.ours),
        Some(Direction::OursToPartner) => format!("{} → {}", h.ours, h.partner),
        Some(Direction::TwoWay) => format!("{} ↔ {}", h.ours, h.partner),
        None => "_to be agreed_".into(),
    };
    let mut md = String::new();
    let _ = writeln!(md, "# Integration contract: {}\n", h.project);
    let _ = writeln!(md, "{} and {}\n", h.ours, h.partner);
    let _ = writeln!(md, "## What is exchanged\n");
    let _ = writeln!(md, "- **Objects and fields:** {}", or_open(&terms.objects));
    let _ = writeln!(md, "- **Direction:** {direction}");
    let _ = writeln!(md, "- **Latency target:** {}", or_open(&terms.latency_target));
    let _ = writeln!(md, "- **Idempotency key:** {}", or_open(&terms.idempotency_key));
    let _ = writeln!(md, "\n## When something fails\n");
    let _ = writeln!(md, "- **Retry window:** {}", or_open(&terms.retry_window));
    let _ = writeln!(md, "- **Alerting:** {}", or_open(&terms.alerting));
    let _ = writeln!(md, "\n## Authentication\n");
    let _ = writeln!(md, "- **Method:** {}\n", or_open(&terms.auth_method));
    if scopes.is_empty() {
        let _ = writeln!(md, "_No scopes listed yet._");
    } else {
        let _ = writeln!(md, "| Scope | What it allows | Why it is needed |\n|---|---|---|");
        for s in scopes {
            let _ = writeln!(
                md,
                "| `{}` | {} | {} |",
                cell(&s.scope),
                cell(&s.description),
                cell(&s.justification)
            );
        }
    }
    let _ = writeln!(md, "\n## Field mapping\n");
    if mappings.is_empty() {
        let _ = writeln!(md, "_No fields mapped yet._");
    } else {
        let _ = writeln!(
            md,
            "| Object | {p} field | Type | {o} field | Type | Allowed values | Value map | Default when missing | Source of truth |\n|---|---|---|---|---|---|---|---|---|",
            p = cell(h.partner),
            o = cell(h.ours)
        );
        for m in mappings {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                cell(&m.object),
                cell(&m.partner_field),
                cell(&m.partner_type),
                cell(&m.our_field),
                cell(&m.our_type),
                cell(&m.allowed_values),
                cell(&m.value_map),
                cell(&m.default_value),
                cell(&side(m.source_of_truth)),
            );
        }
    }
    if !h.boundaries.is_empty() {
        let _ = writeln!(md, "\n## What it will not do\n");
        for b in h.boundaries {
            let _ = writeln!(md, "- {}", b.trim());
        }
    }
    if !terms.notes.trim().is_empty() {
        let _ = writeln!(md, "\n## Notes\n\n{}", terms.notes.trim());
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(id: &str, object: &str, partner: &str, ours: &str, sot: Option<Side>) -> Mapping {
        Mapping {
            id: id.into(),
            object: object.into(),
            partner_field: partner.into(),
            our_field: ours.into(),
            source_of_truth: sot,
            ..Mapping::default()
        }
    }

    fn messages(p: &[Problem]) -> Vec<(Option<&str>, &str)> {
        p.iter().map(|p| (p.row.as_deref(), p.field.as_str())).collect()
    }

    #[test]
    fn each_rule_names_the_row_and_the_field() {
        struct Case {
            name: &'static str,
            mappings: Vec<Mapping>,
            scopes: Vec<AuthScope>,
            expect: Vec<(Option<&'static str>, &'static str)>,
        }
        let ok_scope = AuthScope {
            id: "s1".into(),
            scope: "tickets.read".into(),
            description: "Read tickets".into(),
            justification: "To show them".into(),
        };
        let cases = vec![
            Case {
                name: "a complete contract has no problem",
                mappings: vec![
                    mapping("m1", "Invoice", "amount", "total", Some(Side::Partner)),
                    // the same field name on another object is a different field
                    mapping("m2", "Payment", "amount", "total", Some(Side::Partner)),
                ],
                scopes: vec![ok_scope.clone()],
                expect: vec![],
            },
            Case {
                name: "a partner field mapped twice, case and spaces ignored",
                mappings: vec![
                    mapping("m1", "Invoice", "amount", "total", Some(Side::Partner)),
                    mapping("m2", "invoice", " Amount ", "net", Some(Side::Partner)),
                ],
                scopes: vec![],
                expect: vec![(Some("m1"), "partner_field"), (Some("m2"), "partner_field")],
            },
            Case {
                name: "two partner fields written into one of ours",
                mappings: vec![
                    mapping("m1", "Invoice", "amount", "total", Some(Side::Ours)),
                    mapping("m2", "Invoice", "gross", "total", Some(Side::Ours)),
                ],
                scopes: vec![],
                expect: vec![(Some("m1"), "our_field"), (Some("m2"), "our_field")],
            },
            Case {
                name: "a field without a source of truth",
                mappings: vec![mapping("m1", "Invoice", "status", "state", None)],
                scopes: vec![],
                expect: vec![(Some("m1"), "source_of_truth")],
            },
            Case {
                name: "a scope without justification or description",
                mappings: vec![],
                scopes: vec![AuthScope {
                    id: "s9".into(),
                    scope: "admin".into(),
                    description: " ".into(),
                    justification: "".into(),
                }],
                expect: vec![(Some("s9"), "description"), (Some("s9"), "justification")],
            },
            Case {
                name: "a half-written mapping asks for both fields",
                mappings: vec![mapping("m1", "Invoice", "", "", Some(Side::Ours))],
                scopes: vec![],
                expect: vec![(Some("m1"), "partner_field"), (Some("m1"), "our_field")],
            },
        ];
        for c in cases {
            assert_eq!(messages(&check(&c.mappings, &c.scopes)), c.expect, "{}", c.name);
        }
        let dup = check(
            &[
                mapping("a", "Invoice", "amount", "x", Some(Side::Ours)),
                mapping("b", "Invoice", "amount", "y", Some(Side::Ours)),
            ],
            &[],
        );
        assert_eq!(dup[0].message, "Invoice.amount is mapped more than once");
    }

    #[test]
    fn markdown_names_both_companies_and_escapes_cells() {
        let terms = Terms {
            objects: "Invoice".into(),
            direction: Some(Direction::PartnerToOurs),
            latency_target: "< 60 s".into(),
            ..Terms::default()
        };
        let mut m = mapping("m1", "Invoice", "priority", "severity", Some(Side::Partner));
        m.value_map = "low=3 | med=2".into();
        m.default_value = "2".into();
        let boundaries = vec!["No backfill beyond 90 days".to_string()];
        let md = markdown(
            &Header { project: "CRM sync", ours: "Northwind", partner: "Ledgerly", boundaries: &boundaries },
            &terms,
            &[m],
            &[AuthScope {
                id: "s".into(),
                scope: "invoices.read".into(),
                description: "Read invoices".into(),
                justification: "".into(),
            }],
        );
        assert!(md.starts_with("# Integration contract: CRM sync\n"));
        assert!(md.contains("- **Direction:** Ledgerly → Northwind"));
        assert!(md.contains("- **Retry window:** _to be agreed_"));
        assert!(md.contains("| Invoice | priority | — | severity | — | — | low=3 \\| med=2 | 2 | Ledgerly |"));
        assert!(md.contains("| `invoices.read` | Read invoices | — |"));
        assert!(md.contains("## What it will not do\n\n- No backfill beyond 90 days"));
    }
}
