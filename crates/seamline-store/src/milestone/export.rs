//! The project's dated milestones as an iCalendar file, for calendar apps. Text goes through
//! `ics_text` (no control characters); the writer escapes the rest (RFC 5545), and
//! `ics_folded` keeps every line within 75 octets.

use std::ops::Deref;

use icalendar::{Calendar, Component, EventLike};
use seamline_core::export::{ics_folded, ics_text};

use crate::error::Result;
use crate::workspace::{MilestonesRoom, Workspace};

impl<W: Deref<Target = Workspace>> MilestonesRoom<W> {
    /// The project's dated milestones as all-day events. Each keeps its id as the event's UID,
    /// so importing a newer export updates the events instead of duplicating them.
    pub fn ics(&self, project: &str) -> Result<String> {
        let p = self.ws.projects().get(project)?;
        let stamp = self.ws.now();
        let mut cal = Calendar::new();
        cal.name(&ics_text(&format!("{} — milestones", p.name)));
        for m in self.list(&p.id)? {
            let Some(day) = m.done.or(m.planned) else { continue };
            let track = if m.track == seamline_core::Track::Legal { "Legal" } else { "Build" };
            let state = match (m.done, m.gated) {
                (Some(d), _) => format!("Done on {d}."),
                (None, true) => "Planned; waits for the signed agreement.".to_string(),
                (None, false) => "Planned.".to_string(),
            };
            let event = icalendar::Event::new()
                .uid(&format!("{}@seamline", m.id))
                .summary(&ics_text(&format!("[{track}] {}", m.title)))
                .description(&ics_text(&format!("{} ({} ↔ {}). {state}", p.name, p.ours, p.partner)))
                .all_day(day)
                .timestamp(stamp)
                .done();
            cal.push(event);
        }
        Ok(ics_folded(&cal.done().to_string()))
    }
}
