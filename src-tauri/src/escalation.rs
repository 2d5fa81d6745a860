//! Escalations as desktop notifications: every open blocker that has just passed its
//! project's threshold is recorded (when, and to whom) and raised once.

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;

use crate::state::AppState;
use crate::sync_engine::ProjectChanged;

/// Records and raises the escalations of every project. Runs at start-up and on the timer.
pub fn raise<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let projects: Vec<String> = state.workspace().project_ids().unwrap_or_default();
    for project in projects {
        let (fresh, company) = {
            let mut ws = state.workspace();
            let fresh = ws.record_escalations(&project).unwrap_or_default();
            let company = ws.project(&project).ok();
            (fresh, company)
        };
        if fresh.is_empty() {
            continue;
        }
        for b in &fresh {
            let side = company.as_ref().map(|p| p.company(b.waiting_on).to_string()).unwrap_or_default();
            let to = if b.escalate_to_name.is_empty() {
                "the escalation contact (not named yet)"
            } else {
                &b.escalate_to_name
            };
            let _ = app
                .notification()
                .builder()
                .title(format!("Escalate: {}", b.title))
                .body(format!(
                    "Waiting on {side} for {} business days. Escalate to {to}.",
                    b.age_business_days
                ))
                .show();
        }
        state.request_sync(&project);
        let _ = ProjectChanged { project_id: project, imported: 0 }.emit(app);
    }
}
