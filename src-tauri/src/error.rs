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
        ApiError { code, message, field }
    }
}

impl From<seamline_sync::Error> for ApiError {
    fn from(e: seamline_sync::Error) -> Self {
        use seamline_sync::Error as E;
        match e {
            E::Store(e) => e.into(),
            E::BadFolder(message) => {
                ApiError { code: ErrorCode::Validation, message, field: Some("folder".into()) }
            }
            E::UnknownCompany { .. } => ApiError {
                code: ErrorCode::Validation,
                message: e.to_string(),
                field: Some("company".into()),
            },
            E::Unreachable(_) => {
                ApiError { code: ErrorCode::SyncUnreachable, message: e.to_string(), field: None }
            }
            E::NotLinked(_) => ApiError { code: ErrorCode::NotFound, message: e.to_string(), field: None },
            E::BadInvite(message) => {
                ApiError { code: ErrorCode::Validation, message, field: Some("invite".into()) }
            }
            E::NotAllowed(message) => ApiError { code: ErrorCode::Validation, message, field: None },
            E::KeyLost(message) => ApiError { code: ErrorCode::KeyLost, message, field: None },
            E::Io { .. } => ApiError { code: ErrorCode::Io, message: e.to_string(), field: None },
        }
    }
}
