//! Escalation: an open blocker older than the project's threshold goes to the escalation
//! contact of the side it waits on, recorded once (so a notification is raised once).

use crate::error::Result;
use crate::schema::Entity;
use crate::workspace::Workspace;

use super::Blocker;

impl Workspace {
    /// The open blockers past the project's threshold.
    pub fn escalations(&self, project: &str) -> Result<Vec<Blocker>> {
        Ok(self.blockers(project, true)?.into_iter().filter(|b| b.escalated).collect())
    }

    /// Records every escalation not recorded yet (when, and to whom) as ops, so both sides see
    /// it, and returns those newly recorded: the app raises each one once as a notification.
    pub fn record_escalations(&mut self, project: &str) -> Result<Vec<Blocker>> {
        let fresh: Vec<Blocker> =
            self.escalations(project)?.into_iter().filter(|b| b.escalated_at.is_none()).collect();
        if fresh.is_empty() {
            return Ok(fresh);
        }
        let at = self.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.write(|w| {
            for b in &fresh {
                w.set(&b.project_id, Entity::Blocker, &b.id, "escalated_at", &at)?;
                w.set(&b.project_id, Entity::Blocker, &b.id, "escalated_to", &b.escalate_to)?;
            }
            Ok(())
        })?;
        fresh.iter().map(|b| self.blocker(&b.id)).collect()
    }
}
