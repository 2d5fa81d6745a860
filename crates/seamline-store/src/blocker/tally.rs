//! A project's open blockers added up without reading them: what the portfolio shows for every
//! project (how many are open, waiting on this device's company, the user's, escalated, the
//! oldest of each class), counted from the `blockers_open` index with the same rules as the
//! list.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use seamline_core::{BlockerClass, Side};

use super::read_class;
use crate::error::Result;
use crate::workspace::Workspace;
use crate::Project;

/// Open blockers of one stored (class, opened, waiting on), and what that reads as.
struct OpenGroup {
    class: Option<String>,
    opened: Option<String>,
    waiting_on: Option<String>,
    reads_as: (BlockerClass, Option<NaiveDate>, Side),
    count: u32,
}

/// What a project's open blockers add up to.
pub(crate) struct OpenTally {
    pub(crate) open: u32,
    /// Waiting on this device's company (0 while it is not known).
    pub(crate) waiting_on_my_side: u32,
    /// Owned by or escalated to this device's person.
    pub(crate) mine: u32,
    pub(crate) escalated: u32,
    pub(crate) oldest_by_class: Vec<crate::report::OldestBlocker>,
}

impl Workspace {
    /// What the project's open blockers add up to without reading them: counted from the
    /// `blockers_open` index in one pass, grouped per (class, day opened, company waited on,
    /// whose days it ages by), plus one lookup for the title of each class's oldest. The same
    /// figures as the project list's counts and as reading the list, a fraction of the reads;
    /// the portfolio computes it for every project.
    pub(crate) fn open_blocker_tally(&self, p: &Project) -> Result<OpenTally> {
        let today = self.today();
        // Ordered by (class, opened, waiting_on), each run of equal values is a group, counted
        // here as it is read (no value copied but a group's first). The order is the index's own,
        // so SQLite sorts nothing; it is asked for so that the grouping never rests on a plan.
        let mut stmt = self.conn().prepare_cached(
            "SELECT class, opened, waiting_on, owner_id, escalated_to FROM blockers INDEXED BY blockers_open
             WHERE project_id = ?1 AND deleted = 0 AND resolved_on IS NULL ORDER BY class, opened, waiting_on",
        )?;
        let mut groups: Vec<OpenGroup> = Vec::new();
        let (mut open, mut waiting_on_my_side, mut mine) = (0, 0, 0);
        let mut rows = stmt.query([&p.id])?;
        while let Some(r) = rows.next()? {
            let text = |i: usize| r.get_ref(i).ok().and_then(|v| v.as_str_or_null().ok().flatten());
            let (class, opened, waiting_on) = (text(0), text(1), text(2));
            // Counted as the project list counts them (`ProjectsRoom::list`).
            open += 1;
            if p.my_side == Some(super::read_waiting_on(waiting_on)) {
                waiting_on_my_side += 1;
            }
            if seamline_core::blocker::is_mine(p.me.as_deref(), text(3), text(4)) {
                mine += 1;
            }
            if let Some(g) = groups.last_mut().filter(|g| {
                g.class.as_deref() == class
                    && g.opened.as_deref() == opened
                    && g.waiting_on.as_deref() == waiting_on
            }) {
                g.count += 1;
                continue;
            }
            groups.push(OpenGroup {
                reads_as: (
                    read_class(class),
                    opened.and_then(seamline_core::calendar::parse_date),
                    super::read_waiting_on(waiting_on),
                ),
                count: 1,
                class: class.map(str::to_string),
                opened: opened.map(str::to_string),
                waiting_on: waiting_on.map(str::to_string),
            });
        }
        let counted: Vec<_> =
            groups.iter().map(|g| (g.reads_as.0, g.reads_as.1, g.reads_as.2, g.count)).collect();
        let (ours, partner) = (p.calendar_of(Side::Ours), p.calendar_of(Side::Partner));
        let calendar = |side: Side| -> &seamline_core::calendar::Calendar<'_> {
            match side {
                Side::Ours => &ours,
                Side::Partner => &partner,
            }
        };
        let tally = seamline_core::blocker::tally_open(&counted, today, p.threshold_days, calendar);
        let mut first = self.conn().prepare_cached(
            "SELECT id, coalesce(title, '') FROM blockers INDEXED BY blockers_open
             WHERE project_id = ?1 AND deleted = 0 AND resolved_on IS NULL AND class IS ?2 AND opened IS ?3
               AND waiting_on IS ?4
             ORDER BY id LIMIT 1",
        )?;
        let mut oldest = Vec::with_capacity(tally.oldest.len());
        for (class, opened, _, age) in tally.oldest {
            // Of the blockers that read as this class, opened that day and as old (whichever
            // company they wait on; nearly always one stored spelling), the first by id, as the
            // list orders them.
            let mut named: Option<(String, String)> = None;
            for g in groups.iter().filter(|g| {
                g.reads_as.0 == class
                    && g.reads_as.1.unwrap_or(today) == opened
                    && seamline_core::calendar::business_days_between(opened, today, calendar(g.reads_as.2))
                        .max(0)
                        == i64::from(age)
            }) {
                let row: Option<(String, String)> = first
                    .query_row(params![p.id, g.class, g.opened, g.waiting_on], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                if let Some(row) = row.filter(|r| named.as_ref().is_none_or(|n| r.0 < n.0)) {
                    named = Some(row);
                }
            }
            oldest.push(crate::report::OldestBlocker {
                class,
                title: named.map(|(_, title)| title).unwrap_or_default(),
                age_business_days: age,
            });
        }
        Ok(OpenTally { open, waiting_on_my_side, mine, escalated: tally.escalated, oldest_by_class: oldest })
    }
}
