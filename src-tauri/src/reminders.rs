//! The cadence's reminders as desktop notifications: the weekly sync on its day, the status
//! on the status day, each once a day per project, on devices whose user left them on. The
//! rules and words are `seamline_core::reminder`'s; this only raises them and notes it did.

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

/// Raises today's reminders of every project. Runs with the escalation pass (start-up, timer).
pub fn raise<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let projects = match state.workspace().project_ids() {
        Ok(p) => p,
        Err(e) => {
            tracing::error!("reminder pass: cannot list the projects: {e}");
            return;
        }
    };
    for project in projects {
        let due = match state.workspace().reminders_due(&project) {
            Ok(due) => due,
            Err(e) => {
                tracing::error!(project = %project, "reminder pass: {e}");
                continue;
            }
        };
        for reminder in due {
            if let Err(e) = app.notification().builder().title(&reminder.title).body(&reminder.body).show() {
                // Not marked: the next pass tries again.
                tracing::warn!("cannot raise a reminder: {e}");
                continue;
            }
            if let Err(e) = state.workspace().mark_reminded(&project, reminder.kind) {
                tracing::error!(project = %project, "cannot note a reminder was raised: {e}");
            }
        }
    }
}
