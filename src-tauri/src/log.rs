//! The app's log: a file per day in `<data folder>/logs/`, the last 14 kept. Background work
//! (syncs, escalations, notifications, folder watchers) reports its failures here; where the
//! user must act, the screen that concerns it says so too (the Sync screen, for a sync). Every
//! command that fails is logged by `ApiError::new` with its code and field, never its message.
//! `SEAMLINE_LOG` (e.g. `debug`) sets the level; the default is `info`.
//!
//! Every event carries an `event` field naming it, from [`EVENTS`] (the one list, with each
//! event's level and what it means; a test holds the code to it), so a log can be searched by
//! what happened rather than by wording. Levels: `error` when Seamline itself could not do its
//! work (a database or disk failure, a pass that stopped); `warn` when the world got in the
//! way and Seamline carried on (a file skipped, a notification the desktop refused, a folder
//! it cannot watch); `info` for what happened as it should.

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;

/// Starts the log; keep the guard for the life of the app (dropping it flushes the file).
pub fn start() -> Option<WorkerGuard> {
    let dir = seamline_store::paths::data_dir()?.join("logs");
    // Made first: the appender prunes old files before it makes the folder, and says so on
    // stderr at every first start otherwise.
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("Seamline cannot make its log folder {}: {e}", dir.display());
        return None;
    }
    let appender = match Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("seamline")
        .filename_suffix("log")
        .max_log_files(14)
        .build(&dir)
    {
        Ok(a) => a,
        Err(e) => {
            eprintln!("Seamline cannot write its log in {}: {e}", dir.display());
            return None;
        }
    };
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("SEAMLINE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let installed =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer).with_ansi(false).try_init();
    installed.ok().map(|_| guard)
}

/// Every event the app logs: its name (the `event` field), its level, and what it means. Read
/// by people and by the test below, not by the app.
#[cfg_attr(not(test), expect(dead_code, reason = "the list people read; the test holds the code to it"))]
pub const EVENTS: &[(&str, &str, &str)] = &[
    ("app.start", "info", "the app started (with its version)"),
    ("app.workspace_unopenable", "error", "the workspace file cannot be opened; the app stops"),
    ("command.failed", "error", "a command failed in the database, the disk or the code (code, field)"),
    (
        "command.refused",
        "info",
        "a command was refused: bad input, a closed gate, the other company's facts (code, field)",
    ),
    ("sync.folders_unreadable", "error", "the list of shared folders cannot be read from the workspace"),
    ("sync.folder_unreadable", "error", "a project's shared folder cannot be read from the workspace"),
    ("sync.task_failed", "error", "a background sync stopped unexpectedly"),
    ("sync.done", "info", "a project synced (ops imported, exported)"),
    ("sync.file_skipped", "warn", "a file of the shared folder was skipped (which, and why)"),
    ("sync.clock_wrong", "warn", "a device's clock reads far from this one's"),
    ("sync.warning", "warn", "a sync carried on past a problem (e.g. the status page not written)"),
    ("sync.failed", "warn", "a project's sync failed; the Sync screen says why"),
    ("sync.window_not_told", "warn", "the window could not be told a sync finished"),
    ("admission.requests", "info", "devices ask to join a project (how many)"),
    ("admission.notification_failed", "warn", "the desktop refused the notification of a request to join"),
    ("watch.error", "warn", "a shared folder's watcher reported an error"),
    ("watch.folder_failed", "warn", "a shared folder cannot be watched; it syncs on the timer"),
    ("watch.start_failed", "warn", "no folder watcher could start; folders sync on the timer"),
    ("escalation.pass_failed", "error", "the escalation pass stopped"),
    ("escalation.projects_unreadable", "error", "the escalation pass cannot list the projects"),
    ("escalation.not_recorded", "error", "a project's escalations cannot be recorded"),
    ("escalation.raised", "info", "blockers passed their threshold and were escalated (how many)"),
    ("escalation.window_not_told", "warn", "the window could not be told of escalations"),
    ("escalation.notification_failed", "warn", "the desktop refused an escalation notification"),
    ("reminder.projects_unreadable", "error", "the reminder pass cannot list the projects"),
    ("reminder.pass_failed", "error", "a project's reminders cannot be worked out"),
    ("reminder.notification_failed", "warn", "the desktop refused a reminder notification"),
    ("reminder.not_noted", "error", "a raised reminder cannot be noted, so it may be raised again"),
];

#[cfg(test)]
mod tests {
    use super::EVENTS;

    /// Every `tracing` call in the shell names its event, at the level the list gives it, and
    /// every event on the list is logged somewhere.
    #[test]
    fn every_event_is_named_and_levelled_as_the_list_says() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/src");
        let mut files = vec![dir.clone()];
        let mut used = std::collections::BTreeSet::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.extension().is_none_or(|x| x != "rs") || path.ends_with("log.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for level in ["error", "warn", "info", "debug", "trace"] {
                for (at, _) in text.match_indices(&format!("tracing::{level}!(")) {
                    let call = &text[at..text[at..].find(';').map_or(text.len(), |e| at + e)];
                    let name = call
                        .split_once("event = \"")
                        .and_then(|(_, rest)| rest.split_once('"'))
                        .map(|(name, _)| name)
                        .unwrap_or_else(|| panic!("{} logs without an event name: {call}", path.display()));
                    let listed = EVENTS.iter().find(|e| e.0 == name);
                    assert_eq!(
                        listed.map(|e| e.1),
                        Some(level),
                        "{name} in {}: not listed at {level}",
                        path.display()
                    );
                    used.insert(name.to_string());
                }
            }
        }
        let unused: Vec<_> = EVENTS.iter().filter(|e| !used.contains(e.0)).map(|e| e.0).collect();
        assert!(unused.is_empty(), "listed but never logged: {unused:?}");
    }
}
