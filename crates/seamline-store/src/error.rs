//! The store's one error type. Each variant has a stable [`Error::code`] that the command and
//! the desktop shell pass on, so front ends branch on codes, never on message text.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input is missing or not allowed; the message names the field and what is allowed.
    #[error("{field} {message}")]
    Validation { field: String, message: String },
    /// An id (or id prefix) that matches nothing.
    #[error("no {what} with id '{id}'")]
    NotFound { what: &'static str, id: String },
    /// An id prefix that matches more than one row.
    #[error("id '{id}' matches more than one {what}; give more characters")]
    Ambiguous { what: &'static str, id: String },
    /// A change to the other company's facts (its people, owner, escalation contact, RACI
    /// letters…): only that company's devices make it; this one may suggest it.
    #[error("{0}")]
    NotYours(String),
    /// A gate of the playbook refuses the change (e.g. go-live before the signed agreement).
    #[error("{0}")]
    GateClosed(String),
    /// Ops from a shared folder that cannot be applied; the message says why, and the file
    /// that carried them is skipped with it.
    #[error("{0}")]
    Rejected(String),
    /// Ops from a shared folder that cannot be judged yet (the device that wrote them has not
    /// said which company it is with): the file is read again at the next sync.
    #[error("{0}")]
    Deferred(String),
    /// Joining a project this workspace already has, without saying that it should move to
    /// the new folder.
    #[error("this workspace already has the project \"{name}\"{linked}")]
    AlreadyLinked { name: String, linked: String },
    /// The workspace file was made by a newer Seamline.
    #[error("this workspace was written by a newer Seamline (schema {found}, this app knows up to {known}); update Seamline to open it")]
    NewerWorkspace { found: i64, known: usize },
    #[error("workspace database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("workspace migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation { field: field.into(), message: message.into() }
    }

    /// A stable, machine-readable code. Never rename one: the UI and scripts branch on them.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation { .. } => "Validation",
            Error::NotFound { .. } => "NotFound",
            Error::Ambiguous { .. } => "Validation",
            Error::GateClosed(_) => "GateClosed",
            Error::NotYours(_) => "NotYours",
            Error::Rejected(_) | Error::Deferred(_) => "SyncFormat",
            Error::AlreadyLinked { .. } => "AlreadyLinked",
            Error::NewerWorkspace { .. } => "NewerWorkspace",
            Error::Sqlite(_) | Error::Migration(_) => "Database",
            Error::Io { .. } => "Io",
            Error::Internal(_) => "Internal",
        }
    }

    /// The input field the error is about, so a form can show it in place.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl From<seamline_core::Error> for Error {
    fn from(e: seamline_core::Error) -> Self {
        match e {
            seamline_core::Error::Validation { field, message } => Error::Validation { field, message },
            seamline_core::Error::GateClosed(m) => Error::GateClosed(m),
        }
    }
}
