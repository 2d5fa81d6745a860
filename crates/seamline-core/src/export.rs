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

/// The longest content line RFC 5545 §3.1 allows, in octets, line break excluded.
const ICS_LINE_OCTETS: usize = 75;

/// An iCalendar file whose every content line fits in 75 octets, folded on character
/// boundaries (RFC 5545 §3.1). The `icalendar` crate folds, but lets a last continuation line
/// reach 76 octets and counts characters where it means bytes, so its output is unfolded and
/// folded again here. Unfolding is safe: a value's own line breaks are escaped as `\n` by then.
pub fn ics_folded(ics: &str) -> String {
    let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 24);
    for line in unfolded.split_inclusive("\r\n") {
        let (content, brk) = line.strip_suffix("\r\n").map_or((line, ""), |c| (c, "\r\n"));
        let mut room = ICS_LINE_OCTETS;
        let mut used = 0;
        for c in content.chars() {
            if used + c.len_utf8() > room {
                out.push_str("\r\n ");
                // The space that marks a continuation takes one of its 75 octets.
                room = ICS_LINE_OCTETS - 1;
                used = 0;
            }
            out.push(c);
            used += c.len_utf8();
        }
        out.push_str(brk);
    }
    out
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

    #[test]
    fn a_folded_calendar_keeps_every_line_within_75_octets() {
        // The line the icalendar crate left at 76 octets: a 75-octet last continuation.
        let long = format!("DESCRIPTION:{}\r\n", "a".repeat(75 + 75 - 12));
        let folded = ics_folded(&long);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75), "{folded:?}");
        assert_eq!(folded.replace("\r\n ", ""), long);
        // Multi-byte characters are never split.
        let wide = format!("SUMMARY:{}\r\n", "ж↔".repeat(40));
        let folded = ics_folded(&wide);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(folded.replace("\r\n ", ""), wide);
        assert_eq!(ics_folded("BEGIN:VCALENDAR\r\n"), "BEGIN:VCALENDAR\r\n");
    }

    proptest::proptest! {
        #[test]
        fn folding_any_calendar_line_round_trips(text in "[^\r\n]{0,400}") {
            let ics = format!("X:{text}\r\nY:{text}\r\n");
            let folded = ics_folded(&ics);
            proptest::prop_assert!(folded.split("\r\n").all(|l| l.len() <= 75));
            proptest::prop_assert_eq!(folded.replace("\r\n ", ""), ics);
        }
    }
}
