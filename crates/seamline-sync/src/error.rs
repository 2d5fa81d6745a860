//! The sync crate's one error type. A bad *file* in the folder is never an error: it is a
//! skipped entry in the report. Errors are for when the exchange cannot run at all.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The folder cannot be used for this project (another project's folder, not empty…).
    #[error("{0}")]
    BadFolder(String),
    /// The folder is not there (a drive not mounted, a sync client not running).
    #[error(
        "the shared folder {0} cannot be reached; check that it exists and your sync service is running"
    )]
    Unreachable(String),
    /// The project has no shared folder on this device.
    #[error("project {0} is not linked to a shared folder; link one first")]
    NotLinked(String),
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
    /// Joining as a company the project does not have.
    #[error("company must be one of the project's companies, {ours} or {partner} (got '{got}')")]
    UnknownCompany { got: String, ours: String, partner: String },
    /// An invite code that is missing, mistyped, used, or not for this folder or company.
    #[error("{0}")]
    BadInvite(String),
    /// Not allowed by the project's trust rules (removing another company's device…).
    #[error("{0}")]
    NotAllowed(String),
    /// This device's key is not where it was kept (a locked or reset keychain, a deleted key
    /// file): sync stops rather than make a new identity.
    #[error("{0}")]
    KeyLost(String),
    #[error(transparent)]
    Store(#[from] seamline_store::Error),
}

impl Error {
    /// A stable code, as the store's codes.
    pub fn code(&self) -> &'static str {
        match self {
            Error::BadFolder(_)
            | Error::UnknownCompany { .. }
            | Error::BadInvite(_)
            | Error::NotAllowed(_) => "Validation",
            Error::Unreachable(_) => "SyncUnreachable",
            Error::KeyLost(_) => "KeyLost",
            Error::NotLinked(_) => "NotFound",
            Error::Io { .. } => "Io",
            Error::Store(e) => e.code(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
