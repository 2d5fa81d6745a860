//! The op log read back for people: the project's activity history (who changed what, when)
//! and the concurrent edits that lost a race, for review and one-click restore.

use std::collections::{HashMap, HashSet};

use rusqlite::params;
use serde::Serialize;
use serde_json::Value as Json;

use crate::clocks::{instant_ms, SHOWN_MS};
use crate::error::{Error, Result};
use crate::oplog::{self, Op};
use crate::schema::{Entity, DELETED};
use crate::workspace::Workspace;

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
    /// Identifies the lost op for restore and dismiss, with `lost_device`. A decimal string:
    /// stamps are 64-bit and JavaScript numbers would round them.
    pub hlc: String,
}

/// A JSON value as a person reads it.
fn text(v: &Json) -> String {
    match v {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        Json::Bool(true) => "yes".into(),
        Json::Bool(false) => "no".into(),
        other => other.to_string(),
    }
}

/// The field that names a row of each entity in the history.
fn label_field(entity: Entity) -> Option<&'static str> {
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
        Entity::Contract => return None,
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

    fn user_names(&self) -> Result<HashMap<String, String>> {
        let mut stmt = self.conn().prepare_cached("SELECT id, user_name FROM devices")?;
        let mut names: HashMap<String, String> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        // This device is named by what its user said here, which other devices learn only
        // when it next syncs.
        if let Some(mine) = self.user_name()? {
            names.insert(self.device_id().to_string(), mine);
        }
        Ok(names)
    }

    /// The project's newest changes first, at most `limit`.
    pub fn history(&self, project: &str, limit: u32) -> Result<Vec<Change>> {
        let project = self.project(project)?.id;
        let names = self.user_names()?;
        let mut stmt = self.conn().prepare_cached(&format!(
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
            self.people(&project)?.into_iter().map(|p| (p.id, p.name)).collect();
        Ok(ops
            .into_iter()
            .map(|(op, shown)| Change {
                at: instant_ms(shown),
                user_name: names.get(&op.device).cloned().unwrap_or_default(),
                row_label: self.row_label(&op.entity, &op.row_id, &mut labels),
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
        let project = self.project(project)?.id;
        let names = self.user_names()?;
        let mut fields = self.conn().prepare_cached(
            "SELECT entity, row_id, field FROM ops WHERE project_id = ?1 AND field <> ?2
             GROUP BY entity, row_id, field HAVING count(DISTINCT device) > 1",
        )?;
        let groups: Vec<(String, String, String)> = fields
            .query_map(params![project, DELETED], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut ops_of = self.conn().prepare_cached(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device, made_at
             FROM ops WHERE entity = ?1 AND row_id = ?2 AND field = ?3 ORDER BY hlc, device",
        )?;
        let mut dismissed = self.conn().prepare_cached(
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
                    row_label: self.row_label(&entity, &row_id, &mut labels),
                    field: field.clone(),
                    lost_value: text(&lost.value),
                    lost_at: self.shown_at(lost)?,
                    lost_device: lost.device.clone(),
                    lost_user: names.get(&lost.device).cloned().unwrap_or_default(),
                    current_value: text(&winner.value),
                    current_user: names.get(&winner.device).cloned().unwrap_or_default(),
                    hlc: lost.hlc.to_string(),
                });
            }
        }
        out.sort_by(|a, b| b.lost_at.cmp(&a.lost_at).then(a.field.cmp(&b.field)));
        Ok(out)
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

    /// Writes a lost edit's value back as a new edit, so it wins from now on (and syncs).
    pub fn restore_conflict(
        &mut self,
        entity: &str,
        row_id: &str,
        field: &str,
        hlc: &str,
        device: &str,
    ) -> Result<()> {
        let lost = self.lost_op(entity, row_id, field, hlc, device)?;
        let e = Entity::parse(entity)
            .ok_or_else(|| Error::validation("entity", "is not known to this version"))?;
        if e.field_kind(field).is_none() {
            return Err(Error::validation("field", "is not known to this version"));
        }
        self.write(|w| w.set(&lost.project_id, e, &lost.row_id, &lost.field, &lost.value))
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
        let lost = self.lost_op(entity, row_id, field, hlc, device)?;
        self.conn().execute(
            "INSERT OR IGNORE INTO dismissed_conflicts (entity, row_id, field, hlc, device) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![entity, row_id, field, lost.hlc, device],
        )?;
        Ok(())
    }
}

/// One action of the project's history: a write, as people read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Action {
    /// When it was made, RFC 3339 (see `clocks`).
    pub at: String,
    pub device: String,
    /// Who did it: the device's user name (or "A device of Ledgerly" when it never said).
    pub who: String,
    /// The company the device is with, when known.
    pub company: Option<String>,
    /// This device.
    pub this_device: bool,
    pub kind: seamline_core::activity::ActionKind,
    /// "added blocker ‘Sandbox keys’".
    pub summary: String,
    /// The field writes it was made of, for whoever wants them.
    pub changes: Vec<Change>,
}

/// Values as people read them, for the history: names for ids, companies for sides, dates in
/// words, labels for enums.
struct Readable {
    people: HashMap<String, String>,
    ours: String,
    partner: String,
}

impl Readable {
    fn value(&self, entity: &str, field: &str, v: &Json) -> String {
        let text = match v {
            Json::String(s) => s.as_str(),
            other => return text(other),
        };
        if let Some(name) = self.people.get(text) {
            return name.clone();
        }
        if matches!(field, "side" | "waiting_on" | "source_of_truth") {
            return self.company(text);
        }
        if let Some(d) = seamline_core::calendar::parse_date(text) {
            return d.format("%a %-d %b %Y").to_string();
        }
        let label = match (entity, field) {
            (_, "class") => seamline_core::BlockerClass::parse("", text).ok().map(|c| c.label()),
            (_, "kind") => seamline_core::MilestoneKind::parse("", text).ok().map(|c| c.label()),
            (_, "archetype") => seamline_core::Archetype::parse("", text).ok().map(|c| c.label()),
            (_, "letter") => seamline_core::RaciLetter::parse("", text).ok().map(|c| c.label()),
            _ => None,
        };
        label.map(str::to_string).unwrap_or_else(|| text.chars().take(120).collect())
    }

    fn company(&self, side: &str) -> String {
        match side {
            "ours" => self.ours.clone(),
            "partner" => self.partner.clone(),
            other => other.to_string(),
        }
    }
}

impl Workspace {
    /// A RACI cell as people name it: "Launch date, Ledgerly".
    fn raci_cell_label(&self, id: &str, readable: &Readable) -> String {
        self.conn()
            .query_row(
                "SELECT coalesce(w.name, ''), coalesce(c.side, '') FROM raci_cells c
                 LEFT JOIN workstreams w ON w.id = c.workstream_id WHERE c.id = ?1",
                [id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .map(|(w, side)| format!("{w}, {}", readable.company(&side)))
            .unwrap_or_default()
    }

    /// The project's newest actions first, at most `limit`: each write of one device at one
    /// moment, worded by `seamline_core::activity`.
    pub fn activity(&self, project: &str, limit: u32) -> Result<Vec<Action>> {
        let p = self.project(project)?;
        let names = self.user_names()?;
        let me = self.device_id().to_string();
        let readable = Readable {
            people: self.people(&p.id)?.into_iter().map(|x| (x.id, x.name)).collect(),
            ours: p.ours.clone(),
            partner: p.partner.clone(),
        };
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device, made_at,
                    {SHOWN_MS}, coalesce(made_at, hlc >> 16)
             FROM ops WHERE project_id = ?1 AND (hlc < ?2) ORDER BY hlc DESC, device DESC LIMIT ?3"
        ))?;
        let mut earlier = self
            .conn()
            .prepare_cached("SELECT 1 FROM ops WHERE entity = ?1 AND row_id = ?2 AND hlc < ?3 LIMIT 1")?;
        let mut labels = HashMap::new();
        let mut groups: Vec<Vec<(Op, i64)>> = Vec::new();
        let mut before = i64::MAX;
        // Pages of ops, newest first, until `limit` whole actions are in (one more is read to
        // know the last one is complete).
        'pages: loop {
            let page: Vec<(Op, i64, i64)> = stmt
                .query_map(params![p.id, before, 1000], |r| Ok((oplog::read_op(r)?, r.get(10)?, r.get(11)?)))?
                .collect::<Result<_, _>>()?;
            let Some(last) = page.last() else { break };
            before = last.0.hlc;
            for (op, shown, moment) in page {
                let same = groups.last().is_some_and(|g| {
                    let (first, _) = &g[0];
                    first.device == op.device && first.made_at.unwrap_or(first.hlc >> 16) == moment
                });
                if same {
                    groups.last_mut().expect("checked").push((op, shown));
                } else {
                    if groups.len() > limit as usize {
                        break 'pages;
                    }
                    groups.push(vec![(op, shown)]);
                }
            }
        }
        groups.truncate(limit as usize);
        let mut out = Vec::with_capacity(groups.len());
        for group in groups {
            let (first, shown) = &group[0];
            let oldest = group.iter().map(|(o, _)| o.hlc).min().unwrap_or(first.hlc);
            // The rows it touched, in the order the write touched them.
            let mut keys: Vec<(&str, &str)> = Vec::new();
            let mut rows: Vec<seamline_core::activity::RowChange> = Vec::new();
            for (op, _) in group.iter().rev() {
                let key = (op.entity.as_str(), op.row_id.as_str());
                let idx = match keys.iter().position(|k| *k == key) {
                    Some(i) => i,
                    None => {
                        keys.push(key);
                        let label = if op.entity == "raci_cell" {
                            self.raci_cell_label(&op.row_id, &readable)
                        } else {
                            self.row_label(&op.entity, &op.row_id, &mut labels)
                        };
                        rows.push(seamline_core::activity::RowChange {
                            entity: op.entity.clone(),
                            label,
                            created: !earlier.exists(params![op.entity, op.row_id, oldest])?,
                            deleted: None,
                            fields: Vec::new(),
                        });
                        rows.len() - 1
                    }
                };
                if op.field == DELETED {
                    rows[idx].deleted = op.value.as_bool();
                } else {
                    let v = readable.value(&op.entity, &op.field, &op.value);
                    rows[idx].fields.push((op.field.clone(), v));
                }
            }
            let company = self.device_side(&p.id, &first.device)?.map(|s| p.company(s).to_string());
            let who = match names.get(&first.device).filter(|n| !n.is_empty()) {
                Some(n) => n.clone(),
                None => match &company {
                    Some(c) => format!("A device of {c}"),
                    None => format!("Device {}", first.device.chars().take(8).collect::<String>()),
                },
            };
            let summary = seamline_core::activity::describe(&rows, &|side| readable.company(side));
            out.push(Action {
                at: instant_ms(*shown),
                this_device: first.device == me,
                device: first.device.clone(),
                who,
                company,
                kind: seamline_core::activity::ActionKind::of(
                    &rows.first().map(|r| r.entity.clone()).unwrap_or_default(),
                ),
                summary,
                changes: group
                    .iter()
                    .map(|(op, shown)| Change {
                        at: instant_ms(*shown),
                        device: op.device.clone(),
                        user_name: names.get(&op.device).cloned().unwrap_or_default(),
                        entity: op.entity.clone(),
                        row_id: op.row_id.clone(),
                        row_label: self.row_label(&op.entity, &op.row_id, &mut labels),
                        field: op.field.clone(),
                        value: readable.value(&op.entity, &op.field, &op.value),
                    })
                    .collect(),
            });
        }
        Ok(out)
    }
}
