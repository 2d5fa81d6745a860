//! The app's state: the open workspace behind a mutex. Commands run on Tauri's thread pool;
//! SQLite work is short, so one lock is simpler than a pool and never contended for long.

use std::sync::{Mutex, MutexGuard};

use seamline_store::{paths, Clock, Workspace};

pub struct AppState {
    workspace: Mutex<Workspace>,
}

impl AppState {
    pub fn new(workspace: Workspace) -> AppState {
        AppState { workspace: Mutex::new(workspace) }
    }

    /// Opens the user's workspace (`SEAMLINE_DATA_DIR` picks another folder; `SEAMLINE_NOW`
    /// fixes the clock, as for the command).
    pub fn open_default() -> Result<AppState, String> {
        let path = paths::default_workspace().ok_or("no home folder to keep the workspace in")?;
        let clock = match std::env::var("SEAMLINE_NOW") {
            Ok(v) if !v.trim().is_empty() => Clock::Fixed(
                chrono::DateTime::parse_from_rfc3339(v.trim())
                    .map_err(|_| format!("SEAMLINE_NOW must be an RFC 3339 instant (got '{v}')"))?,
            ),
            _ => Clock::System,
        };
        let ws = Workspace::open(&path, clock).map_err(|e| format!("{} ({})", e, path.display()))?;
        Ok(AppState::new(ws))
    }

    pub fn workspace(&self) -> MutexGuard<'_, Workspace> {
        // A panic while holding the lock leaves SQLite consistent (the transaction rolled
        // back), so the workspace is still safe to use.
        self.workspace.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
