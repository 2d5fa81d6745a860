//! Every command the UI can call, and the one builder that lists them. The app and the
//! bindings test share [`specta_builder`], so `ui/src/lib/api/bindings.ts` always matches.

// One module per domain noun, as in the store and the command line.
mod admission;
mod blocker;
mod checklist;
mod contract;
mod decision;
mod link;
mod me;
mod milestone;
mod person;
mod project;
mod proposal;
mod raci;
mod report;
mod scope;
mod sync;
mod vocabulary;

use tauri::Runtime;
use tauri_specta::{collect_commands, collect_events, Builder};

use crate::error::ApiError;

/// A date as the UI sends it (`YYYY-MM-DD`; blank for none), read at the door so the store
/// takes dates, never text: a bad one is refused naming `field`, as every check is.
pub(crate) fn date_arg(field: &str, text: Option<&str>) -> Result<Option<chrono::NaiveDate>, ApiError> {
    seamline_core::validate::optional_date(field, text).map_err(|e| seamline_store::Error::from(e).into())
}

pub fn specta_builder<R: Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            vocabulary::get_vocabulary,
            me::get_me,
            me::set_my_name,
            me::set_my_membership,
            project::workspace_info,
            project::list_projects,
            project::get_project,
            project::create_project,
            project::update_project,
            project::delete_project,
            project::list_deleted_projects,
            project::restore_project,
            proposal::list_proposals,
            proposal::propose,
            proposal::accept_proposal,
            proposal::decline_proposal,
            person::set_role,
            person::add_person,
            person::update_person,
            person::remove_person,
            blocker::open_decisions,
            blocker::list_blockers,
            blocker::add_blocker,
            blocker::update_blocker,
            blocker::resolve_blocker,
            blocker::reopen_blocker,
            raci::get_raci,
            raci::set_raci_cell,
            raci::clear_raci_cell,
            raci::add_workstream,
            raci::rename_workstream,
            raci::move_workstream,
            raci::remove_workstream,
            milestone::get_tracks,
            milestone::add_milestone,
            milestone::complete_milestone,
            milestone::reopen_milestone,
            milestone::reschedule_milestone,
            blocker::save_blockers_csv,
            milestone::save_milestones_ics,
            project::list_portfolio,
            report::get_metrics,
            scope::cut_criterion,
            report::status_draft,
            report::publish_status,
            report::list_status_reports,
            report::get_agenda,
            report::render_markdown,
            decision::list_decisions,
            decision::record_decision,
            report::save_markdown,
            scope::get_scope,
            scope::edit_scope,
            contract::get_contract,
            contract::edit_contract,
            contract::contract_markdown,
            checklist::list_checklists,
            checklist::edit_checklist,
            project::set_wizard_step,
            project::get_guide,
            milestone::get_milestone_plan,
            milestone::add_milestones,
            raci::fill_raci_with_owners,
            sync::get_sync_state,
            sync::link_folder,
            sync::move_folder,
            sync::preview_folder,
            sync::join_folder,
            sync::sync_now,
            sync::unlink_folder,
            sync::restore_conflict,
            sync::dismiss_conflict,
            sync::project_history,
            sync::project_activity,
            admission::create_invite,
            admission::withdraw_invite,
            admission::admit_device,
            admission::refuse_device,
            admission::pending_joins,
            admission::check_join,
            admission::remove_device,
            sync::encrypt_folder,
            blocker::draft_escalation,
            link::open_link,
            project::set_reminders,
            decision::update_decision,
            milestone::rename_milestone,
        ])
        .events(collect_events![crate::events::ProjectChanged])
}

#[cfg(test)]
mod tests;

/// Writes a file the user chose in the save dialog (exports); Rust writes it, so the web view
/// never gets file-system access.
fn write_file(path: &std::path::Path, text: String) -> Result<(), crate::error::ApiError> {
    std::fs::write(path, text).map_err(|source| {
        seamline_store::Error::Io { context: format!("cannot write {}", path.display()), source }.into()
    })
}
