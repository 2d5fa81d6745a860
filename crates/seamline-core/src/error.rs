//! The one error type of the domain rules.

/// Why a rule refused its input. Each variant maps to a stable code at the IPC boundary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// An input field is missing or outside what is allowed. The message says what is allowed.
    #[error("{field} {message}")]
    Validation { field: String, message: String },
    /// A gate of the playbook refuses the change.
    #[error("{0}")]
    GateClosed(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation { field: field.into(), message: message.into() }
    }

    /// The field a validation error names, for showing the message next to that field.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation { field, .. } => Some(field),
            Error::GateClosed(_) => None,
        }
    }
}
