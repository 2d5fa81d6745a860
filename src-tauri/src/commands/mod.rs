//! Every command the UI can call, and the one builder that lists them. The app and the
//! bindings test share [`specta_builder`], so `ui/src/lib/api/bindings.ts` always matches.

mod cadence;
mod execution;
mod kickoff;
mod people;
mod projects;
mod sync;

use tauri::Runtime;
use tauri_specta::{collect_commands, collect_events, Builder};

pub fn specta_builder<R: Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            projects::workspace_info,
            projects::list_projects,
            projects::get_project,
            projects::create_project,
            projects::update_project,
            projects::delete_project,
            projects::list_deleted_projects,
            projects::restore_project,
            projects::set_role,
            people::add_person,
            people::update_person,
            people::remove_person,
            execution::list_blockers,
            execution::add_blocker,
            execution::update_blocker,
            execution::resolve_blocker,
            execution::reopen_blocker,
            execution::get_raci,
            execution::set_raci_cell,
            execution::clear_raci_cell,
            execution::add_workstream,
            execution::rename_workstream,
            execution::move_workstream,
            execution::remove_workstream,
            execution::get_tracks,
            execution::add_milestone,
            execution::complete_milestone,
            execution::reopen_milestone,
            execution::reschedule_milestone,
            execution::save_blockers_csv,
            execution::save_milestones_ics,
            cadence::list_portfolio,
            cadence::get_metrics,
            cadence::cut_criterion,
            cadence::status_draft,
            cadence::publish_status,
            cadence::list_status_reports,
            cadence::get_agenda,
            cadence::list_decisions,
            cadence::record_decision,
            cadence::save_markdown,
            kickoff::get_scope,
            kickoff::edit_scope,
            kickoff::get_contract,
            kickoff::edit_contract,
            kickoff::contract_markdown,
            kickoff::list_checklists,
            kickoff::edit_checklist,
            kickoff::set_wizard_step,
            kickoff::get_guide,
            kickoff::get_milestone_plan,
            kickoff::add_milestones,
            kickoff::fill_raci_with_owners,
            sync::get_sync_state,
            sync::link_folder,
            sync::join_folder,
            sync::sync_now,
            sync::unlink_folder,
            sync::restore_conflict,
            sync::dismiss_conflict,
            sync::project_history,
        ])
        .events(collect_events![crate::sync_engine::ProjectChanged])
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
