//! People on either side.

use seamline_store::{NewPerson, Person, PersonPatch};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub fn add_person(
    state: State<'_, AppState>,
    project_id: String,
    input: NewPerson,
) -> Result<Person, ApiError> {
    Ok(state.workspace().add_person(&project_id, input)?)
}

#[tauri::command]
#[specta::specta]
pub fn update_person(state: State<'_, AppState>, id: String, patch: PersonPatch) -> Result<Person, ApiError> {
    Ok(state.workspace().update_person(&id, patch)?)
}

#[tauri::command]
#[specta::specta]
pub fn remove_person(state: State<'_, AppState>, id: String) -> Result<(), ApiError> {
    Ok(state.workspace().remove_person(&id)?)
}
