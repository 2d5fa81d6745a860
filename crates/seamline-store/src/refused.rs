//! Edits this workspace refused after reading them from the shared folder: the other company's
//! device changing this company's facts, and a removed device's edits after its cut. Kept with
//! the reason and listed on the Sync screen ("Globex's device tried to change Acme's
//! escalation contact; refused"), not only in a log.

use std::ops::Deref;

use rusqlite::params;
use serde::Serialize;

use crate::error::Result;
use crate::workspace::{HistoryRoom, Workspace};

/// One attempt: the same device refused for the same reason, however many fields it wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RefusedAttempt {
    /// What was tried and refused, in words.
    pub what: String,
    pub device: String,
    /// The device's user, as it said ("" when it never did).
    pub user_name: String,
    /// How many edits of it were refused.
    pub edits: u32,
    /// When the newest of them was stamped (RFC 3339, as the writing device's clock read it).
    pub at: String,
}

impl<W: Deref<Target = Workspace>> HistoryRoom<W> {
    /// The refused attempts on the project, the newest first.
    pub fn refused_attempts(&self, project: &str) -> Result<Vec<RefusedAttempt>> {
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT r.reason, r.device, coalesce(d.user_name, ''), count(*), max(r.hlc)
             FROM refused_ops r LEFT JOIN devices d ON d.id = r.device
             WHERE r.project_id = ?1 GROUP BY r.reason, r.device ORDER BY max(r.hlc) DESC LIMIT 200",
        )?;
        let rows = stmt.query_map(params![project], |r| {
            let hlc: i64 = r.get(4)?;
            Ok(RefusedAttempt {
                what: r.get(0)?,
                device: r.get(1)?,
                user_name: r.get(2)?,
                edits: r.get::<_, i64>(3)? as u32,
                at: crate::clocks::instant_ms(seamline_core::Hlc::from_i64(hlc).wall_ms() as i64),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
