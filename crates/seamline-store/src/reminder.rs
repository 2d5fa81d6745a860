//! The cadence's reminders on this device: whether its user wants them for a project, which
//! are due today (the rules and words: `seamline_core::reminder`), and which were raised
//! already, so each is raised once a day.

use std::ops::Deref;

use rusqlite::{params, OptionalExtension};
use seamline_core::reminder::{self, Reminder, ReminderFacts, ReminderKind};
use seamline_core::BlockerClass;

use crate::error::Result;
use crate::workspace::{RemindersRoom, Workspace};

impl<W: Deref<Target = Workspace>> RemindersRoom<W> {
    /// The reminders due today and not raised yet on this device (none while turned off).
    /// Runs on every timer pass for every project, so the blockers are read only on a day a
    /// reminder is actually due and not raised yet.
    pub fn due(&self, project: &str) -> Result<Vec<Reminder>> {
        let p = self.ws.projects().get(project)?;
        if !p.reminders {
            return Ok(Vec::new());
        }
        let today = self.ws.today();
        let facts = ReminderFacts {
            project: p.name.clone(),
            today,
            sync_day: p.sync_day,
            status_day: p.status_day,
            decisions_pending: 0,
            escalated: 0,
        };
        let raised: Option<(Option<String>, Option<String>)> = self
            .ws
            .conn()
            .query_row(
                "SELECT last_weekly_sync, last_status_day FROM reminders WHERE project_id = ?1",
                [&p.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (last_sync, last_status) = raised.unwrap_or_default();
        let day = today.to_string();
        let not_raised = |r: &Reminder| {
            let last = match r.kind {
                ReminderKind::WeeklySync => &last_sync,
                ReminderKind::StatusDay => &last_status,
            };
            last.as_deref() != Some(day.as_str())
        };
        if !reminder::due(&facts).iter().any(not_raised) {
            return Ok(Vec::new());
        }
        let open = self.ws.blockers().list(&p.id, true)?;
        let facts = ReminderFacts {
            decisions_pending: open.iter().filter(|b| b.class == BlockerClass::Decision).count(),
            escalated: open.iter().filter(|b| b.escalated).count(),
            ..facts
        };
        Ok(reminder::due(&facts).into_iter().filter(|r| not_raised(r)).collect())
    }
}

impl RemindersRoom<&mut Workspace> {
    /// Turns this device's reminders for a project on or off.
    pub fn set_enabled(&mut self, project: &str, on: bool) -> Result<()> {
        let p = self.ws.projects().get(project)?;
        self.ws.conn().execute(
            "INSERT INTO reminders (project_id, enabled) VALUES (?1, ?2)
             ON CONFLICT (project_id) DO UPDATE SET enabled = excluded.enabled",
            params![p.id, on as i64],
        )?;
        Ok(())
    }

    /// Notes that a reminder was raised today.
    pub fn mark_reminded(&mut self, project: &str, kind: ReminderKind) -> Result<()> {
        let column = match kind {
            ReminderKind::WeeklySync => "last_weekly_sync",
            ReminderKind::StatusDay => "last_status_day",
        };
        self.ws.conn().execute(
            &format!(
                "INSERT INTO reminders (project_id, {column}) VALUES (?1, ?2)
                 ON CONFLICT (project_id) DO UPDATE SET {column} = excluded.{column}"
            ),
            params![project, self.ws.today().to_string()],
        )?;
        Ok(())
    }
}
