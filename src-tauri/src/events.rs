//! The events the shell sends the UI unasked. Below the background work that sends them (the
//! sync engine, the escalation pass), so neither imports the other for them.

use serde::{Deserialize, Serialize};

/// Sent to the UI when a project's data changed without the UI asking (a partner's edits
/// arrived), or a sync finished, so open screens reload.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct ProjectChanged {
    pub project_id: String,
    /// Ops that arrived from other devices (0 when only the sync state changed).
    pub imported: u32,
}
