//! The projects as the portfolio and `project list` show them: each with its people, its open
//! blockers (all, those waiting on this device's company, those that are this device's
//! person's) and the other company's suggestions to answer.

use seamline_core::Side;

use super::{read, ProjectSummary, COLUMNS, COLUMN_COUNT, LISTED};
use crate::error::Result;
use crate::workspace::Workspace;

impl Workspace {
    /// The listed projects' summaries, or only `only`'s; their open blockers counted or (for
    /// the portfolio, which counts them in its tally of each project) left at 0.
    pub(crate) fn summaries(&self, only: Option<&str>, count_blockers: bool) -> Result<Vec<ProjectSummary>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS},
               (SELECT count(*) FROM people pe WHERE pe.project_id = p.id AND pe.deleted = 0),
               (SELECT count(*) FROM proposals pr WHERE pr.project_id = p.id AND pr.deleted = 0 AND pr.state = 'open'
                 AND pr.by_side <> (SELECT m.side FROM memberships m WHERE m.project_id = p.id))
             FROM projects p WHERE {LISTED} AND (?1 IS NULL OR p.id = ?1) ORDER BY lower(name), id"
        ))?;
        let rows = stmt.query_map([only], |r| {
            let p = read(r)?;
            let summary = ProjectSummary {
                roles_complete: [Side::Ours, Side::Partner]
                    .iter()
                    .all(|s| p.owner(*s).is_some() && p.escalation(*s).is_some()),
                people: r.get::<_, i64>(COLUMN_COUNT)? as u32,
                open_blockers: 0,
                waiting_on_my_side: 0,
                mine: 0,
                suggestions: r.get::<_, i64>(COLUMN_COUNT + 1)? as u32,
                wizard_step: p.wizard_step,
                my_side: p.my_side,
                id: p.id,
                name: p.name,
                ours: p.ours,
                partner: p.partner,
                archetype: p.archetype,
                target_launch: p.target_launch,
            };
            Ok((summary, p.me))
        })?;
        let mut listed: Vec<(ProjectSummary, Option<String>)> = rows.collect::<Result<_, _>>()?;
        if count_blockers {
            self.count_open_blockers(only, &mut listed)?;
        }
        Ok(listed.into_iter().map(|(s, _)| s).collect())
    }

    /// Fills in each project's open blockers: all of them, those waiting on this device's
    /// company, those owned by or escalated to its person. Read from the counts kept as the
    /// blockers change (`open_blocker_counts`, schema 19), a few rows per project: reading
    /// every open blocker's index entry was two thirds of `project list` on 50 projects.
    fn count_open_blockers(
        &self,
        only: Option<&str>,
        listed: &mut [(ProjectSummary, Option<String>)],
    ) -> Result<()> {
        let at: std::collections::HashMap<String, usize> =
            listed.iter().enumerate().map(|(i, (s, _))| (s.id.clone(), i)).collect();
        let mut stmt = self.conn().prepare_cached(
            "SELECT project_id, waiting_on, owner_id, escalated_to, n FROM open_blocker_counts
             WHERE ?1 IS NULL OR project_id = ?1",
        )?;
        let mut rows = stmt.query([only])?;
        while let Some(r) = rows.next()? {
            // Text read in place; '' is how a missing value is kept (see the migration).
            let str_at = |i: usize| r.get_ref(i).ok().and_then(|v| v.as_str().ok()).filter(|s| !s.is_empty());
            let Some(&i) = str_at(0).and_then(|p| at.get(p)) else { continue };
            let n = r.get::<_, i64>(4)?.max(0) as u32;
            let (summary, me) = &mut listed[i];
            summary.open_blockers += n;
            // As the blocker list reads the company: one this build does not know is the partner.
            if summary.my_side == Some(crate::blocker::read_waiting_on(str_at(1))) {
                summary.waiting_on_my_side += n;
            }
            if seamline_core::blocker::is_mine(me.as_deref(), str_at(2), str_at(3)) {
                summary.mine += n;
            }
        }
        Ok(())
    }
}
