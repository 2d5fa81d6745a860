//! Input checks shared by every front end. Each returns the cleaned value or an error that
//! names the field and says what is allowed, so a refused write never reaches the store.

use chrono::NaiveDate;

use crate::error::{Error, Result};

/// Longest name or title accepted; longer input is almost always a paste gone wrong.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest free text accepted (story, criterion, note).
pub const MAX_TEXT_CHARS: usize = 4000;

/// Longest weekly status accepted.
pub const MAX_REPORT_CHARS: usize = 20_000;

/// Characters that reorder the text around them (the "Trojan Source" overrides and isolates):
/// a title could show one thing and mean another. Right-to-left text itself is welcome.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Why a single line breaks the rules, if it does (length aside).
fn line_problem(v: &str) -> Option<&'static str> {
    if v.chars().any(|c| c.is_control()) {
        Some("must be a single line without control characters")
    } else if v.chars().any(is_bidi_control) {
        Some("must not contain characters that reorder text (bidirectional overrides)")
    } else {
        None
    }
}

/// Why a multi-line text breaks the rules, if it does (length aside): line breaks and tabs
/// are text; other control characters and bidirectional overrides are not.
fn text_problem(v: &str) -> Option<&'static str> {
    if v.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        Some("must not contain control characters")
    } else if v.chars().any(is_bidi_control) {
        Some("must not contain characters that reorder text (bidirectional overrides)")
    } else {
        None
    }
}

fn too_long(field: &str, v: &str, max: usize) -> Result<()> {
    let n = v.chars().count();
    if n > max {
        return Err(Error::validation(field, format!("must be at most {max} characters (got {n})")));
    }
    Ok(())
}

/// A required single-line name: trimmed, non-empty, at most [`MAX_NAME_CHARS`].
pub fn name(field: &str, input: &str) -> Result<String> {
    let v = input.trim();
    if v.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    too_long(field, v, MAX_NAME_CHARS)?;
    if let Some(problem) = line_problem(v) {
        return Err(Error::validation(field, problem));
    }
    Ok(v.to_string())
}

/// A required multi-line text: trimmed, non-empty, at most [`MAX_TEXT_CHARS`].
pub fn text(field: &str, input: &str) -> Result<String> {
    long_text(field, input, MAX_TEXT_CHARS)
}

/// A required multi-line text of at most `max` characters (a weekly status is longer).
pub fn long_text(field: &str, input: &str, max: usize) -> Result<String> {
    let v = input.trim();
    if v.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    too_long(field, v, max)?;
    if let Some(problem) = text_problem(v) {
        return Err(Error::validation(field, problem));
    }
    Ok(v.to_string())
}

/// An optional single-line value: blank means absent.
pub fn optional_name(field: &str, input: Option<&str>) -> Result<Option<String>> {
    match input.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => name(field, v).map(Some),
    }
}

/// An optional e-mail address. Only the shape is checked: one `@` with text on both sides
/// and a dot in the domain; deliverability is not ours to judge.
pub fn optional_email(field: &str, input: Option<&str>) -> Result<Option<String>> {
    let Some(v) = optional_name(field, input)? else {
        return Ok(None);
    };
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !v.contains(char::is_whitespace)
                // Characters that would end the address inside a mailto: link and smuggle in
                // headers (`?cc=`, `&attach=`), or a second recipient.
                && !v.contains(['?', '&', '%', ',', ';', '<', '>', '(', ')', '[', ']', '\\', '"', ':', '/'])
        }
        None => false,
    };
    if ok {
        Ok(Some(v))
    } else {
        Err(Error::validation(field, format!("must be an e-mail address like name@example.com (got '{v}')")))
    }
}

/// An optional web link (the shared channel): http or https only, never a script or file URL.
pub fn optional_url(field: &str, input: Option<&str>) -> Result<Option<String>> {
    let Some(v) = optional_name(field, input)? else {
        return Ok(None);
    };
    let lower = v.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !v.contains(char::is_whitespace) => Ok(Some(v)),
        _ => Err(Error::validation(field, format!("must be an http:// or https:// link (got '{v}')"))),
    }
}

/// A link the app hands to the system to open: an http(s) page in the browser, or a mailto:
/// draft to at most one address, its subject and body percent-encoded. Nothing else (no file,
/// script or custom-scheme URL) leaves the app.
pub fn openable_link(field: &str, input: &str) -> Result<String> {
    if let Some(rest) = input.strip_prefix("mailto:") {
        let (address, query) = rest.split_once('?').unwrap_or((rest, ""));
        let address_ok = address.is_empty() || optional_email(field, Some(address)).is_ok();
        // Only a subject and a body: no cc, bcc or attachment can ride along.
        let query_ok = query.len() <= 16_000
            && query.chars().all(|c| c.is_ascii_graphic())
            && query
                .split('&')
                .filter(|p| !p.is_empty())
                .all(|p| p.starts_with("subject=") || p.starts_with("body="));
        return if address_ok && query_ok {
            Ok(input.to_string())
        } else {
            Err(Error::validation(
                field,
                "must be a mailto: link to one e-mail address, its text percent-encoded",
            ))
        };
    }
    optional_url(field, Some(input))?.ok_or_else(|| Error::validation(field, "must not be empty"))
}

/// A calendar date written `YYYY-MM-DD`.
pub fn date(field: &str, input: &str) -> Result<NaiveDate> {
    crate::calendar::parse_date(input.trim())
        .ok_or_else(|| Error::validation(field, format!("must be a date written YYYY-MM-DD (got '{input}')")))
}

/// An optional date: blank means absent.
pub fn optional_date(field: &str, input: Option<&str>) -> Result<Option<NaiveDate>> {
    match input.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => date(field, v).map(Some),
    }
}

/// The longest escalation threshold: a quarter of business days.
pub const MAX_THRESHOLD_DAYS: u32 = 65;

/// The escalation threshold in business days: at least one day, at most a quarter.
pub fn threshold_days(field: &str, days: i64) -> Result<u32> {
    if (1..=MAX_THRESHOLD_DAYS as i64).contains(&days) {
        Ok(days as u32)
    } else {
        Err(Error::validation(
            field,
            format!("must be a whole number of business days from 1 to {MAX_THRESHOLD_DAYS} (got {days})"),
        ))
    }
}

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
            (Rule::Id, _, Some(t)) => (!is_id(t)).then(|| format!("must be an id (got '{}')", clip(t))),
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

/// Whether `t` is a row id: a UUID written as 36 lowercase-or-uppercase hex digits and dashes.
pub fn is_id(t: &str) -> bool {
    t.len() == 36
        && t.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<T: std::fmt::Debug>(got: Result<T>, expect: &str) {
        let shown = match got {
            Ok(v) => format!("ok {v:?}"),
            Err(e) => format!("err {e}"),
        };
        assert_eq!(shown, expect);
    }

    #[test]
    fn names() {
        check(name("name", "  Acme  "), r#"ok "Acme""#);
        check(name("name", "   "), "err name must not be empty");
        check(name("name", "a\nb"), "err name must be a single line without control characters");
        check(name("name", &"x".repeat(201)), "err name must be at most 200 characters (got 201)");
        check(optional_name("title", Some(" ")), "ok None");
    }

    #[test]
    fn emails() {
        check(optional_email("email", Some("ana@acme.io")), r#"ok Some("ana@acme.io")"#);
        check(optional_email("email", None), "ok None");
        check(
            optional_email("email", Some("ana@acme")),
            "err email must be an e-mail address like name@example.com (got 'ana@acme')",
        );
        check(
            optional_email("email", Some("a b@acme.io")),
            "err email must be an e-mail address like name@example.com (got 'a b@acme.io')",
        );
        // An address that would carry headers into a mailto: link.
        for bad in ["lee@x.example?attach=y", "lee@x.example&cc=eve@evil.example", "a@b.example,c@d.example"]
        {
            assert!(optional_email("email", Some(bad)).is_err(), "{bad}");
        }
        check(optional_email("email", Some("o'brien+sales@acme.io")), r#"ok Some("o'brien+sales@acme.io")"#);
    }

    #[test]
    fn urls() {
        check(
            optional_url("channel", Some("https://acme.slack.com/x")),
            r#"ok Some("https://acme.slack.com/x")"#,
        );
        check(
            optional_url("channel", Some("javascript:alert(1)")),
            "err channel must be an http:// or https:// link (got 'javascript:alert(1)')",
        );
    }

    #[test]
    fn openable_links() {
        check(openable_link("url", "https://acme.slack.com/x"), "ok \"https://acme.slack.com/x\"");
        check(
            openable_link("url", "mailto:lee@globex.example?subject=Escalation%3A%20keys&body=Hi%20Lee"),
            "ok \"mailto:lee@globex.example?subject=Escalation%3A%20keys&body=Hi%20Lee\"",
        );
        check(openable_link("url", "mailto:?subject=x"), "ok \"mailto:?subject=x\"");
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "mailto:a@b.c,d@e.f",
            "mailto:lee@globex.example?body=two words",
            "",
        ] {
            assert!(openable_link("url", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates() {
        check(date("target_launch", "2027-03-01"), "ok 2027-03-01");
        check(
            date("target_launch", "03/01/2027"),
            "err target_launch must be a date written YYYY-MM-DD (got '03/01/2027')",
        );
        check(
            date("target_launch", "2027-02-30"),
            "err target_launch must be a date written YYYY-MM-DD (got '2027-02-30')",
        );
        check(optional_date("due", Some("")), "ok None");
    }

    #[test]
    fn text_refuses_control_and_reordering_characters_but_keeps_lines_and_right_to_left() {
        check(text("note", "line one\nline two\tx"), r#"ok "line one\nline two\tx""#);
        check(text("note", "bell \u{7}"), "err note must not contain control characters");
        check(
            name("title", "invoice \u{202E}fdp.exe"),
            "err title must not contain characters that reorder text (bidirectional overrides)",
        );
        check(name("title", "שלום עולם"), r#"ok "שלום עולם""#);
        check(
            long_text("body", &"x".repeat(20_001), MAX_REPORT_CHARS),
            "err body must be at most 20000 characters (got 20001)",
        );
    }

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

    #[test]
    fn thresholds() {
        check(threshold_days("threshold_days", 5), "ok 5");
        check(
            threshold_days("threshold_days", 0),
            "err threshold_days must be a whole number of business days from 1 to 65 (got 0)",
        );
    }
}
