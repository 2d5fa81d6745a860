//! A project's open blockers added up without reading them: what the portfolio shows for every
//! project (how many are escalated, the oldest of each class), counted from the
//! `blockers_open` index with the same rules as the list.

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

impl Workspace {
    /// What the project's open blockers add up to (how many are escalated, the oldest of each
    /// class) without reading them: counted per (class, day opened, company waited on, whose
    /// holidays it ages by) from the `blockers_open`
    /// index, plus one lookup for the title of each class's oldest. The same figures as
    /// reading the list, a fraction of the reads; the portfolio computes it for every project.
    pub(crate) fn open_blocker_tally(&self, p: &Project) -> Result<(u32, Vec<crate::report::OldestBlocker>)> {
        let today = self.today();
        let mut stmt = self.conn().prepare_cached(
            "SELECT class, opened, waiting_on, count(*) FROM blockers INDEXED BY blockers_open
             WHERE project_id = ?1 AND deleted = 0 AND resolved_on IS NULL GROUP BY class, opened, waiting_on",
        )?;
        let groups: Vec<OpenGroup> = stmt
            .query_map([&p.id], |r| {
                let class: Option<String> = r.get(0)?;
                let opened: Option<String> = r.get(1)?;
                let waiting_on: Option<String> = r.get(2)?;
                Ok(OpenGroup {
                    reads_as: (
                        read_class(class.as_deref()),
                        opened.as_deref().and_then(seamline_core::calendar::parse_date),
                        // As a blocker reads it: a side this build does not know is the partner.
                        waiting_on
                            .as_deref()
                            .and_then(|s| Side::parse("side", s).ok())
                            .unwrap_or(Side::Partner),
                    ),
                    count: r.get::<_, i64>(3)? as u32,
                    class,
                    opened,
                    waiting_on,
                })
            })?
            .collect::<Result<_, _>>()?;
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
        Ok((tally.escalated, oldest))
    }
}
