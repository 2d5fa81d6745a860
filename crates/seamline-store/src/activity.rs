//! The project's history as actions: one write of one device, grouped into one sentence that
//! names the person and their company ("Maya Chen added blocker ‘Sandbox keys’"), with readable
//! values (names for ids, companies for sides). The words are `seamline_core::activity`'s; the
//! raw field changes are `HistoryRoom::changes`'.

use std::collections::HashMap;
use std::ops::Deref;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use serde_json::Value as Json;

use crate::clocks::{instant_ms, SHOWN_MS};
use crate::error::Result;
use crate::history::{text, Change};
use crate::oplog::{self, Op};
use crate::schema::{Entity, DELETED};
use crate::workspace::{HistoryRoom, Workspace};

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
    /// The field writes it was made of, for whoever wants them (all of them, unless
    /// [`Action::keep_changes`] cut the list).
    pub changes: Vec<Change>,
    /// How many field writes it was made of.
    pub changes_total: u32,
}

impl Action {
    /// Keeps the first `max` field writes: a screen shows an action's writes only when asked,
    /// and a join or an import is one action of thousands of writes that would weigh megabytes
    /// on the way to it.
    pub fn keep_changes(&mut self, max: usize) {
        self.changes.truncate(max);
    }
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
        // Dates and instants stay ISO (an instant in UTC, to the second): the reader shows them
        // in its user's locale and time zone (the app with `Intl`), so the history's dates read
        // like every other date on screen; ISO is also what a script reads from the command.
        if let Some(d) = seamline_core::calendar::parse_date(text) {
            return d.to_string();
        }
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
            return t.with_timezone(&chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        }
        let label = match (entity, field) {
            (_, "class") => seamline_core::BlockerClass::parse("", text).ok().map(|c| c.label()),
            (_, "kind") => seamline_core::MilestoneKind::parse("", text).ok().map(|c| c.label()),
            (_, "archetype") => seamline_core::Archetype::parse("", text).ok().map(|c| c.label()),
            (_, "letter") => seamline_core::RaciLetter::parse("", text).ok().map(|c| c.label()),
            (_, "sync_day" | "status_day") => seamline_core::SyncDay::parse("", text).ok().map(|c| c.label()),
            (_, "wizard_step") => seamline_core::WizardStep::parse("", text).ok().map(|c| c.label()),
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
}

impl<W: Deref<Target = Workspace>> HistoryRoom<W> {
    /// The project's newest actions first, at most `limit`: each write of one device at one
    /// moment, worded by `seamline_core::activity`.
    pub fn activity(&self, project: &str, limit: u32) -> Result<Vec<Action>> {
        let p = self.ws.projects().get(project)?;
        let names = self.ws.user_names()?;
        let me = self.ws.device_id().to_string();
        let readable = Readable {
            people: self.ws.people().list(&p.id)?.into_iter().map(|x| (x.id, x.name)).collect(),
            ours: p.ours.clone(),
            partner: p.partner.clone(),
        };
        let mut stmt = self.ws.conn().prepare_cached(&format!(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device, made_at,
                    {SHOWN_MS}, coalesce(made_at, hlc >> 16)
             FROM ops WHERE project_id = ?1 AND (hlc < ?2) ORDER BY hlc DESC, device DESC LIMIT ?3"
        ))?;
        let mut earlier = self
            .ws
            .conn()
            .prepare_cached("SELECT 1 FROM ops WHERE entity = ?1 AND row_id = ?2 AND hlc < ?3 LIMIT 1")?;
        let mut replaced = self.ws.conn().prepare_cached(
            "SELECT value FROM ops WHERE entity = ?1 AND row_id = ?2 AND field = ?3 AND hlc = ?4 AND device = ?5",
        )?;
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
                            self.ws.raci_cell_label(&op.row_id, &readable)
                        } else {
                            self.ws.row_label(&op.entity, &op.row_id, &mut labels)
                        };
                        rows.push(seamline_core::activity::RowChange {
                            entity: op.entity.clone(),
                            label,
                            created: !earlier.exists(params![op.entity, op.row_id, oldest])?,
                            deleted: None,
                            fields: Vec::new(),
                            stored: Vec::new(),
                            renamed: None,
                        });
                        rows.len() - 1
                    }
                };
                if op.field == DELETED {
                    rows[idx].deleted = op.value.as_bool();
                } else {
                    // A new name for a row it had before: the line names it by its old one.
                    let names_it = Entity::parse(&op.entity).and_then(crate::history::label_field)
                        == Some(op.field.as_str());
                    if names_it && !rows[idx].created {
                        if let (Some(h), Some(d)) = (op.prev_hlc, op.prev_device.as_deref()) {
                            let before: Option<String> = replaced
                                .query_row(params![op.entity, op.row_id, op.field, h, d], |r| r.get(0))
                                .optional()?;
                            if let Some(before) = before.and_then(|v| serde_json::from_str(&v).ok()) {
                                let before = readable.value(&op.entity, &op.field, &before);
                                rows[idx].renamed = Some((op.field.clone(), before));
                            }
                        }
                    }
                    let v = readable.value(&op.entity, &op.field, &op.value);
                    rows[idx].fields.push((op.field.clone(), v));
                    rows[idx].stored.push((op.field.clone(), op.value.clone()));
                }
            }
            let company = self.ws.me().device_side(&p.id, &first.device)?.map(|s| p.company(s).to_string());
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
                changes_total: group.len() as u32,
                changes: group
                    .iter()
                    .map(|(op, shown)| Change {
                        at: instant_ms(*shown),
                        device: op.device.clone(),
                        user_name: names.get(&op.device).cloned().unwrap_or_default(),
                        entity: op.entity.clone(),
                        row_id: op.row_id.clone(),
                        row_label: self.ws.row_label(&op.entity, &op.row_id, &mut labels),
                        field: op.field.clone(),
                        value: readable.value(&op.entity, &op.field, &op.value),
                    })
                    .collect(),
            });
        }
        Ok(out)
    }
}
