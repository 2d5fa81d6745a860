//! Input checks shared by every front end. Each returns the cleaned value or an error that
//! names the field and says what is allowed, so a refused write never reaches the store.

use chrono::NaiveDate;

use crate::error::{Error, Result};

mod rule;
pub use rule::{Rule, Value};

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
    fn thresholds() {
        check(threshold_days("threshold_days", 5), "ok 5");
        check(
            threshold_days("threshold_days", 0),
            "err threshold_days must be a whole number of business days from 1 to 65 (got 0)",
        );
    }
}
