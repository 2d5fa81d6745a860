//! What every noun's options share, below the grammar and the nouns: the project an option
//! names, and the parsers that check dates and vocabularies (a bad value is a usage error,
//! exit 2, whose message lists what is allowed).

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::Args;
use seamline_core::{
    validate, Archetype, BlockerClass, ChecklistKind, Cut, Direction, MilestoneKind, RaciLetter, Side,
    SyncDay, Track, WizardStep,
};

#[derive(Args, Debug)]
pub struct ProjectRef {
    /// The project's id, or a unique prefix of at least 8 characters.
    #[arg(long)]
    pub project: String,
}

pub(crate) fn date(s: &str) -> Result<NaiveDate, String> {
    validate::date("date", s).map_err(|_| format!("expected a date written YYYY-MM-DD (got '{s}')"))
}

/// A value, or none: `""` clears the field, the convention of every patch (`seamline_store`'s
/// `patch` module), so what an option can set it can also clear.
#[derive(Debug, Clone, Copy)]
pub struct OrBlank<T>(pub Option<T>);

/// Reads an option with `parse`, taking `""` as "clear it".
pub(crate) fn or_blank<T: Clone + Send + Sync + 'static>(
    parse: fn(&str) -> Result<T, String>,
) -> impl Fn(&str) -> Result<OrBlank<T>, String> + Clone + Send + Sync + 'static {
    move |s| if s.trim().is_empty() { Ok(OrBlank(None)) } else { parse(s).map(|v| OrBlank(Some(v))) }
}

pub(crate) fn instant(s: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s.trim()).map_err(|_| {
        format!("SEAMLINE_NOW must be an RFC 3339 instant like 2027-01-15T10:00:00Z (got '{s}')")
    })
}

/// Parses any of the domain's vocabularies; the error lists every allowed value.
pub(crate) fn enum_of<T: Vocabulary>(s: &str) -> Result<T, String> {
    T::parse_value(s)
}

pub trait Vocabulary: Sized + Clone + Send + Sync + 'static {
    fn parse_value(s: &str) -> Result<Self, String>;
}

macro_rules! vocab {
    ($($t:ty),+) => {$(
        impl Vocabulary for $t {
            fn parse_value(s: &str) -> Result<Self, String> {
                <$t>::parse("value", s).map_err(|e| match e {
                    seamline_core::Error::Validation { message, .. } => message,
                    other => other.to_string(),
                })
            }
        }
    )+};
}
vocab!(
    Archetype,
    Side,
    SyncDay,
    BlockerClass,
    RaciLetter,
    Track,
    MilestoneKind,
    Cut,
    ChecklistKind,
    Direction,
    WizardStep
);
