//! The four checklists: one typed edit at a time, the whole fresh lists back.

use seamline_store::ChecklistItem;
use serde::Deserialize;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// One change to a project's checklists.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ChecklistEdit {
    /// `list`: app-review, test-cases, rollout or runbook.
    Add {
        list: seamline_core::ChecklistKind,
        text: String,
    },
    Check {
        id: String,
        done: bool,
    },
    /// `None` leaves a part alone; an empty note clears it.
    Edit {
        id: String,
        text: Option<String>,
        note: Option<String>,
    },
    Remove {
        id: String,
    },
}

#[tauri::command]
#[specta::specta]
pub async fn list_checklists(
    state: State<'_, AppState>,
    project_id: String,
) -> Result<Vec<ChecklistItem>, ApiError> {
    Ok(state.workspace().checklists().list(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn edit_checklist(
    state: State<'_, AppState>,
    project_id: String,
    edit: ChecklistEdit,
) -> Result<Vec<ChecklistItem>, ApiError> {
    let items = {
        let mut ws = state.workspace();
        let p = ws.projects().get(&project_id)?.id;
        match edit {
            ChecklistEdit::Add { list, text } => drop(ws.checklists_mut().add_item(&p, list, &text)?),
            ChecklistEdit::Check { id, done } => drop(ws.checklists_mut().check_item(&id, done)?),
            ChecklistEdit::Edit { id, text, note } => {
                drop(ws.checklists_mut().update_item(&id, text.as_deref(), note.as_deref())?)
            }
            ChecklistEdit::Remove { id } => ws.checklists_mut().remove_item(&id)?,
        }
        ws.checklists().list(&p)?
    };
    Ok(items)
}
