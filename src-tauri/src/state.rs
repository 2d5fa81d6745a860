//! The app's state, built whole before the window opens: the workspace behind a mutex, the
//! shared-folder watchers, and what the last sync of each project reported.
//!
//! SQLite work is short, so one lock is simpler than a pool; commands are `async` so waiting
//! on it (while a sync holds it) never blocks the UI thread.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use seamline_store::{paths, Clock, Workspace};
use seamline_sync::SyncReport;
use tokio::sync::mpsc::UnboundedSender;

/// The outcome of the last sync of a project on this device.
// One per project, kept in a map: the size of the larger variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum LastSync {
    Done(SyncReport),
    Failed { at: String, message: String },
}

pub struct AppState {
    workspace: Arc<Mutex<Workspace>>,
    /// Asks the sync engine to sync a project soon (debounced).
    sync_requests: UnboundedSender<String>,
    pub(crate) watchers: Mutex<HashMap<String, (PathBuf, notify::RecommendedWatcher)>>,
    pub(crate) last_sync: Mutex<HashMap<String, LastSync>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding a lock leaves SQLite consistent (its transaction rolled back).
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The locked workspace; on drop, asks for a sync of every project its writes changed.
pub struct WorkspaceGuard<'a> {
    guard: MutexGuard<'a, Workspace>,
    requests: &'a UnboundedSender<String>,
}

impl Deref for WorkspaceGuard<'_> {
    type Target = Workspace;
    fn deref(&self) -> &Workspace {
        &self.guard
    }
}

impl DerefMut for WorkspaceGuard<'_> {
    fn deref_mut(&mut self) -> &mut Workspace {
        &mut self.guard
    }
}

impl Drop for WorkspaceGuard<'_> {
    fn drop(&mut self) {
        for project in self.guard.take_changed() {
            // Only closed when the app shuts down, when a sync no longer matters.
            let _ = self.requests.send(project);
        }
    }
}

impl AppState {
    pub fn new(workspace: Workspace, sync_requests: UnboundedSender<String>) -> AppState {
        AppState {
            workspace: Arc::new(Mutex::new(workspace)),
            sync_requests,
            watchers: Mutex::new(HashMap::new()),
            last_sync: Mutex::new(HashMap::new()),
        }
    }

    /// Opens the user's workspace (`SEAMLINE_DATA_DIR` picks another folder; `SEAMLINE_NOW`
    /// fixes the clock, as for the command).
    pub fn open_default(sync_requests: UnboundedSender<String>) -> Result<AppState, String> {
        let path = paths::default_workspace().ok_or("no home folder to keep the workspace in")?;
        let clock = match std::env::var("SEAMLINE_NOW") {
            Ok(v) if !v.trim().is_empty() => Clock::Fixed(
                chrono::DateTime::parse_from_rfc3339(v.trim())
                    .map_err(|_| format!("SEAMLINE_NOW must be an RFC 3339 instant (got '{v}')"))?,
            ),
            _ => Clock::System,
        };
        let ws = Workspace::open(&path, clock).map_err(|e| format!("{} ({})", e, path.display()))?;
        Ok(AppState::new(ws, sync_requests))
    }

    /// The workspace, for as long as the guard lives. When the guard goes, every project a
    /// write changed meanwhile is queued for a sync: the sync follows from the write itself,
    /// not from each command remembering to ask.
    pub fn workspace(&self) -> WorkspaceGuard<'_> {
        WorkspaceGuard { guard: lock(&self.workspace), requests: &self.sync_requests }
    }

    /// Asks for a sync of the project soon, if it is linked to a shared folder.
    pub fn request_sync(&self, project_id: &str) {
        let _ = self.sync_requests.send(project_id.to_string());
    }

    pub fn last_sync(&self, project_id: &str) -> Option<LastSync> {
        lock(&self.last_sync).get(project_id).cloned()
    }

    pub(crate) fn set_last_sync(&self, project_id: &str, outcome: LastSync) {
        lock(&self.last_sync).insert(project_id.to_string(), outcome);
    }

    pub(crate) fn watchers(&self) -> MutexGuard<'_, HashMap<String, (PathBuf, notify::RecommendedWatcher)>> {
        lock(&self.watchers)
    }
}
