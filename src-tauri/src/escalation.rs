//! Escalations as desktop notifications: every open blocker that has just passed its
//! project's threshold is recorded (when, and to whom) and told of once. A pass with many
//! fresh escalations (a backlog, a workspace opened after a long break) tells of them
//! together: `seamline_core::blocker::escalation_notices` decides how.

use seamline_core::blocker::{escalation_notices, Escalated};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;

use crate::events::ProjectChanged;
use crate::state::AppState;

/// Records and raises the escalations of every project, then the cadence's reminders due
/// today. Runs at start-up and on the timer.
pub fn raise<R: Runtime>(app: &AppHandle<R>) {
    raise_escalations(app);
    crate::reminders::raise(app);
}

fn raise_escalations<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let projects: Vec<String> = match state.workspace().projects().ids() {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(event = "escalation.projects_unreadable", error = %e, "escalation pass: cannot list the projects");
            return;
        }
    };
    let mut told = Vec::new();
    for project in projects {
        // The lock is taken per project, so commands from the window run in between.
        let (fresh, company) = {
            let mut ws = state.workspace();
            let fresh = ws.blockers_mut().record_escalations(&project).unwrap_or_else(|e| {
                tracing::error!(event = "escalation.not_recorded", project = %project, error = %e, "escalation pass: cannot record escalations");
                Vec::new()
            });
            let company = ws.projects().get(&project).ok();
            (fresh, company)
        };
        if fresh.is_empty() {
            continue;
        }
        told.extend(fresh.iter().map(|b| Escalated {
            project: company.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            title: b.title.clone(),
            waiting_on: company.as_ref().map(|p| p.company(b.waiting_on).to_string()).unwrap_or_default(),
            age_business_days: b.age_business_days,
            escalate_to: b.escalate_to_name.clone(),
            to_me: b.escalate_to.is_some() && b.escalate_to == company.as_ref().and_then(|p| p.me.clone()),
        }));
        tracing::info!(event = "escalation.raised", project = %project, escalated = fresh.len(), "blockers escalated");
        if let Err(e) = (ProjectChanged { project_id: project, imported: 0 }).emit(app) {
            tracing::warn!(event = "escalation.window_not_told", error = %e, "cannot tell the window about escalations");
        }
    }
    for notice in escalation_notices(&told) {
        // No notification service (a bare desktop) is not the user's problem to fix: the
        // escalations are on every screen anyway.
        if let Err(e) = app.notification().builder().title(notice.title).body(notice.body).show() {
            tracing::warn!(event = "escalation.notification_failed", error = %e, "cannot raise an escalation notification");
        }
    }
}
