//! Runs shared-folder syncs in the background: when a linked folder changes (a file watcher),
//! every 30 seconds while the folder is reachable, and soon after a local edit. Syncs run on
//! tokio's blocking pool, never on the UI thread, and requests for the same project within a
//! second are merged into one sync.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::events::ProjectChanged;
use crate::state::{AppState, LastSync};

const DEBOUNCE: Duration = Duration::from_millis(800);
const TIMER: Duration = Duration::from_secs(30);
/// How long after start-up the first escalation pass runs.
const FIRST_ESCALATION_PASS: Duration = Duration::from_secs(2);

/// Starts the engine: watchers on every linked folder, the timer, and the worker.
pub fn start<R: Runtime>(app: AppHandle<R>, mut requests: UnboundedReceiver<String>) {
    let state = app.state::<AppState>();
    let links = state.workspace().sync().links().unwrap_or_else(|e| {
        tracing::error!(event = "sync.folders_unreadable", error = %e, "cannot read the shared folders");
        Vec::new()
    });
    for link in &links {
        state.request_sync(&link.project_id);
    }
    // The first escalation pass waits until the first screen has had its data: it reads every
    // project's blockers under the workspace lock, which the home screen is waiting for at
    // start-up. The timer's syncs start a period later (linked folders were asked for above).
    let timer_app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_ESCALATION_PASS).await;
        let first = timer_app.clone();
        if let Err(e) = tauri::async_runtime::spawn_blocking(move || crate::escalation::raise(&first)).await {
            tracing::error!(event = "escalation.pass_failed", error = %e, "the escalation pass stopped");
        }
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + TIMER, TIMER);
        loop {
            tick.tick().await;
            let state = timer_app.state::<AppState>();
            let links = state.workspace().sync().links().unwrap_or_else(|e| {
                tracing::error!(event = "sync.folders_unreadable", error = %e, "cannot read the shared folders");
                Vec::new()
            });
            for link in links.iter().filter(|l| l.folder.is_dir()) {
                state.request_sync(&link.project_id);
            }
            let app = timer_app.clone();
            if let Err(e) = tauri::async_runtime::spawn_blocking(move || crate::escalation::raise(&app)).await
            {
                tracing::error!(event = "escalation.pass_failed", error = %e, "the escalation pass stopped");
            }
        }
    });

    tauri::async_runtime::spawn(async move {
        while let Some(first) = requests.recv().await {
            let mut pending = BTreeSet::from([first]);
            tokio::time::sleep(DEBOUNCE).await;
            while let Ok(more) = requests.try_recv() {
                pending.insert(more);
            }
            for project in pending {
                let app = app.clone();
                if let Err(e) = tauri::async_runtime::spawn_blocking(move || run_sync(&app, &project)).await {
                    tracing::error!(event = "sync.task_failed", error = %e, "a sync stopped");
                }
            }
        }
    });
}

fn run_sync<R: Runtime>(app: &AppHandle<R>, project: &str) {
    let state = app.state::<AppState>();
    let outcome = {
        let mut ws = state.workspace();
        let link = match ws.sync().link_of(project) {
            Ok(link) => link,
            Err(e) => {
                tracing::error!(event = "sync.folder_unreadable", project, error = %e, "cannot read the project's shared folder");
                return;
            }
        };
        // Keep the watchers in step with the links: linked, relinked or unlinked since.
        let watched = state.watchers().get(project).map(|(f, _)| f.clone());
        match &link {
            None => {
                state.watchers().remove(project);
                return;
            }
            Some(l) if watched.as_ref() != Some(&l.folder) => {
                let own = seamline_sync::folder::device_dir(&l.folder, ws.device_id());
                watch(app, project, &l.folder, own);
            }
            Some(_) => {}
        }
        let who = seamline_sync::Identity::of(&ws);
        seamline_sync::sync(&mut ws, project, &who)
            .map_err(|e| (ws.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true), e.to_string()))
    };
    let imported = match outcome {
        Ok(report) => {
            let imported = report.imported;
            if imported > 0 || report.exported > 0 {
                tracing::info!(event = "sync.done", project, imported, exported = report.exported, "synced");
            }
            for skipped in report.skipped.iter().filter(|s| !s.known) {
                tracing::warn!(event = "sync.file_skipped", project, file = %skipped.file, reason = %skipped.reason, "skipped a file of the shared folder");
            }
            if let Some(warning) = &report.clock_warning {
                tracing::warn!(event = "sync.clock_wrong", project, "{warning}");
            }
            for warning in &report.warnings {
                tracing::warn!(event = "sync.warning", project, "{warning}");
            }
            let asked_before = match state.last_sync(project) {
                Some(LastSync::Done(r)) => r.requests,
                _ => 0,
            };
            if report.requests > asked_before {
                tell_of_requests(app, project, report.requests);
            }
            state.set_last_sync(project, LastSync::Done(report));
            imported
        }
        Err((at, message)) => {
            // Shown on the Sync screen and in the header's sync chip, where the user acts on it.
            tracing::warn!(event = "sync.failed", project, error = %message, "sync failed");
            state.set_last_sync(project, LastSync::Failed { at, message });
            0
        }
    };
    if let Err(e) = (ProjectChanged { project_id: project.to_string(), imported }).emit(app) {
        tracing::warn!(event = "sync.window_not_told", error = %e, "cannot tell the window a sync finished");
    }
}

/// A device asks to join with an invite of this company: the lead is told, since nothing
/// happens until someone here lets it in.
fn tell_of_requests<R: Runtime>(app: &AppHandle<R>, project: &str, count: u32) {
    use tauri_plugin_notification::NotificationExt;
    let name =
        app.state::<AppState>().workspace().projects().known_name(project).ok().flatten().unwrap_or_default();
    let body = format!(
        "{} asking to join \"{name}\": compare the fingerprint with the person who asked, then admit or refuse on the project's Sync screen.",
        if count == 1 { "A device is".to_string() } else { format!("{count} devices are") }
    );
    tracing::info!(event = "admission.requests", project, count, "devices ask to join");
    if let Err(e) = app.notification().builder().title("A device asks to join").body(body).show() {
        tracing::warn!(event = "admission.notification_failed", error = %e, "cannot raise a notification of a request to join");
    }
}

/// Watches a linked folder; changes in it ask for a sync. This device's own writes (its
/// directory, the status page, temp files) are not changes worth a sync.
fn watch<R: Runtime>(app: &AppHandle<R>, project: &str, folder: &Path, own: std::path::PathBuf) {
    let state = app.state::<AppState>();
    let handle = app.clone();
    let id = project.to_string();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let event = match event {
            Ok(event) => event,
            Err(e) => {
                // The timer still syncs every 30 seconds.
                tracing::warn!(event = "watch.error", error = %e, "the shared folder's watcher reported an error");
                return;
            }
        };
        let interesting = event.paths.iter().any(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            !p.starts_with(&own) && !name.starts_with(".tmp-") && name != seamline_sync::folder::STATUS_PAGE
        });
        if interesting {
            handle.state::<AppState>().request_sync(&id);
        }
    });
    // A folder that cannot be watched (a drive not mounted, too many watches) is still synced
    // by the timer.
    match watcher {
        Ok(mut w) => match w.watch(folder, RecursiveMode::Recursive) {
            Ok(()) => {
                state.watchers().insert(project.to_string(), (folder.to_path_buf(), w));
            }
            Err(e) => {
                tracing::warn!(event = "watch.folder_failed", project, error = %e, "cannot watch the shared folder; syncing on the timer")
            }
        },
        Err(e) => {
            tracing::warn!(event = "watch.start_failed", error = %e, "cannot start a folder watcher; syncing on the timer")
        }
    }
}
