//! The rules a stored field is held to, for values that arrive from another device: the same
//! checks local input passes (`super`), so nothing enters a field that could not be typed there.

use super::{is_bidi_control, line_problem, optional_email, optional_url, text_problem, too_long};
use crate::error::Error;

/// What a stored field may hold: the rules local input is held to, applied again to every
/// value that arrives from another device, so a partner's app (or a hand-made file) cannot
/// put into a field what this app would refuse to type there. Empty is always allowed: it
/// clears an optional field, and a required one read empty shows as missing.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// A single line of at most `max` characters.
    Line {
        max: usize,
    },
    /// Multi-line text of at most `max` characters.
    Text {
        max: usize,
    },
    /// `YYYY-MM-DD`.
    Date,
    /// An RFC 3339 instant.
    Instant,
    /// A row id (a UUID).
    Id,
    Email,
    /// An http(s) link.
    Url,
    /// A hex SHA-256.
    Hash,
    /// One of an enum's kebab-case values.
    Enum(fn(&str) -> bool),
    /// A whole number in a range.
    Int {
        min: i64,
        max: i64,
    },
    /// A finite number (an ordering position).
    Real,
    Bool,
    /// A JSON list of `YYYY-MM-DD` dates, as text.
    DateList,
}

/// A stored value, as [`Rule::check`] sees it.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Text(&'a str),
    /// A list or a map: no field holds one.
    Other,
}

impl Rule {
    /// Why `value` may not be stored under this rule, or `None` when it may. The reason reads
    /// after the field's name ("threshold_days must be from 1 to 65 (got 0)").
    pub fn check(self, value: Value<'_>) -> Option<String> {
        let text = match value {
            Value::Null => return None,
            Value::Text("") => return None,
            Value::Text(t) => Some(t),
            _ => None,
        };
        let wrong_type = |what: &str| Some(format!("must be {what}"));
        match (self, value, text) {
            (Rule::Line { max }, _, Some(t)) => match line_problem(t) {
                Some(p) => Some(p.to_string()),
                None => too_long("", t, max).err().map(message),
            },
            (Rule::Text { max }, _, Some(t)) => match text_problem(t) {
                Some(p) => Some(p.to_string()),
                None => too_long("", t, max).err().map(message),
            },
            (Rule::Date, _, Some(t)) => crate::calendar::parse_date(t)
                .is_none()
                .then(|| format!("must be a date written YYYY-MM-DD (got '{}')", clip(t))),
            (Rule::Instant, _, Some(t)) => chrono::DateTime::parse_from_rfc3339(t)
                .is_err()
                .then(|| format!("must be an instant written as RFC 3339 (got '{}')", clip(t))),
            (Rule::Id, _, Some(t)) => {
                (!super::is_id(t)).then(|| format!("must be an id (got '{}')", clip(t)))
            }
            (Rule::Email, _, Some(t)) => optional_email("", Some(t)).err().map(message),
            (Rule::Url, _, Some(t)) => optional_url("", Some(t)).err().map(message),
            (Rule::Hash, _, Some(t)) => (t.len() != 64 || !t.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| "must be a SHA-256 written in hex".to_string()),
            (Rule::Enum(ok), _, Some(t)) => {
                (!ok(t)).then(|| format!("is not a value this app knows (got '{}')", clip(t)))
            }
            (Rule::Int { min, max }, Value::Int(n), _) => {
                (!(min..=max).contains(&n)).then(|| format!("must be from {min} to {max} (got {n})"))
            }
            (Rule::Real, Value::Real(x), _) => {
                (!x.is_finite()).then(|| "must be a finite number".to_string())
            }
            (Rule::Real, Value::Int(_), _) => None,
            (Rule::Bool, Value::Bool(_), _) => None,
            (Rule::DateList, _, Some(t)) => {
                let ok = t.starts_with('[')
                    && t.ends_with(']')
                    && t.len() <= 64 * 1024
                    && t[1..t.len() - 1].split(',').map(str::trim).filter(|d| !d.is_empty()).all(|d| {
                        d.len() == 12
                            && d.starts_with('"')
                            && d.ends_with('"')
                            && crate::calendar::parse_date(&d[1..11]).is_some()
                    });
                (!ok).then(|| "must be a list of dates written YYYY-MM-DD".to_string())
            }
            (
                Rule::Line { .. } | Rule::Text { .. } | Rule::Date | Rule::Instant | Rule::Id | Rule::Email,
                _,
                None,
            )
            | (Rule::Url | Rule::Hash | Rule::Enum(_) | Rule::DateList, _, None) => wrong_type("text"),
            (Rule::Int { .. }, _, _) => wrong_type("a whole number"),
            (Rule::Real, _, _) => wrong_type("a number"),
            (Rule::Bool, _, _) => wrong_type("yes or no"),
        }
    }
}

/// A validation error's message without its field name.
fn message(e: Error) -> String {
    match e {
        Error::Validation { message, .. } => message,
        other => other.to_string(),
    }
}

/// At most 40 characters of a bad value, for a message.
fn clip(t: &str) -> String {
    let mut s: String = t.chars().filter(|c| !c.is_control() && !is_bidi_control(*c)).take(40).collect();
    if t.chars().count() > 40 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_hold_remote_values_to_what_local_input_may_be() {
        let cases: &[(Rule, Value<'_>, Option<&str>)] = &[
            (Rule::Int { min: 1, max: 65 }, Value::Int(0), Some("must be from 1 to 65 (got 0)")),
            (Rule::Int { min: 1, max: 65 }, Value::Int(5), None),
            (Rule::Int { min: 1, max: 65 }, Value::Text("5"), Some("must be a whole number")),
            (
                Rule::Line { max: 200 },
                Value::Text("a\nb"),
                Some("must be a single line without control characters"),
            ),
            (Rule::Line { max: 3 }, Value::Text("abcd"), Some("must be at most 3 characters (got 4)")),
            (Rule::Line { max: 200 }, Value::Text(""), None),
            (Rule::Line { max: 200 }, Value::Null, None),
            (
                Rule::Date,
                Value::Text("2027-02-30"),
                Some("must be a date written YYYY-MM-DD (got '2027-02-30')"),
            ),
            (Rule::Instant, Value::Text("2027-01-15T10:00:00Z"), None),
            (Rule::Id, Value::Text("0194a1b2-0000-7000-8000-000000000001"), None),
            (Rule::Id, Value::Text("../../etc"), Some("must be an id (got '../../etc')")),
            (
                Rule::Url,
                Value::Text("javascript:alert(1)"),
                Some("must be an http:// or https:// link (got 'javascript:alert(1)')"),
            ),
            (
                Rule::Enum(|s| s == "ours" || s == "partner"),
                Value::Text("both"),
                Some("is not a value this app knows (got 'both')"),
            ),
            (Rule::Real, Value::Int(3), None),
            (Rule::Bool, Value::Int(1), Some("must be yes or no")),
            (Rule::DateList, Value::Text(r#"["2027-05-27","2027-12-25"]"#), None),
            (Rule::DateList, Value::Text(r#"["soon"]"#), Some("must be a list of dates written YYYY-MM-DD")),
            (Rule::Text { max: 10 }, Value::Other, Some("must be text")),
        ];
        for (rule, value, expect) in cases {
            assert_eq!(rule.check(*value).as_deref(), *expect, "{rule:?} on {value:?}");
        }
    }
}
