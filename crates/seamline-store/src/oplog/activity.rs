//! What each device's ops of a project say (its newest edit, how far its clock ran ahead or
//! behind), gathered as the ops are logged, once per file imported or local write, so the
//! device list and the clock notices never read the ops.

use rusqlite::params;

use crate::error::Result;

/// What a device's ops of a project say, gathered as they are logged and kept per project and
/// device in `device_activity` (schema 15): readers ask this small table instead of every op.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Marks {
    /// The newest stamp.
    pub newest_hlc: Option<i64>,
    /// The newest edit's time as its device's clock read it (its stamp's, for older ops).
    pub newest_made: Option<i64>,
    /// How far ahead of the receiving clock an edit was made, at most.
    pub ahead_ms: Option<i64>,
    /// How far a stamp ran past its own edit's time, at most (for stamps the receiving clock
    /// had reached, give or take the notice margin).
    pub behind_ms: Option<i64>,
}

impl Marks {
    /// Takes one op in, logged at `seen_at` (ms on this device's clock).
    pub(crate) fn add(&mut self, op: &super::Op, seen_at: i64) {
        let most = |a: Option<i64>, b: i64| Some(a.map_or(b, |a| a.max(b)));
        let wall = op.hlc >> 16;
        self.newest_hlc = most(self.newest_hlc, op.hlc);
        self.newest_made = most(self.newest_made, op.made_at.unwrap_or(wall));
        if let Some(made) = op.made_at {
            self.ahead_ms = most(self.ahead_ms, made - seen_at);
            if wall <= seen_at + seamline_core::hlc::SKEW_NOTICE_MS {
                self.behind_ms = most(self.behind_ms, wall - made);
            }
        }
    }
}

/// Notes that `device` wrote or was received in the project at `seen_at`, with what its ops
/// said (each column only grows).
pub(crate) fn note_activity(
    conn: &rusqlite::Connection,
    project: &str,
    device: &str,
    seen_at: i64,
    marks: Marks,
) -> Result<()> {
    // max(coalesce(a, b), coalesce(b, a)): the larger of two, either of which may be unknown.
    conn.prepare_cached(
        "INSERT INTO device_activity (project_id, device, last_seen, newest_hlc, newest_made, ahead_ms, behind_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (project_id, device) DO UPDATE SET
           last_seen = max(coalesce(last_seen, 0), excluded.last_seen),
           newest_hlc = max(coalesce(newest_hlc, excluded.newest_hlc), coalesce(excluded.newest_hlc, newest_hlc)),
           newest_made = max(coalesce(newest_made, excluded.newest_made), coalesce(excluded.newest_made, newest_made)),
           ahead_ms = max(coalesce(ahead_ms, excluded.ahead_ms), coalesce(excluded.ahead_ms, ahead_ms)),
           behind_ms = max(coalesce(behind_ms, excluded.behind_ms), coalesce(excluded.behind_ms, behind_ms))",
    )?
    .execute(params![project, device, seen_at, marks.newest_hlc, marks.newest_made, marks.ahead_ms, marks.behind_ms])?;
    Ok(())
}

/// Gathers a device's marks in the project again from the log (after ops left it).
pub(crate) fn recount_activity(conn: &rusqlite::Connection, project: &str, device: &str) -> Result<()> {
    conn.execute(
        "UPDATE device_activity SET (newest_hlc, newest_made, ahead_ms, behind_ms) = (
           SELECT max(o.hlc), max(coalesce(o.made_at, o.hlc >> 16)),
                  max(CASE WHEN o.made_at IS NOT NULL AND o.seen_at IS NOT NULL THEN o.made_at - o.seen_at END),
                  max(CASE WHEN o.made_at IS NOT NULL AND o.seen_at IS NOT NULL AND (o.hlc >> 16) <= o.seen_at + ?3
                           THEN (o.hlc >> 16) - o.made_at END)
           FROM ops o WHERE o.project_id = ?1 AND o.device = ?2)
         WHERE project_id = ?1 AND device = ?2",
        params![project, device, seamline_core::hlc::SKEW_NOTICE_MS],
    )?;
    Ok(())
}
