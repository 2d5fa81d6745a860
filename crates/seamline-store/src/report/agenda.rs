//! The weekly-sync agenda, generated from decisions pending, escalated blockers, dependencies
//! without dates and milestones at risk.

use std::fmt::Write as _;

use chrono::Duration;
use seamline_core::{BlockerClass, MilestoneKind};

use super::{business_days, or};
use crate::error::Result;
use crate::workspace::Workspace;

impl Workspace {
    /// The weekly-sync agenda: decisions pending, escalated blockers, dependencies without
    /// dates, milestones at risk. Markdown.
    pub fn agenda(&self, project: &str) -> Result<String> {
        let p = self.project(project)?;
        let today = self.today();
        let blockers = self.blockers(&p.id, true)?;
        let ms = self.milestones(&p.id)?;
        let signed = ms.iter().any(|m| m.kind == MilestoneKind::AgreementSigned && m.done.is_some());
        let mut s = String::new();
        let _ = writeln!(s, "# {} — weekly sync, {}\n", p.name, today.format("%a %-d %b %Y"));
        let _ = writeln!(s, "30 minutes, for decisions, not status.\n");
        let section = |s: &mut String, title: &str, lines: Vec<String>, none: &str| {
            let _ = writeln!(s, "## {title}\n");
            if lines.is_empty() {
                let _ = writeln!(s, "- {none}");
            }
            for l in lines {
                let _ = writeln!(s, "- {l}");
            }
            let _ = writeln!(s);
        };
        section(
            &mut s,
            "Decisions pending",
            blockers
                .iter()
                .filter(|b| b.class == BlockerClass::Decision)
                .map(|b| {
                    format!(
                        "{} ({}, owner {})",
                        b.title,
                        business_days(b.age_business_days),
                        or(&b.owner_name, "nobody")
                    )
                })
                .collect(),
            "No decision is waiting.",
        );
        section(
            &mut s,
            "Escalated blockers",
            blockers
                .iter()
                .filter(|b| b.escalated)
                .map(|b| {
                    format!(
                        "[{}] {} — {}, waiting on {}; escalate to {}",
                        b.class.label(),
                        b.title,
                        business_days(b.age_business_days),
                        p.company(b.waiting_on),
                        or(&b.escalate_to_name, "the escalation contact (not named)")
                    )
                })
                .collect(),
            "Nothing has waited past the threshold.",
        );
        section(
            &mut s,
            "Dependencies without dates",
            blockers
                .iter()
                .filter(|b| b.class == BlockerClass::Dependency && b.due.is_none())
                .map(|b| format!("{} — ask {} for a date on their sprint", b.title, p.company(b.waiting_on)))
                .collect(),
            "Every dependency has a date.",
        );
        let soon = today + Duration::days(14);
        section(
            &mut s,
            "Milestones at risk",
            ms.iter()
                .filter(|m| m.done.is_none())
                .filter_map(|m| {
                    let planned = m.planned?;
                    if m.late {
                        Some(format!(
                            "{} ({} track) was planned for {planned} and is not done",
                            m.title, m.track
                        ))
                    } else if m.gated && !signed && planned <= soon {
                        Some(format!(
                            "{} is planned for {planned} but waits for the signed agreement",
                            m.title
                        ))
                    } else {
                        None
                    }
                })
                .collect(),
            "No milestone is late.",
        );
        Ok(s)
    }
}
