//! What makes text safe to put into a file another program opens: a spreadsheet runs a cell
//! that starts like a formula, and a calendar reads control characters as structure.

use std::borrow::Cow;

/// A CSV cell a spreadsheet shows as text, never runs: a cell starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return is a formula to Excel, LibreOffice and Google Sheets, so it
/// gets a leading apostrophe (OWASP's advice for CSV injection). The CSV writer quotes the rest.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// Text for an iCalendar TEXT value before the writer escapes backslashes, commas, semicolons
/// and line feeds (RFC 5545 §3.3.11): line breaks become line feeds, and the other control
/// characters, which a content line may not hold, are dropped.
pub fn ics_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Cow::Borrowed(text);
    }
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    Cow::Owned(normalised.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_neutralised() {
        let cases = [
            ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("Sandbox keys", "Sandbox keys"),
            ("", ""),
        ];
        for (input, expect) in cases {
            assert_eq!(csv_cell(input), expect, "{input:?}");
        }
    }

    #[test]
    fn calendar_text_keeps_lines_and_drops_other_controls() {
        assert_eq!(ics_text("a\r\nb\rc\u{7}d\te"), "a\nb\ncd\te");
        assert!(matches!(ics_text("plain"), Cow::Borrowed(_)));
    }
}
