//! Readiness of a project (the rule lives in `seamline_core::readiness`).

use std::ops::Deref;

use seamline_core::readiness::{self, Facts, Item};
use seamline_core::{Cut, Side, Track};
use serde::Serialize;

use crate::error::Result;
use crate::workspace::{ProjectsRoom, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Readiness {
    pub ready: bool,
    pub passed: u32,
    pub total: u32,
    /// The labels of the items not passed, as `readiness --json` prints them.
    pub missing: Vec<String>,
    pub items: Vec<Item>,
}

impl Workspace {
    /// [`ProjectsRoom::readiness`] from the project's criteria and milestones already read.
    pub(crate) fn readiness_of(
        &self,
        p: &crate::Project,
        criteria: &[crate::scope::Criterion],
        ms: &[crate::Milestone],
    ) -> Result<Readiness> {
        let hash = crate::scope::content_with(self.conn(), &p.id, criteria)?.hash();
        let signatures = self.signatures_against(&p.id, &hash)?;
        let signed = |side: Side| signatures.iter().any(|s| s.side == side);
        let raci = self.raci().get(&p.id)?;
        let facts = Facts {
            signed_ours: signed(Side::Ours),
            signed_partner: signed(Side::Partner),
            signature_stale: signatures.iter().any(|s| s.stale),
            recorded_for: signatures
                .iter()
                .filter(|s| s.recorded.is_some())
                .map(|s| p.company(s.side).to_string())
                .collect(),
            owner_ours: p.owner(Side::Ours).is_some(),
            owner_partner: p.owner(Side::Partner).is_some(),
            escalation_ours: p.escalation(Side::Ours).is_some(),
            escalation_partner: p.escalation(Side::Partner).is_some(),
            v1_criteria: criteria.iter().filter(|c| c.cut == Cut::V1).count(),
            channel_set: p.channel_url.is_some(),
            workstreams: raci.len(),
            workstreams_unowned: raci
                .iter()
                .filter(|w| {
                    !(w.ours.as_ref().is_some_and(|c| c.person.is_some())
                        && w.partner.as_ref().is_some_and(|c| c.person.is_some()))
                })
                .count(),
            legal_started: ms.iter().any(|m| m.track == Track::Legal && m.done.is_some()),
        };
        let items = readiness::check(&facts, &p.ours, &p.partner);
        let passed = items.iter().filter(|i| i.passed).count() as u32;
        Ok(Readiness {
            ready: passed as usize == items.len(),
            passed,
            total: items.len() as u32,
            missing: items.iter().filter(|i| !i.passed).map(|i| i.label.clone()).collect(),
            items,
        })
    }
}

impl<W: Deref<Target = Workspace>> ProjectsRoom<W> {
    pub fn readiness(&self, project: &str) -> Result<Readiness> {
        let p = self.get(project)?;
        let criteria = self.ws.scope().criteria(&p.id)?;
        let ms = self.ws.milestones().list(&p.id)?;
        self.ws.readiness_of(&p, &criteria, &ms)
    }
}
