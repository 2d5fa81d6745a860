//! Letting devices in and out of a project's encrypted folder: the joins this device waits
//! on, the requests and invites of this device's company, and removing a device.

use seamline_sync::{Identity, Invitation};
use serde::Serialize;
use tauri::State;

use super::sync::{sync_state, Joined, SyncState};
use crate::error::ApiError;
use crate::state::{AppState, LastSync};

/// A project this device asked to join and waits to be let into, as the portfolio lists it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PendingJoinView {
    pub project_id: String,
    /// The project's name, as the invite said it.
    pub project_name: String,
    /// The company it joins.
    pub company: String,
    /// Whose device lets it in.
    pub inviter_company: String,
    /// This device's fingerprint, to read out over a call.
    pub fingerprint: String,
    pub asked_at: String,
    pub folder: String,
    /// Why the last try to sync failed, if it did.
    pub last_error: Option<String>,
}

/// The projects this device asked to join and waits to be let into.
#[tauri::command]
#[specta::specta]
pub async fn pending_joins(state: State<'_, AppState>) -> Result<Vec<PendingJoinView>, ApiError> {
    let ws = state.workspace();
    let pending = ws.trust().pending_joins()?;
    if pending.is_empty() {
        return Ok(vec![]);
    }
    let keys = seamline_sync::keystore::device_keys(&ws, ws.device_id()).map_err(ApiError::from)?;
    let fingerprint = seamline_sync::crypto::fingerprint(&keys.sign_pk());
    let mut out = Vec::new();
    for p in pending {
        let folder =
            ws.sync().link_of(&p.project_id)?.map(|l| l.folder.display().to_string()).unwrap_or_default();
        let last_error = match state.last_sync(&p.project_id) {
            Some(LastSync::Failed { message, .. }) => Some(message),
            _ => None,
        };
        out.push(PendingJoinView {
            project_id: p.project_id,
            project_name: p.project_name,
            company: p.company,
            inviter_company: p.inviter_company,
            fingerprint: fingerprint.clone(),
            asked_at: p.asked_at,
            folder,
            last_error,
        });
    }
    Ok(out)
}

/// Syncs a project this device asked to join: `waiting` is gone once someone let it in (the
/// project has arrived).
#[tauri::command]
#[specta::specta]
pub async fn check_join(state: State<'_, AppState>, project_id: String) -> Result<Joined, ApiError> {
    let report = {
        let mut ws = state.workspace();
        let pending = ws.trust().pending_join(&project_id)?.ok_or_else(|| {
            ApiError::from(seamline_store::Error::NotFound {
                what: "request to join",
                id: project_id.clone(),
            })
        })?;
        let who = Identity::of(&ws);
        seamline_sync::sync(&mut ws, &pending.project_id, &who)?
    };
    let waiting = report.waiting.clone();
    state.set_last_sync(&project_id, LastSync::Done(report));
    Ok(Joined { project_id, waiting })
}

/// Lets in a device that asked to join with an invite of this device's company.
#[tauri::command]
#[specta::specta]
pub async fn admit_device(
    state: State<'_, AppState>,
    project_id: String,
    device: String,
) -> Result<SyncState, ApiError> {
    let project = state.workspace().projects().get(&project_id)?.id;
    let report = {
        let mut ws = state.workspace();
        let who = Identity::of(&ws);
        seamline_sync::admit(&mut ws, &project, &device, &who)?
    };
    state.set_last_sync(&project, LastSync::Done(report));
    sync_state(&state, &project)
}

/// Refuses a device that asked to join: no device of this company lists it again.
#[tauri::command]
#[specta::specta]
pub async fn refuse_device(
    state: State<'_, AppState>,
    project_id: String,
    device: String,
) -> Result<SyncState, ApiError> {
    let project = state.workspace().projects().get(&project_id)?.id;
    seamline_sync::refuse(&mut state.workspace(), &project, &device)?;
    state.request_sync(&project);
    sync_state(&state, &project)
}

/// Withdraws an invite of this device's company: no device is let in with it any more.
#[tauri::command]
#[specta::specta]
pub async fn withdraw_invite(
    state: State<'_, AppState>,
    project_id: String,
    invite_id: String,
) -> Result<SyncState, ApiError> {
    let project = state.workspace().projects().get(&project_id)?.id;
    seamline_sync::withdraw(&mut state.workspace(), &project, &invite_id)?;
    state.request_sync(&project);
    sync_state(&state, &project)
}

/// A new invite code letting one device of `company` ask to join the project's encrypted
/// folder, valid for `days` (7 when not given); `auto_admit`: the device that uses it is let
/// in without a click, at the next sync of any of this company's devices.
#[tauri::command]
#[specta::specta]
pub async fn create_invite(
    state: State<'_, AppState>,
    project_id: String,
    company: String,
    days: Option<u32>,
    auto_admit: bool,
) -> Result<Invitation, ApiError> {
    let mut ws = state.workspace();
    let project = ws.projects().get(&project_id)?.id;
    let days = days.unwrap_or(seamline_sync::INVITE_DAYS);
    let admission =
        if auto_admit { seamline_sync::Admission::Automatic } else { seamline_sync::Admission::Click };
    Ok(seamline_sync::invite_for_days(&mut ws, &project, &company, days, admission)?)
}

/// Removes a device of this device's company from the project (a lost laptop, someone who
/// left): a new key for what follows, and its later writes ignored everywhere.
#[tauri::command]
#[specta::specta]
pub async fn remove_device(
    state: State<'_, AppState>,
    project_id: String,
    device: String,
) -> Result<SyncState, ApiError> {
    let project = state.workspace().projects().get(&project_id)?.id;
    let report = {
        let mut ws = state.workspace();
        let who = Identity::of(&ws);
        seamline_sync::remove_device(&mut ws, &project, &device, &who)?
    };
    state.set_last_sync(&project, LastSync::Done(report));
    sync_state(&state, &project)
}
