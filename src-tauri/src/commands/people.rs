//! People on either side.

use seamline_store::{NewPerson, Person, PersonPatch};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn add_person(
    state: State<'_, AppState>,
    project_id: String,
    input: NewPerson,
) -> Result<Person, ApiError> {
    let person = state.workspace().add_person(&project_id, input)?;
    state.request_sync(&person.project_id);
    Ok(person)
}

#[tauri::command]
#[specta::specta]
pub async fn update_person(
    state: State<'_, AppState>,
    id: String,
    patch: PersonPatch,
) -> Result<Person, ApiError> {
    let person = state.workspace().update_person(&id, patch)?;
    state.request_sync(&person.project_id);
    Ok(person)
}

#[tauri::command]
#[specta::specta]
pub async fn remove_person(state: State<'_, AppState>, id: String) -> Result<(), ApiError> {
    let project_id = {
        let mut ws = state.workspace();
        let person = ws.person(&id)?;
        ws.remove_person(&person.id)?;
        person.project_id
    };
    state.request_sync(&project_id);
    Ok(())
}
