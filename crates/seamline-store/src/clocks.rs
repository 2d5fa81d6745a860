//! Clocks that disagree: when an edit was really made, and which device's clock is off.
//!
//! A stamp orders edits; it is not a time to show. After a device has seen a stamp from a
//! clock a year ahead, its own stamps continue from there (so its later edits still win), and
//! a device whose clock was set back stamps from the newest stamp it has seen. What people see
//! as "when" is the op's `made_at` (the writing device's own clock reading), never later than
//! when this device first had the op (`seen_at`): an edit cannot have been made after it
//! arrived. Ops logged before schema 7 have neither and fall back to the stamp.

use std::ops::Deref;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::params;
use seamline_core::hlc::SKEW_NOTICE_MS;
use serde::Serialize;

use crate::error::Result;
use crate::workspace::{HistoryRoom, Workspace};

/// The SQL expression of an op's shown time in milliseconds (the op log's, which keeps each
/// criterion's as it arrives).
pub(crate) use crate::oplog::SHOWN_MS;

/// Milliseconds since 1970 as RFC 3339.
pub(crate) fn instant_ms(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A device whose clock disagrees with this one by more than a few minutes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClockSkew {
    pub device: String,
    /// The name the device gave, or "" when it never said.
    pub user_name: String,
    pub this_device: bool,
    /// How far its clock runs ahead of this device's (negative: behind), in seconds.
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub ahead_seconds: i64,
    /// What to tell the user.
    pub message: String,
}

impl Workspace {
    fn devices_named(&self, id: &str) -> Result<String> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()
            .query_row("SELECT user_name FROM devices WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .unwrap_or_default())
    }
}

impl<W: Deref<Target = Workspace>> HistoryRoom<W> {
    /// The devices of the project whose clocks are off, the largest gap first. Found from the
    /// ops themselves: a device whose edits arrive stamped (by its own clock) later than this
    /// device received them runs ahead; one whose clock reading lags the stamps it had
    /// already seen runs behind. This device is named when the newest stamp it has seen runs
    /// ahead of its own clock and no other device explains it (its clock was set back).
    pub fn clock_skews(&self, project: &str) -> Result<Vec<ClockSkew>> {
        let project = self.ws.projects().get_or_deleted(project)?;
        let me = self.ws.device_id().to_string();
        // Kept per device as its ops arrive (`device_activity`, see `oplog::activity::Marks`): the
        // largest lead of an edit's time over this device's clock on arrival, and of a stamp
        // over its own edit's time.
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT a.device, coalesce(d.user_name, ''), a.ahead_ms, a.behind_ms
             FROM device_activity a LEFT JOIN devices d ON d.id = a.device
             WHERE a.project_id = ?1 AND a.device <> ?2
             ORDER BY a.device",
        )?;
        let rows: Vec<(String, String, Option<i64>, Option<i64>)> = stmt
            .query_map(params![project, me], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for (device, user_name, ahead, behind) in rows {
            let ahead_ms = match (ahead, behind) {
                (Some(a), _) if a > SKEW_NOTICE_MS => a,
                (_, Some(b)) if b > SKEW_NOTICE_MS => -b,
                _ => continue,
            };
            out.push(skew(device, user_name, false, ahead_ms));
        }
        if out.iter().all(|s| s.ahead_seconds <= 0) {
            let seen = self.ws.oplog().last_stamp()?.wall_ms() as i64;
            let behind = seen - self.ws.now_ms() as i64;
            if behind > SKEW_NOTICE_MS {
                let name = self.ws.devices_named(&me)?;
                out.push(skew(me, name, true, -behind));
            }
        }
        out.sort_by_key(|s| std::cmp::Reverse(s.ahead_seconds.abs()));
        Ok(out)
    }

    /// The day (UTC) of the newest edit of the project, as its writer's clock read it.
    pub fn newest_edit_day(&self, project: &str) -> Result<Option<NaiveDate>> {
        // Each device's newest, kept as its ops arrive (`device_activity`).
        let ms: Option<i64> = self.ws.conn().query_row(
            "SELECT max(newest_made) FROM device_activity WHERE project_id = ?1",
            [project],
            |r| r.get(0),
        )?;
        Ok(ms.and_then(DateTime::<Utc>::from_timestamp_millis).map(|t| t.date_naive()))
    }
}

fn skew(device: String, user_name: String, this_device: bool, ahead_ms: i64) -> ClockSkew {
    let ahead_seconds = ahead_ms / 1000;
    let message = seamline_core::hlc::skew_message(&user_name, this_device, ahead_seconds);
    ClockSkew { device, user_name, this_device, ahead_seconds, message }
}
