//! Patches, one convention for every field of every patch: a field absent (or `null`) is left
//! alone, a value sets it, and an empty string clears a field that may be empty (a text, a
//! date, an owner, a day, a direction). A field that must hold a value refuses the empty
//! string, naming the field. The command line follows it (`--sync-day ""` clears the day).

use serde::de::value::StrDeserializer;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A clearable choice (a day, a direction), which has no empty value of its own, as a patch
/// field: `#[serde(default, with = "crate::patch::blank_clears")]`. Absent or `null` is `None`,
/// `""` is `Some(None)` (clear it), a value is `Some(Some(value))`. In the bindings such a field
/// is a `string`: specta cannot say "one of these words, or the empty string" (an enum variant
/// named `""` is refused by its exporter), so the front end types it itself (`SyncDay | ''`).
pub(crate) mod blank_clears {
    use super::*;

    pub(crate) fn deserialize<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned,
    {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) if s.trim().is_empty() => Ok(Some(None)),
            Some(s) => T::deserialize(StrDeserializer::<D::Error>::new(s.trim())).map(|v| Some(Some(v))),
        }
    }

    /// Writes what `deserialize` reads.
    pub(crate) fn serialize<S, T>(v: &Option<Option<T>>, s: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        T: Serialize,
    {
        match v {
            None => s.serialize_none(),
            Some(None) => s.serialize_str(""),
            Some(Some(v)) => v.serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use seamline_core::SyncDay;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct P {
        #[serde(default, with = "super::blank_clears", skip_serializing_if = "Option::is_none")]
        day: Option<Option<SyncDay>>,
    }

    fn read(json: &str) -> Result<P, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn absent_and_null_leave_a_choice_blank_clears_it_a_value_sets_it() {
        assert_eq!(read("{}").unwrap().day, None);
        assert_eq!(read(r#"{"day":null}"#).unwrap().day, None);
        assert_eq!(read(r#"{"day":""}"#).unwrap().day, Some(None));
        assert_eq!(read(r#"{"day":"tuesday"}"#).unwrap().day, Some(Some(SyncDay::Tuesday)));
        let bad = read(r#"{"day":"Funday"}"#).unwrap_err().to_string();
        assert!(bad.contains("Funday"), "{bad}");
        for p in [P { day: None }, P { day: Some(None) }, P { day: Some(Some(SyncDay::Friday)) }] {
            assert_eq!(read(&serde_json::to_string(&p).unwrap()).unwrap(), p, "written as read");
        }
    }
}
