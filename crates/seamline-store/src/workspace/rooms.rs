//! The workspace's rooms: one handle per noun, so the workspace itself is a small door.
//!
//! `ws.blockers()` borrows the workspace to read blockers; `ws.blockers_mut()` borrows it to
//! change them (and read them too), as `iter` and `iter_mut` do. A room holds only the borrow,
//! and outside the store it offers only its noun's methods: `ws.blockers_mut()` cannot reach
//! people or `write`. Inside the store a use case reaches the rest of the workspace through
//! `self.ws` (the transaction, the clock, another noun's room). Each noun's module writes its
//! room's methods next to its rules; this file only names the rooms and imports no noun, so no
//! noun imports another through it.

use super::Workspace;

macro_rules! rooms {
    ($($(#[$doc:meta])* $room:ident: $read:ident, $write:ident;)*) => {$(
        $(#[$doc])*
        #[must_use = "a room does nothing until one of its methods is called"]
        pub struct $room<W> {
            pub(crate) ws: W,
        }

        impl Workspace {
            #[doc = concat!("Reads through the [`", stringify!($room), "`].")]
            pub fn $read(&self) -> $room<&Workspace> {
                $room { ws: self }
            }

            #[doc = concat!("Changes (and reads) through the [`", stringify!($room), "`].")]
            pub fn $write(&mut self) -> $room<&mut Workspace> {
                $room { ws: self }
            }
        }
    )*};
}

rooms! {
    /// Projects: create, read, update, delete and restore; the portfolio and kickoff readiness.
    ProjectsRoom: projects, projects_mut;
    /// Blockers: the list, their moves, escalations and the CSV export.
    BlockersRoom: blockers, blockers_mut;
    /// The checklists' items.
    ChecklistsRoom: checklists, checklists_mut;
    /// The API contract: terms, field mappings, auth scopes and its Markdown.
    ContractRoom: contract, contract_mut;
    /// The decision log.
    DecisionsRoom: decisions, decisions_mut;
    /// Handovers from a device that leaves the project.
    HandoversRoom: handovers, handovers_mut;
    /// What happened: the history, conflicts, activity, clocks, invalid values, refused edits.
    HistoryRoom: history, history_mut;
    /// Who this user is: name, side and company in each project, this device's side.
    MeRoom: me, me_mut;
    /// Milestones and the two tracks; the plan, and the calendar export.
    MilestonesRoom: milestones, milestones_mut;
    /// The people of both companies and their roles.
    PeopleRoom: people, people_mut;
    /// The partner's proposals to change what our side owns.
    ProposalsRoom: proposals, proposals_mut;
    /// The two-company RACI and its workstreams.
    RaciRoom: raci, raci_mut;
    /// The reminders' schedule.
    RemindersRoom: reminders, reminders_mut;
    /// Reports: the weekly status, the sync agenda and the metrics.
    ReportsRoom: reports, reports_mut;
    /// Scope: stories, boundaries, the workflow, acceptance criteria and signatures.
    ScopeRoom: scope, scope_mut;
    /// The shared folders' links, segments and the devices seen in them.
    SyncRoom: sync, sync_mut;
    /// The shared folders' keys, members, records and admission.
    TrustRoom: trust, trust_mut;
    /// The op log itself: import, remote ops, rebuild and dumps.
    OplogRoom: oplog, oplog_mut;
}
