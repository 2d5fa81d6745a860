//! The one error type that crosses IPC: `{ code, message, field }`. The UI branches on `code`
//! and shows `message` next to `field` when there is one.

use serde::Serialize;

/// Stable codes; never rename one (the UI and its tests branch on them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub enum ErrorCode {
    Validation,
    NotFound,
    GateClosed,
    /// A change to the other company's facts: only its devices make it; suggest it instead.
    NotYours,
    NewerWorkspace,
    /// A file of the shared folder could not be applied (it is skipped with its reason).
    SyncFormat,
    /// The project being joined is already in this workspace; joining again moves it to the
    /// new folder only when the user confirms.
    AlreadyLinked,
    /// The shared folder cannot be reached (not mounted, sync client not running).
    SyncUnreachable,
    /// This device's key is not where it was kept (a locked or reset keychain, a deleted key
    /// file): sync stops rather than make a new identity; rejoin with a new invite.
    KeyLost,
    Database,
    Io,
    Internal,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The input field the error is about, when it is about one.
    pub field: Option<String>,
}

impl ApiError {
    /// Every error a command returns is made here, and logged here: its code and the field it
    /// is about, never its message (which may quote what the user typed, a name or a path).
    /// Refusals (bad input, a closed gate, the other company's facts) are `info`; failures of
    /// the database, the disk or the code are `error`, with `detail` when it carries no user
    /// data (SQLite's own words).
    pub fn new(code: ErrorCode, message: String, field: Option<String>, detail: Option<&str>) -> Self {
        match code {
            ErrorCode::Database | ErrorCode::Io | ErrorCode::Internal | ErrorCode::KeyLost => {
                tracing::error!(
                    event = "command.failed",
                    ?code,
                    field = field.as_deref(),
                    detail,
                    "a command failed"
                )
            }
            _ => tracing::info!(
                event = "command.refused",
                ?code,
                field = field.as_deref(),
                "a command was refused"
            ),
        }
        ApiError { code, message, field }
    }
}

impl From<seamline_store::Error> for ApiError {
    fn from(e: seamline_store::Error) -> Self {
        use seamline_store::Error as E;
        let code = match &e {
            E::Validation { .. } | E::Ambiguous { .. } => ErrorCode::Validation,
            E::NotFound { .. } => ErrorCode::NotFound,
            E::GateClosed(_) => ErrorCode::GateClosed,
            E::NotYours(_) => ErrorCode::NotYours,
            E::Rejected(_) | E::Deferred(_) => ErrorCode::SyncFormat,
            E::AlreadyLinked { .. } => ErrorCode::AlreadyLinked,
            E::NewerWorkspace { .. } => ErrorCode::NewerWorkspace,
            E::Sqlite(_) | E::Migration(_) => ErrorCode::Database,
            E::Io { .. } => ErrorCode::Io,
            E::Internal(_) => ErrorCode::Internal,
        };
        let (field, message) = match &e {
            // The form shows the message under the field, so the field name is not repeated.
            E::Validation { field, message } => (Some(field.clone()), message.clone()),
            _ => (e.field().map(String::from), e.to_string()),
        };
        let detail = match &e {
            E::Sqlite(s) => Some(s.to_string()),
            E::Migration(m) => Some(m.to_string()),
            _ => None,
        };
        ApiError::new(code, message, field, detail.as_deref())
    }
}

impl From<seamline_sync::Error> for ApiError {
    fn from(e: seamline_sync::Error) -> Self {
        use seamline_sync::Error as E;
        let (code, field) = match &e {
            E::Store(_) => (ErrorCode::Internal, None),
            E::BadFolder(_) => (ErrorCode::Validation, Some("folder")),
            E::UnknownCompany { .. } => (ErrorCode::Validation, Some("company")),
            E::Unreachable(_) => (ErrorCode::SyncUnreachable, None),
            E::NotLinked(_) => (ErrorCode::NotFound, None),
            E::BadInvite(_) => (ErrorCode::Validation, Some("invite")),
            E::NotAllowed(_) => (ErrorCode::Validation, None),
            E::KeyLost(_) => (ErrorCode::KeyLost, None),
            E::Io { .. } => (ErrorCode::Io, None),
        };
        let message = match e {
            E::Store(e) => return e.into(),
            // These carry the sentence itself; the others say it through Display.
            E::BadFolder(m) | E::BadInvite(m) | E::NotAllowed(m) | E::KeyLost(m) => m,
            other => other.to_string(),
        };
        ApiError::new(code, message, field.map(String::from), None)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("the test's log").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_failed_command_is_logged_with_its_code_and_field_and_no_user_data() {
        let log = Captured::default();
        let writer = log.clone();
        let subscriber =
            tracing_subscriber::fmt().with_ansi(false).with_writer(move || writer.clone()).finish();
        tracing::subscriber::with_default(subscriber, || {
            let _ = ApiError::from(seamline_store::Error::Validation {
                field: "email".into(),
                message: "'ana.ruiz@acme' is not an email address".into(),
            });
            let _ = ApiError::from(seamline_sync::Error::BadInvite("Ana Ruiz's invite expired".into()));
        });
        let text = String::from_utf8(log.0.lock().expect("the test's log").clone()).expect("utf-8");
        assert!(text.contains("code=Validation") && text.contains("field=\"email\""), "{text}");
        assert!(text.contains("field=\"invite\""), "{text}");
        assert_eq!(text.lines().count(), 2, "one line per failure: {text}");
        assert!(!text.contains("ana.ruiz") && !text.contains("Ana Ruiz"), "user data in the log: {text}");
    }
}
