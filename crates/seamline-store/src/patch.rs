//! Patches: a field absent from a patch is left alone, a field set to `null` is cleared.

use serde::{Deserialize, Deserializer};

/// Reads an optional field of a patch: absent is `None` (with `#[serde(default)]`), `null`
/// is `Some(None)` (clear it), a value is `Some(Some(value))`.
pub(crate) fn set_or_clear<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}
