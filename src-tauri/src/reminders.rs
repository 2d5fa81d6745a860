//! The cadence's reminders as desktop notifications: the weekly sync on its day, the status
//! on the status day, each once a day per project, on devices whose user left them on. The
//! rules and words are `seamline_core::reminder`'s; this only raises them and notes it did.

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

/// Raises today's reminders of every project. Runs with the escalation pass (start-up, timer).
pub fn raise<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let projects = match state.workspace().projects().ids() {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(event = "reminder.projects_unreadable", error = %e, "reminder pass: cannot list the projects");
            return;
        }
    };
    for project in projects {
        let due = match state.workspace().reminders().due(&project) {
            Ok(due) => due,
            Err(e) => {
                tracing::error!(event = "reminder.pass_failed", project = %project, error = %e, "reminder pass failed");
                continue;
            }
        };
        for reminder in due {
            if let Err(e) = app.notification().builder().title(&reminder.title).body(&reminder.body).show() {
                // Not marked: the next pass tries again.
                tracing::warn!(event = "reminder.notification_failed", error = %e, "cannot raise a reminder");
                continue;
            }
            if let Err(e) = state.workspace().reminders_mut().mark_reminded(&project, reminder.kind) {
                tracing::error!(event = "reminder.not_noted", project = %project, error = %e, "cannot note a reminder was raised");
            }
        }
    }
}
