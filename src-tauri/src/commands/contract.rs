//! The integration contract: terms, field mapping, auth scopes, and its Markdown.

use seamline_store::{Contract, MappingInput, ScopeInput, TermsPatch};
use serde::Deserialize;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// One change to a project's integration contract.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ContractEdit {
    Terms { patch: TermsPatch },
    AddMapping { input: MappingInput },
    EditMapping { id: String, input: MappingInput },
    RemoveMapping { id: String },
    AddScope { input: ScopeInput },
    EditScope { id: String, input: ScopeInput },
    RemoveScope { id: String },
}

#[tauri::command]
#[specta::specta]
pub async fn get_contract(state: State<'_, AppState>, project_id: String) -> Result<Contract, ApiError> {
    Ok(state.workspace().contract().get(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn edit_contract(
    state: State<'_, AppState>,
    project_id: String,
    edit: ContractEdit,
) -> Result<Contract, ApiError> {
    let contract = {
        let mut ws = state.workspace();
        let p = ws.projects().get(&project_id)?.id;
        match edit {
            ContractEdit::Terms { patch } => ws.contract_mut().update(&p, patch)?,
            ContractEdit::AddMapping { input } => ws.contract_mut().add_mapping(&p, input)?,
            ContractEdit::EditMapping { id, input } => ws.contract_mut().update_mapping(&id, input)?,
            ContractEdit::RemoveMapping { id } => ws.contract_mut().remove_mapping(&id)?,
            ContractEdit::AddScope { input } => ws.contract_mut().add_auth_scope(&p, input)?,
            ContractEdit::EditScope { id, input } => ws.contract_mut().update_auth_scope(&id, input)?,
            ContractEdit::RemoveScope { id } => ws.contract_mut().remove_auth_scope(&id)?,
        }
    };
    Ok(contract)
}

/// The contract as Markdown, for the partner (the screen copies it or saves it).
#[tauri::command]
#[specta::specta]
pub async fn contract_markdown(state: State<'_, AppState>, project_id: String) -> Result<String, ApiError> {
    Ok(state.workspace().contract().markdown(&project_id)?)
}
