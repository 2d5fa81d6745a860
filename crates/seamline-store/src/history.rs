//! The op log read back for people: the project's activity history (who changed what, when)
//! and the concurrent edits that lost a race, for review and one-click restore.

use std::collections::{HashMap, HashSet};
use std::ops::Deref;

use rusqlite::params;
use seamline_core::Side;
use serde::Serialize;
use serde_json::Value as Json;

use crate::clocks::{instant_ms, SHOWN_MS};
use crate::error::{Error, Result};
use crate::oplog::{self, Op};
use crate::schema::{Entity, DELETED};
use crate::workspace::{HistoryRoom, Workspace};

/// One field change, as the history lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Change {
    /// When it was made, RFC 3339: the writing device's own clock reading, never later than
    /// when this device received it (see `clocks`).
    pub at: String,
    pub device: String,
    /// The name the device gave, or "" when it never said.
    pub user_name: String,
    pub entity: String,
    pub row_id: String,
    /// What the row is called now (a person's name, a blocker's title…).
    pub row_label: String,
    pub field: String,
    /// The value written, as text ("" for none).
    pub value: String,
}

/// An edit that lost to a concurrent edit of the same field: "the other side also changed this".
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Conflict {
    pub entity: String,
    pub row_id: String,
    pub row_label: String,
    pub field: String,
    /// The value that lost, which restore writes back.
    pub lost_value: String,
    pub lost_at: String,
    pub lost_device: String,
    pub lost_user: String,
    /// The value the field has now.
    pub current_value: String,
    pub current_user: String,
    /// The company whose edit lost (`None`: its device never said), and the heading the
    /// reader sees it under: "Your side's edits that lost to a later one" for the reader's
    /// own company's, else that company's.
    pub lost_side: Option<Side>,
    pub heading: String,
    /// Identifies the lost op for restore and dismiss, with `lost_device`. A decimal string:
    /// stamps are 64-bit and JavaScript numbers would round them.
    pub hlc: String,
}

/// A JSON value as a person reads it.
pub(crate) fn text(v: &Json) -> String {
    match v {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        Json::Bool(true) => "yes".into(),
        Json::Bool(false) => "no".into(),
        other => other.to_string(),
    }
}

/// The field that names a row of each entity in the history.
pub(crate) fn label_field(entity: Entity) -> Option<&'static str> {
    Some(match entity {
        Entity::Project | Entity::Person | Entity::Workstream => "name",
        Entity::Story
        | Entity::WorkflowStep
        | Entity::Criterion
        | Entity::Boundary
        | Entity::ChecklistItem => "text",
        Entity::Milestone | Entity::Blocker => "title",
        Entity::Decision => "question",
        Entity::StatusReport => "week",
        Entity::AuthScope => "scope",
        Entity::FieldMapping => "partner_field",
        Entity::Signoff | Entity::RaciCell => "side",
        Entity::Contract | Entity::Proposal => return None,
    })
}

impl Workspace {
    pub(crate) fn row_label(
        &self,
        entity: &str,
        row_id: &str,
        cache: &mut HashMap<(String, String), String>,
    ) -> String {
        let key = (entity.to_string(), row_id.to_string());
        if let Some(l) = cache.get(&key) {
            return l.clone();
        }
        let label = Entity::parse(entity)
            .and_then(|e| {
                let field = label_field(e)?;
                self.conn()
                    .query_row(
                        &format!("SELECT \"{field}\" FROM {} WHERE id = ?1", e.table()),
                        [row_id],
                        |r| r.get::<_, Option<String>>(0),
                    )
                    .ok()
                    .flatten()
            })
            .unwrap_or_default();
        cache.insert(key, label.clone());
        label
    }

    pub(crate) fn user_names(&self) -> Result<HashMap<String, String>> {
        let mut stmt = self.conn().prepare_cached("SELECT id, user_name FROM devices")?;
        let mut names: HashMap<String, String> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        // This device is named by what its user said here, which other devices learn only
        // when it next syncs.
        if let Some(mine) = self.me().user_name()? {
            names.insert(self.device_id().to_string(), mine);
        }
        Ok(names)
    }

    /// When an op was made, as people are shown it (see `clocks`).
    fn shown_at(&self, op: &Op) -> Result<String> {
        let ms: i64 = self.conn().query_row(
            &format!(
                "SELECT {SHOWN_MS} FROM ops WHERE entity = ?1 AND row_id = ?2 AND field = ?3 AND hlc = ?4 AND device = ?5"
            ),
            params![op.entity, op.row_id, op.field, op.hlc, op.device],
            |r| r.get(0),
        )?;
        Ok(instant_ms(ms))
    }

    fn lost_op(&self, entity: &str, row_id: &str, field: &str, hlc: &str, device: &str) -> Result<Op> {
        let hlc: i64 = hlc.trim().parse().map_err(|_| {
            Error::validation("hlc", format!("must be a clock stamp as listed by conflicts (got '{hlc}')"))
        })?;
        self.conn()
            .query_row(
                "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device, made_at
                 FROM ops WHERE entity = ?1 AND row_id = ?2 AND field = ?3 AND hlc = ?4 AND device = ?5",
                params![entity, row_id, field, hlc, device],
                oplog::read_op,
            )
            .map_err(|_| Error::NotFound { what: "edit", id: format!("{entity}/{row_id}/{field}") })
    }
}

impl<W: Deref<Target = Workspace>> HistoryRoom<W> {
    /// The project's newest changes first, at most `limit`.
    pub fn changes(&self, project: &str, limit: u32) -> Result<Vec<Change>> {
        let project = self.ws.projects().get(project)?.id;
        let names = self.ws.user_names()?;
        let mut stmt = self.ws.conn().prepare_cached(&format!(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device, made_at,
                    {SHOWN_MS}
             FROM ops WHERE project_id = ?1 ORDER BY hlc DESC, device DESC LIMIT ?2"
        ))?;
        let ops: Vec<(Op, i64)> = stmt
            .query_map(params![project, limit], |r| Ok((oplog::read_op(r)?, r.get(10)?)))?
            .collect::<Result<_, _>>()?;
        let mut labels = HashMap::new();
        // Fields that point at people read better as the person's name.
        let people: HashMap<String, String> =
            self.ws.people().list(&project)?.into_iter().map(|p| (p.id, p.name)).collect();
        Ok(ops
            .into_iter()
            .map(|(op, shown)| Change {
                at: instant_ms(shown),
                user_name: names.get(&op.device).cloned().unwrap_or_default(),
                row_label: self.ws.row_label(&op.entity, &op.row_id, &mut labels),
                value: op
                    .value
                    .as_str()
                    .and_then(|v| people.get(v))
                    .cloned()
                    .unwrap_or_else(|| text(&op.value)),
                device: op.device,
                entity: op.entity,
                row_id: op.row_id,
                field: op.field,
            })
            .collect())
    }

    /// Edits of the project that lost to a concurrent edit of the same field and still wait
    /// for review. An edit is concurrent with the winner when the winner's chain of replaced
    /// edits (`prev`) does not pass through it: its author never saw the winner, nor the
    /// winner's author it. Only each device's last such edit counts (its final intent), and
    /// not when it equals the current value or was dismissed.
    pub fn conflicts(&self, project: &str) -> Result<Vec<Conflict>> {
        let p = self.ws.projects().get(project)?;
        let perspective = self.ws.me().perspective(&p)?;
        let project = p.id;
        let names = self.ws.user_names()?;
        let mut fields = self.ws.conn().prepare_cached(
            "SELECT entity, row_id, field FROM ops WHERE project_id = ?1 AND field <> ?2
             GROUP BY entity, row_id, field HAVING count(DISTINCT device) > 1",
        )?;
        let groups: Vec<(String, String, String)> = fields
            .query_map(params![project, DELETED], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut ops_of = self.ws.conn().prepare_cached(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device, made_at
             FROM ops WHERE entity = ?1 AND row_id = ?2 AND field = ?3 ORDER BY hlc, device",
        )?;
        let mut dismissed = self.ws.conn().prepare_cached(
            "SELECT 1 FROM dismissed_conflicts WHERE entity = ?1 AND row_id = ?2 AND field = ?3 AND hlc = ?4 AND device = ?5",
        )?;
        let mut labels = HashMap::new();
        let mut out = Vec::new();
        for (entity, row_id, field) in groups {
            let ops: Vec<Op> = ops_of
                .query_map(params![entity, row_id, field], oplog::read_op)?
                .collect::<Result<_, _>>()?;
            let Some(winner) = ops.iter().max_by(|a, b| (a.hlc, &a.device).cmp(&(b.hlc, &b.device))) else {
                continue;
            };
            // Deleted rows have nothing to restore into.
            if Entity::parse(&entity).is_none() {
                continue;
            }
            let by_id: HashMap<(i64, &str), &Op> =
                ops.iter().map(|o| ((o.hlc, o.device.as_str()), o)).collect();
            let mut seen: HashSet<(i64, &str)> = HashSet::new();
            let mut cursor = Some(winner);
            while let Some(op) = cursor {
                if !seen.insert((op.hlc, op.device.as_str())) {
                    break;
                }
                cursor = match (op.prev_hlc, op.prev_device.as_deref()) {
                    (Some(h), Some(d)) => by_id.get(&(h, d)).copied(),
                    _ => None,
                };
            }
            let mut last_per_device: HashMap<&str, &Op> = HashMap::new();
            for op in &ops {
                if !seen.contains(&(op.hlc, op.device.as_str())) {
                    last_per_device.insert(op.device.as_str(), op);
                }
            }
            for lost in last_per_device.values() {
                if lost.value == winner.value || lost.device == winner.device {
                    continue;
                }
                if dismissed.exists(params![entity, row_id, field, lost.hlc, lost.device])? {
                    continue;
                }
                out.push(Conflict {
                    entity: entity.clone(),
                    row_id: row_id.clone(),
                    row_label: self.ws.row_label(&entity, &row_id, &mut labels),
                    field: field.clone(),
                    lost_value: text(&lost.value),
                    lost_at: self.ws.shown_at(lost)?,
                    lost_device: lost.device.clone(),
                    lost_user: names.get(&lost.device).cloned().unwrap_or_default(),
                    current_value: text(&winner.value),
                    current_user: names.get(&winner.device).cloned().unwrap_or_default(),
                    lost_side: self.ws.me().device_side(&project, &lost.device)?,
                    heading: String::new(),
                    hlc: lost.hlc.to_string(),
                });
            }
        }
        for c in &mut out {
            c.heading = perspective.lost_edits(c.lost_side);
        }
        // The reader's own company's lost edits first, then the other's; newest first in each.
        let theirs = |c: &Conflict| !c.lost_side.is_some_and(|s| perspective.is_mine(s));
        out.sort_by(|a, b| {
            theirs(a).cmp(&theirs(b)).then(b.lost_at.cmp(&a.lost_at)).then(a.field.cmp(&b.field))
        });
        Ok(out)
    }
}

impl HistoryRoom<&mut Workspace> {
    /// Writes a lost edit's value back as a new edit, so it wins from now on (and syncs).
    pub fn restore_conflict(
        &mut self,
        entity: &str,
        row_id: &str,
        field: &str,
        hlc: &str,
        device: &str,
    ) -> Result<()> {
        let lost = self.ws.lost_op(entity, row_id, field, hlc, device)?;
        let e = Entity::parse(entity)
            .ok_or_else(|| Error::validation("entity", "is not known to this version"))?;
        if e.field_kind(field).is_none() {
            return Err(Error::validation("field", "is not known to this version"));
        }
        self.ws.write(|w| w.set(&lost.project_id, e, &lost.row_id, &lost.field, &lost.value))
    }

    /// Keeps the current value and stops showing the lost edit (on this device).
    pub fn dismiss_conflict(
        &mut self,
        entity: &str,
        row_id: &str,
        field: &str,
        hlc: &str,
        device: &str,
    ) -> Result<()> {
        let lost = self.ws.lost_op(entity, row_id, field, hlc, device)?;
        self.ws.conn().execute(
            "INSERT OR IGNORE INTO dismissed_conflicts (entity, row_id, field, hlc, device) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![entity, row_id, field, lost.hlc, device],
        )?;
        Ok(())
    }
}
