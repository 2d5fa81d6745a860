//! Blockers: one shared list per project. Each has a class, the side it waits on, an owner and
//! an age in business days; past the project's threshold it escalates to the escalation
//! contact of the side it waits on.

use std::ops::Deref;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use seamline_core::blocker::{assess, next_move, same_week_deadline, Acting, BlockerFacts};
use seamline_core::{validate, BlockerClass, Side};
use serde::{Deserialize, Serialize};

use crate::columns::{date_at, text_at};
use crate::error::{Error, Result};
use crate::ids;
use crate::schema::Entity;
use crate::workspace::{BlockersRoom, Workspace};
use crate::Project;

mod escalation;
mod export;
mod tally;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Blocker {
    pub id: String,
    pub project_id: String,
    pub title: String,
    pub class: BlockerClass,
    pub waiting_on: Side,
    /// The owner's person id.
    pub owner: Option<String>,
    pub owner_name: String,
    pub opened: NaiveDate,
    pub due: Option<NaiveDate>,
    pub age_business_days: u32,
    /// Open and past the project's threshold.
    pub escalated: bool,
    /// The escalation contact of the side it waits on (a person id), when named.
    pub escalate_to: Option<String>,
    pub escalate_to_name: String,
    /// When the escalation was recorded (RFC 3339), once it has been.
    pub escalated_at: Option<String>,
    /// The user's: they own it or it was escalated to them (core's `blocker::is_mine`, the
    /// rule the portfolio's and the project list's counts follow too).
    pub mine: bool,
    /// The class's unblocking move, said for what is still missing and from this device's
    /// side ("Get a date on Ledgerly's sprint", "Put it on your sprint with a date").
    #[serde(rename = "move")]
    pub move_text: String,
    /// The class's rule is not met (a dependency with no date, access with no deadline): the
    /// move is a warning.
    pub move_unmet: bool,
    pub overdue: bool,
    /// The day it was resolved, if it was.
    pub resolved: Option<NaiveDate>,
    pub resolution: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewBlocker {
    pub title: String,
    pub class: BlockerClass,
    pub waiting_on: Side,
    /// The owner's person id.
    pub owner: String,
    /// `YYYY-MM-DD`; blank means today.
    pub opened: Option<String>,
    /// `YYYY-MM-DD`; blank means none (an access blocker gets this week's Friday).
    pub due: Option<String>,
}

/// A change to a blocker (`crate::patch`'s convention): absent or `null` leaves a field alone,
/// an empty `owner` or `due` clears it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BlockerPatch {
    pub title: Option<String>,
    pub class: Option<BlockerClass>,
    pub waiting_on: Option<Side>,
    /// A person of the project, or "" to leave the blocker without an owner.
    pub owner: Option<String>,
    /// A date, or "" to clear it.
    pub due: Option<String>,
}

// The owner's name is not joined in: every reader already holds the project's people by id,
// and a join costs two index lookups per blocker (a third of the portfolio's reads).
const COLUMNS: &str = "b.id, b.project_id, coalesce(b.title, ''), b.class, b.waiting_on, b.owner_id,
    b.opened, b.due, b.resolved_on, b.resolution, b.escalated_at, b.escalated_to";

struct Raw {
    id: String,
    project_id: String,
    title: String,
    class: BlockerClass,
    waiting_on: Side,
    owner: Option<String>,
    opened: Option<NaiveDate>,
    due: Option<NaiveDate>,
    resolved: Option<NaiveDate>,
    resolution: Option<String>,
    escalated_at: Option<String>,
    escalated_to: Option<String>,
}

fn read(r: &Row<'_>) -> rusqlite::Result<Raw> {
    Ok(Raw {
        id: r.get(0)?,
        project_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        title: r.get(2)?,
        // Values this build does not know (a newer device's) read as the closest safe one.
        class: read_class(text_at(r, 3)?),
        waiting_on: read_waiting_on(text_at(r, 4)?),
        owner: r.get(5)?,
        opened: date_at(r, 6)?,
        due: date_at(r, 7)?,
        resolved: date_at(r, 8)?,
        resolution: r.get(9)?,
        escalated_at: r.get(10)?,
        escalated_to: r.get(11)?,
    })
}

impl Workspace {
    fn finish_blocker(&self, raw: Raw, project: &Project, names: &dyn Fn(&str) -> String) -> Blocker {
        let today = self.today();
        let opened = raw.opened.unwrap_or(today);
        let facts = BlockerFacts {
            class: raw.class,
            waiting_on: raw.waiting_on,
            opened,
            due: raw.due,
            resolved_on: raw.resolved,
        };
        // In the business days of the company it waits on.
        let a = assess(&facts, today, project.threshold_days, &project.calendar_of(raw.waiting_on));
        let escalate_to = project.escalation(raw.waiting_on).map(String::from);
        let acting = if project.my_side == Some(raw.waiting_on) {
            Acting::You
        } else {
            Acting::Company(project.company(raw.waiting_on))
        };
        let next = next_move(&facts, raw.owner.is_some(), acting);
        let mine = seamline_core::blocker::is_mine(
            project.me.as_deref(),
            raw.owner.as_deref(),
            raw.escalated_to.as_deref(),
        );
        Blocker {
            mine,
            escalate_to_name: escalate_to.as_deref().map(names).unwrap_or_default(),
            escalate_to,
            owner_name: raw.owner.as_deref().map(names).unwrap_or_default(),
            age_business_days: a.age,
            escalated: a.escalated,
            overdue: a.overdue,
            move_text: next.text,
            move_unmet: next.unmet,
            id: raw.id,
            project_id: raw.project_id,
            title: raw.title,
            class: raw.class,
            waiting_on: raw.waiting_on,
            owner: raw.owner,
            opened,
            due: raw.due,
            resolved: raw.resolved,
            resolution: raw.resolution,
            escalated_at: raw.escalated_at,
        }
    }

    fn person_names(&self, project: &str) -> Result<std::collections::HashMap<String, String>> {
        Ok(self.people().list(project)?.into_iter().map(|p| (p.id, p.name)).collect())
    }
}

impl<W: Deref<Target = Workspace>> BlockersRoom<W> {
    /// The project's blockers: oldest first (the oldest drives the date).
    pub fn list(&self, project: &str, open_only: bool) -> Result<Vec<Blocker>> {
        let p = self.ws.projects().get(project)?;
        let names = self.ws.person_names(&p.id)?;
        let lookup = |id: &str| names.get(id).cloned().unwrap_or_default();
        let mut stmt = self.ws.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM blockers b
             WHERE b.project_id = ?1 AND b.deleted = 0 AND (?2 = 0 OR b.resolved_on IS NULL)"
        ))?;
        let raws = stmt.query_map(params![p.id, open_only as i64], read)?;
        let mut list =
            raws.map(|r| Ok(self.ws.finish_blocker(r?, &p, &lookup))).collect::<Result<Vec<_>>>()?;
        // By the day opened (an undated one reads as opened today), then id. Sorted here
        // rather than by SQLite's sorter, which costs several times more for the few hundred
        // rows of a project.
        list.sort_unstable_by(|a, b| (a.opened, &a.id).cmp(&(b.opened, &b.id)));
        Ok(list)
    }

    pub fn get(&self, id: &str) -> Result<Blocker> {
        let id = ids::resolve(self.ws.conn(), Entity::Blocker, "blocker", id)?;
        let raw = self
            .ws
            .conn()
            .query_row(&format!("SELECT {COLUMNS} FROM blockers b WHERE b.id = ?1"), [&id], read)
            .optional()?
            .ok_or(Error::NotFound { what: "blocker", id })?;
        let p = self.ws.projects().get(&raw.project_id)?;
        let names = self.ws.person_names(&p.id)?;
        Ok(self.ws.finish_blocker(raw, &p, &|id| names.get(id).cloned().unwrap_or_default()))
    }

    /// The oldest open blocker of each class that has one, in the classes' order.
    pub fn oldest(&self, project: &str) -> Result<Vec<Blocker>> {
        let open = self.list(project, true)?;
        Ok(oldest_by_class(&open).into_iter().cloned().collect())
    }
}

impl BlockersRoom<&mut Workspace> {
    pub fn add(&mut self, project: &str, input: NewBlocker) -> Result<Blocker> {
        let p = self.ws.projects().get(project)?;
        let title = validate::name("title", &input.title)?;
        let (class, waiting_on) = (input.class, input.waiting_on);
        let owner = self.ws.person_on(&p, "owner", &input.owner)?.id;
        let today = self.ws.today();
        let opened = validate::optional_date("opened", input.opened.as_deref())?.unwrap_or(today);
        if opened > today {
            return Err(Error::validation(
                "opened",
                format!("must not be in the future (got {opened}, today is {today})"),
            ));
        }
        let mut due = validate::optional_date("due", input.due.as_deref())?;
        if let Some(d) = due {
            if d < opened {
                return Err(Error::validation(
                    "due",
                    format!("must not be before the day it was opened ({opened})"),
                ));
            }
        }
        // The playbook: access blockers stall on attention, so they get a same-week deadline.
        if due.is_none() && class == BlockerClass::Access {
            due = Some(same_week_deadline(opened, &p.calendar_of(input.waiting_on)));
        }
        let id = ids::new_id();
        self.ws.write(|w| {
            let pid = p.id.as_str();
            w.set(pid, Entity::Blocker, &id, "title", &title)?;
            w.set(pid, Entity::Blocker, &id, "class", class.as_str())?;
            w.set(pid, Entity::Blocker, &id, "waiting_on", waiting_on.as_str())?;
            w.set(pid, Entity::Blocker, &id, "owner_id", &owner)?;
            w.set(pid, Entity::Blocker, &id, "opened", opened.to_string())?;
            if let Some(d) = due {
                w.set(pid, Entity::Blocker, &id, "due", d.to_string())?;
            }
            Ok(())
        })?;
        self.get(&id)
    }

    pub fn update(&mut self, id: &str, patch: BlockerPatch) -> Result<Blocker> {
        let b = self.get(id)?;
        let p = self.ws.projects().get(&b.project_id)?;
        let mut sets: Vec<(&str, serde_json::Value)> = Vec::new();
        if let Some(v) = &patch.title {
            sets.push(("title", validate::name("title", v)?.into()));
        }
        if let Some(v) = patch.class {
            sets.push(("class", v.as_str().into()));
        }
        if let Some(v) = patch.waiting_on {
            sets.push(("waiting_on", v.as_str().into()));
        }
        // `""` clears, as in every patch (`crate::patch`), so undoing an edit can put back a
        // blocker that had no owner.
        match patch.owner.as_deref().map(str::trim) {
            Some("") => sets.push(("owner_id", serde_json::Value::Null)),
            Some(v) => sets.push(("owner_id", self.ws.person_on(&p, "owner", v)?.id.into())),
            None => {}
        }
        if let Some(v) = &patch.due {
            let d = validate::optional_date("due", Some(v))?;
            if d.is_some_and(|d| d < b.opened) {
                return Err(Error::validation(
                    "due",
                    format!("must not be before the day it was opened ({})", b.opened),
                ));
            }
            sets.push(("due", d.map(|d| d.to_string()).into()));
        }
        self.ws.write(|w| {
            for (field, value) in sets {
                w.set(&b.project_id, Entity::Blocker, &b.id, field, value)?;
            }
            Ok(())
        })?;
        self.get(&b.id)
    }

    /// Resolves a blocker today, with an optional note of how.
    pub fn resolve(&mut self, id: &str, note: Option<&str>) -> Result<Blocker> {
        let b = self.get(id)?;
        if b.resolved.is_some() {
            return Err(Error::validation("blocker", format!("\"{}\" is already resolved", b.title)));
        }
        let note = validate::optional_name("note", note)?;
        let today = self.ws.today().to_string();
        self.ws.write(|w| {
            w.set(&b.project_id, Entity::Blocker, &b.id, "resolved_on", &today)?;
            if let Some(n) = &note {
                w.set(&b.project_id, Entity::Blocker, &b.id, "resolution", n)?;
            }
            Ok(())
        })?;
        self.get(&b.id)
    }

    pub fn reopen(&mut self, id: &str) -> Result<Blocker> {
        let b = self.get(id)?;
        if b.resolved.is_none() {
            return Err(Error::validation("blocker", format!("\"{}\" is open already", b.title)));
        }
        self.ws.write(|w| {
            w.set(&b.project_id, Entity::Blocker, &b.id, "resolved_on", serde_json::Value::Null)
        })?;
        self.get(&b.id)
    }

    pub fn delete(&mut self, id: &str) -> Result<()> {
        let b = self.get(id)?;
        self.ws.write(|w| w.delete(&b.project_id, Entity::Blocker, &b.id))
    }
}

/// The company a stored blocker waits on; a side this build does not know (or none) reads as
/// the partner, in the list and in every count of it.
pub(crate) fn read_waiting_on(stored: Option<&str>) -> Side {
    stored.and_then(|s| Side::parse("side", s).ok()).unwrap_or(Side::Partner)
}

/// A stored class; one this build does not know (a newer device's) reads as a dependency, the
/// closest safe one.
fn read_class(class: Option<&str>) -> BlockerClass {
    class.and_then(|c| BlockerClass::parse("class", c).ok()).unwrap_or(BlockerClass::Dependency)
}

/// The oldest of each class among open blockers, in the classes' order (ranked as
/// `seamline_core::blocker::oldest_key` ranks them; `open` is in list order, so ties go to
/// the first listed).
pub(crate) fn oldest_by_class(open: &[Blocker]) -> Vec<&Blocker> {
    BlockerClass::ALL
        .iter()
        .filter_map(|c| {
            open.iter()
                .filter(|b| b.class == *c)
                .min_by_key(|b| seamline_core::blocker::oldest_key(b.age_business_days, b.opened))
        })
        .collect()
}
