//! The weekly-sync agenda, generated from decisions pending, escalated blockers, dependencies
//! without dates and milestones at risk (the rules and words: `seamline_core::report`).

use std::ops::Deref;

use seamline_core::report::{self, AgendaFacts};
use seamline_core::MilestoneKind;

use crate::error::Result;
use crate::workspace::{ReportsRoom, Workspace};

impl<W: Deref<Target = Workspace>> ReportsRoom<W> {
    /// The weekly-sync agenda, as Markdown.
    pub fn agenda(&self, project: &str) -> Result<String> {
        let p = self.ws.projects().get(project)?;
        let ms = self.ws.milestones().list(&p.id)?;
        let agreement_signed =
            ms.iter().any(|m| m.kind == MilestoneKind::AgreementSigned && m.done.is_some());
        let facts = AgendaFacts {
            project: p.name.clone(),
            today: self.ws.today(),
            open_blockers: self
                .ws
                .blockers()
                .list(&p.id, true)?
                .iter()
                .map(|b| super::blocker_line(&p, b))
                .collect(),
            milestones: ms.into_iter().map(super::milestone_line).collect(),
            agreement_signed,
        };
        Ok(report::agenda_markdown(&facts))
    }
}
