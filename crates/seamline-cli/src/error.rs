//! The command's errors: a store or sync refusal (exit 1) or a usage error (exit 2), each with
//! the stable code the app's errors have.

#[derive(Debug)]
pub enum Error {
    Store(seamline_store::Error),
    Sync(seamline_sync::Error),
    Usage(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Store(e) => write!(f, "{e}"),
            Error::Sync(e) => write!(f, "{e}"),
            Error::Usage(m) => f.write_str(m),
        }
    }
}

impl Error {
    /// The stable code of the error, as the app's `ApiError` has it.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Store(e) => e.code(),
            Error::Sync(e) => e.code(),
            Error::Usage(_) => "Usage",
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Store(_) | Error::Sync(_) => 1,
        }
    }
}

impl From<seamline_sync::Error> for Error {
    fn from(e: seamline_sync::Error) -> Self {
        match e {
            seamline_sync::Error::Store(e) => Error::Store(e),
            // A company the project does not have is a bad argument: exit 2, naming both.
            e @ seamline_sync::Error::UnknownCompany { .. } => Error::Usage(e.to_string()),
            other => Error::Sync(other),
        }
    }
}

impl From<seamline_store::Error> for Error {
    fn from(e: seamline_store::Error) -> Self {
        Error::Store(e)
    }
}

pub type Result<T = ()> = std::result::Result<T, Error>;
