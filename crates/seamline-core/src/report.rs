//! What the project reports each week, as rules: which facts go into the written status and
//! the sync agenda, and the Markdown they read as. The store gathers the facts; the words,
//! the week's bounds, the two-week horizon and what counts as "at risk" live here.

use std::fmt::Write as _;

use chrono::{Duration, NaiveDate};

use crate::{BlockerClass, Cut, Track};

/// How far ahead the status's "Next" and the agenda's "at risk" look.
pub const HORIZON_DAYS: i64 = 14;

/// An acceptance criterion, as the reports need it.
#[derive(Debug, Clone)]
pub struct CriterionLine {
    pub text: String,
    pub cut: Cut,
    pub met_on: Option<NaiveDate>,
}

/// A milestone, as the reports need it.
#[derive(Debug, Clone)]
pub struct MilestoneLine {
    pub title: String,
    pub track: Track,
    pub planned: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    /// Planned in the past and not done.
    pub late: bool,
    /// Waits for the signed agreement (go-live, the listing).
    pub gated: bool,
}

/// An open blocker, as the reports need it.
#[derive(Debug, Clone)]
pub struct BlockerLine {
    pub class: BlockerClass,
    pub title: String,
    pub age_business_days: u32,
    pub owner: String,
    /// The company it waits on.
    pub waiting_on: String,
    pub due: Option<NaiveDate>,
    pub escalated: bool,
    /// The escalation contact's name ("" when not named).
    pub escalate_to: String,
}

/// The project's oldest open blocker.
#[derive(Debug, Clone)]
pub struct OldestLine {
    pub class: BlockerClass,
    pub title: String,
    pub age_business_days: u32,
}

/// Everything the weekly written status is drafted from.
#[derive(Debug, Clone)]
pub struct StatusFacts {
    pub project: String,
    /// The writer's company, named first.
    pub ours: String,
    /// The other company.
    pub partner: String,
    /// The Sunday that ends the week reported on.
    pub week_end: NaiveDate,
    pub criteria: Vec<CriterionLine>,
    pub milestones: Vec<MilestoneLine>,
    pub open_blockers: Vec<BlockerLine>,
    pub v1_total: u32,
    pub v1_remaining: u32,
    pub flat_for_two_weeks: bool,
    pub oldest: Option<OldestLine>,
    /// The days-to-app-review line (`metrics::AppReview::line`).
    pub app_review: String,
}

/// Everything the weekly-sync agenda is generated from.
#[derive(Debug, Clone)]
pub struct AgendaFacts {
    pub project: String,
    pub today: NaiveDate,
    pub open_blockers: Vec<BlockerLine>,
    pub milestones: Vec<MilestoneLine>,
    /// The agreement-signed milestone is done.
    pub agreement_signed: bool,
}

pub fn business_days(n: u32) -> String {
    format!("{n} business {}", if n == 1 { "day" } else { "days" })
}

fn or<'a>(s: &'a str, fallback: &'a str) -> &'a str {
    if s.is_empty() {
        fallback
    } else {
        s
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// The weekly written status: shipped, blocked, next, and the three metrics as three lines.
pub fn status_markdown(f: &StatusFacts) -> String {
    let start = f.week_end - Duration::days(6);
    let in_week = |d: Option<NaiveDate>| d.is_some_and(|d| d >= start && d <= f.week_end);
    let mut s = String::new();
    let _ = writeln!(s, "# {} — weekly status, week ending {}\n", f.project, day(f.week_end));
    let _ = writeln!(s, "{} ↔ {}\n", f.ours, f.partner);
    let _ = writeln!(s, "## Shipped\n");
    let mut shipped = 0;
    for c in f.criteria.iter().filter(|c| in_week(c.met_on)) {
        let _ = writeln!(s, "- Met ({}): {}", c.cut, c.text);
        shipped += 1;
    }
    for m in f.milestones.iter().filter(|m| in_week(m.done)) {
        let _ = writeln!(s, "- {} done ({} track)", m.title, m.track);
        shipped += 1;
    }
    if shipped == 0 {
        let _ = writeln!(s, "- Nothing this week.");
    }
    let _ = writeln!(s, "\n## Blocked\n");
    if f.open_blockers.is_empty() {
        let _ = writeln!(s, "- Nothing is blocked.");
    }
    for class in BlockerClass::ALL {
        for b in f.open_blockers.iter().filter(|b| b.class == *class) {
            let escalated = if b.escalated {
                format!(", escalated to {}", or(&b.escalate_to, "the escalation contact"))
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "- [{}] {} — {}, owner {}, waiting on {}{}",
                class.label(),
                b.title,
                business_days(b.age_business_days),
                or(&b.owner, "nobody"),
                b.waiting_on,
                escalated
            );
        }
    }
    let _ = writeln!(s, "\n## Next\n");
    let horizon = f.week_end + Duration::days(HORIZON_DAYS);
    let next: Vec<_> = f
        .milestones
        .iter()
        .filter(|m| m.done.is_none() && m.planned.is_some_and(|d| d > f.week_end && d <= horizon))
        .collect();
    if next.is_empty() {
        let _ = writeln!(s, "- No milestone is due in the next two weeks.");
    }
    for m in next {
        let planned = m.planned.map(|d| d.to_string()).unwrap_or_default();
        let _ = writeln!(s, "- {} ({} track), planned {planned}", m.title, m.track);
    }
    let _ = writeln!(s, "\n## Metrics\n");
    let met_this_week = f.criteria.iter().filter(|c| c.cut == Cut::V1 && in_week(c.met_on)).count();
    let _ = writeln!(
        s,
        "- Burn-down: {} of {} v1 criteria remaining, {} met this week{}",
        f.v1_remaining,
        f.v1_total,
        met_this_week,
        if f.flat_for_two_weeks { " (flat for two weeks: look for a hidden blocker)" } else { "" }
    );
    match &f.oldest {
        Some(o) => {
            let _ = writeln!(
                s,
                "- Oldest blocker: {}, {} ({})",
                o.class.label().to_lowercase(),
                business_days(o.age_business_days),
                o.title
            );
        }
        None => {
            let _ = writeln!(s, "- Oldest blocker: none open");
        }
    }
    let _ = writeln!(s, "- {}", f.app_review);
    s
}

/// Why a milestone is at risk, if it is: it is late, or it waits for an agreement not signed
/// yet and is due within the horizon.
pub fn milestone_risk(m: &MilestoneLine, agreement_signed: bool, today: NaiveDate) -> Option<String> {
    if m.done.is_some() {
        return None;
    }
    let planned = m.planned?;
    if m.late {
        Some(format!("{} ({} track) was planned for {planned} and is not done", m.title, m.track))
    } else if m.gated && !agreement_signed && planned <= today + Duration::days(HORIZON_DAYS) {
        Some(format!("{} is planned for {planned} but waits for the signed agreement", m.title))
    } else {
        None
    }
}

/// The weekly-sync agenda: decisions pending, escalated blockers, dependencies without dates,
/// milestones at risk.
pub fn agenda_markdown(f: &AgendaFacts) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {} — weekly sync, {}\n", f.project, day(f.today));
    let _ = writeln!(s, "30 minutes, for decisions, not status.\n");
    let mut section = |title: &str, lines: Vec<String>, none: &str| {
        let _ = writeln!(s, "## {title}\n");
        if lines.is_empty() {
            let _ = writeln!(s, "- {none}");
        }
        for l in lines {
            let _ = writeln!(s, "- {l}");
        }
        let _ = writeln!(s);
    };
    let blockers = &f.open_blockers;
    section(
        "Decisions pending",
        blockers
            .iter()
            .filter(|b| b.class == BlockerClass::Decision)
            .map(|b| {
                format!(
                    "{} ({}, owner {})",
                    b.title,
                    business_days(b.age_business_days),
                    or(&b.owner, "nobody")
                )
            })
            .collect(),
        "No decision is waiting.",
    );
    section(
        "Escalated blockers",
        blockers
            .iter()
            .filter(|b| b.escalated)
            .map(|b| {
                format!(
                    "[{}] {} — {}, waiting on {}; escalate to {}",
                    b.class.label(),
                    b.title,
                    business_days(b.age_business_days),
                    b.waiting_on,
                    or(&b.escalate_to, "the escalation contact (not named)")
                )
            })
            .collect(),
        "Nothing has waited past the threshold.",
    );
    section(
        "Dependencies without dates",
        blockers
            .iter()
            .filter(|b| b.class == BlockerClass::Dependency && b.due.is_none())
            .map(|b| format!("{} — ask {} for a date on their sprint", b.title, b.waiting_on))
            .collect(),
        "Every dependency has a date.",
    );
    section(
        "Milestones at risk",
        f.milestones.iter().filter_map(|m| milestone_risk(m, f.agreement_signed, f.today)).collect(),
        "No milestone is late.",
    );
    s
}

/// Which unmet v1 criteria to propose moving to v1.1 to hold the date: the last-listed ones
/// first (the lead lists criteria in order of importance), `n` of them.
pub fn cut_proposal<T: Clone>(unmet_in_listed_order: &[T], n: usize) -> Vec<T> {
    unmet_in_listed_order.iter().rev().take(n).cloned().collect()
}

/// The resolution a decision writes on the decision blocker it answers.
pub fn decided(decision: &str) -> String {
    format!("Decided: {decision}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::calendar::parse_date(s).unwrap()
    }

    fn milestone(title: &str, planned: &str, late: bool, gated: bool) -> MilestoneLine {
        MilestoneLine {
            title: title.into(),
            track: Track::Build,
            planned: Some(d(planned)),
            done: None,
            late,
            gated,
        }
    }

    #[test]
    fn a_milestone_is_at_risk_when_late_or_waiting_for_an_unsigned_agreement_soon() {
        let today = d("2027-01-15");
        let cases = [
            (
                milestone("Sandbox", "2027-01-10", true, false),
                false,
                Some("Sandbox (build track) was planned for 2027-01-10 and is not done"),
            ),
            (
                milestone("Go-live", "2027-01-25", false, true),
                false,
                Some("Go-live is planned for 2027-01-25 but waits for the signed agreement"),
            ),
            (milestone("Go-live", "2027-01-25", false, true), true, None),
            (milestone("Go-live", "2027-03-25", false, true), false, None),
            (milestone("Build", "2027-01-20", false, false), false, None),
        ];
        for (m, signed, expect) in cases {
            assert_eq!(milestone_risk(&m, signed, today).as_deref(), expect, "{m:?} signed={signed}");
        }
    }

    #[test]
    fn the_cut_proposal_takes_the_last_listed_first() {
        assert_eq!(cut_proposal(&["a", "b", "c", "d"], 2), ["d", "c"]);
        assert_eq!(cut_proposal(&["a"], 3), ["a"]);
    }

    #[test]
    fn the_status_says_what_shipped_in_the_week_and_what_is_next_within_two_weeks() {
        let f = StatusFacts {
            project: "P".into(),
            ours: "A".into(),
            partner: "B".into(),
            week_end: d("2027-01-17"),
            criteria: vec![
                CriterionLine { text: "In week".into(), cut: Cut::V1, met_on: Some(d("2027-01-12")) },
                CriterionLine { text: "Earlier".into(), cut: Cut::V1, met_on: Some(d("2027-01-05")) },
            ],
            milestones: vec![
                milestone("Soon", "2027-01-30", false, false),
                milestone("Later", "2027-02-15", false, false),
            ],
            open_blockers: vec![],
            v1_total: 3,
            v1_remaining: 1,
            flat_for_two_weeks: false,
            oldest: None,
            app_review: "App review: not planned".into(),
        };
        let md = status_markdown(&f);
        assert!(md.contains("- Met (v1): In week") && !md.contains("Earlier"), "{md}");
        assert!(md.contains("- Soon (build track), planned 2027-01-30") && !md.contains("Later"), "{md}");
        assert!(md.contains("- Burn-down: 1 of 3 v1 criteria remaining, 1 met this week"), "{md}");
    }
}
