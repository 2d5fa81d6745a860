//! Escalation: an open blocker older than the project's threshold goes to the escalation
//! contact of the side it waits on, recorded once (so a notification is raised once).

use std::ops::Deref;

use seamline_core::escalation::{self, EscalationDraft, EscalationFacts};

use crate::error::Result;
use crate::schema::Entity;
use crate::workspace::{BlockersRoom, Workspace};

use super::Blocker;

impl<W: Deref<Target = Workspace>> BlockersRoom<W> {
    /// The open blockers past the project's threshold.
    pub fn escalations(&self, project: &str) -> Result<Vec<Blocker>> {
        Ok(self.list(project, true)?.into_iter().filter(|b| b.escalated).collect())
    }
}

impl BlockersRoom<&mut Workspace> {
    /// Records every escalation not recorded yet (when, and to whom) as ops, so both sides see
    /// it, and returns those newly recorded: the app raises each one once as a notification.
    pub fn record_escalations(&mut self, project: &str) -> Result<Vec<Blocker>> {
        let fresh: Vec<Blocker> =
            self.escalations(project)?.into_iter().filter(|b| b.escalated_at.is_none()).collect();
        if fresh.is_empty() {
            return Ok(fresh);
        }
        let at = self.ws.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.ws.write(|w| {
            for b in &fresh {
                w.set(&b.project_id, Entity::Blocker, &b.id, "escalated_at", &at)?;
                w.set(&b.project_id, Entity::Blocker, &b.id, "escalated_to", &b.escalate_to)?;
            }
            Ok(())
        })?;
        fresh.iter().map(|b| self.get(&b.id)).collect()
    }
}

impl<W: Deref<Target = Workspace>> BlockersRoom<W> {
    /// The message to the escalation contact of the side `blocker` waits on, written by this
    /// device's user: the person they said they are in the project, else `shown_as` (the name
    /// other devices see).
    pub fn escalation_draft(&self, blocker: &str, shown_as: &str) -> Result<EscalationDraft> {
        let b = self.get(blocker)?;
        let p = self.ws.projects().get(&b.project_id)?;
        let contact = b.escalate_to.as_deref().map(|id| self.ws.people().get(id)).transpose()?;
        let membership = self.ws.me().membership(&p.id)?;
        let me = membership
            .as_ref()
            .and_then(|m| m.person_id.as_deref())
            .map(|id| self.ws.people().get(id))
            .transpose()?;
        Ok(escalation::draft(&EscalationFacts {
            project: p.name.clone(),
            title: b.title.clone(),
            class: b.class,
            age_business_days: b.age_business_days,
            threshold_days: p.threshold_days,
            opened: b.opened,
            due: b.due,
            today: self.ws.today(),
            waiting_on: p.company(b.waiting_on).to_string(),
            to_name: contact.as_ref().map(|c| c.name.clone()),
            to_email: contact.and_then(|c| c.email),
            owner_name: Some(b.owner_name.clone()).filter(|n| !n.is_empty()),
            from_name: me.map(|m| m.name).unwrap_or_else(|| shown_as.to_string()),
            from_company: membership.map(|m| p.company(m.side).to_string()),
        }))
    }
}
