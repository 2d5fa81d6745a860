//! Input checks shared by every front end. Each returns the cleaned value or an error that
//! names the field and says what is allowed, so a refused write never reaches the store.

use chrono::NaiveDate;

use crate::error::{Error, Result};

/// Longest name or title accepted; longer input is almost always a paste gone wrong.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest free text accepted (story, criterion, note).
pub const MAX_TEXT_CHARS: usize = 4000;

/// A required single-line name: trimmed, non-empty, at most [`MAX_NAME_CHARS`].
pub fn name(field: &str, input: &str) -> Result<String> {
    let v = input.trim();
    if v.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    if v.chars().count() > MAX_NAME_CHARS {
        return Err(Error::validation(
            field,
            format!("must be at most {MAX_NAME_CHARS} characters (got {})", v.chars().count()),
        ));
    }
    if v.chars().any(|c| c.is_control()) {
        return Err(Error::validation(field, "must be a single line without control characters"));
    }
    Ok(v.to_string())
}

/// A required multi-line text: trimmed, non-empty, at most [`MAX_TEXT_CHARS`].
pub fn text(field: &str, input: &str) -> Result<String> {
    let v = input.trim();
    if v.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    if v.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::validation(field, format!("must be at most {MAX_TEXT_CHARS} characters")));
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

/// The escalation threshold in business days: at least one day, at most a quarter.
pub fn threshold_days(field: &str, days: i64) -> Result<u32> {
    if (1..=65).contains(&days) {
        Ok(days as u32)
    } else {
        Err(Error::validation(
            field,
            format!("must be a whole number of business days from 1 to 65 (got {days})"),
        ))
    }
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
    fn thresholds() {
        check(threshold_days("threshold_days", 5), "ok 5");
        check(
            threshold_days("threshold_days", 0),
            "err threshold_days must be a whole number of business days from 1 to 65 (got 0)",
        );
    }
}
