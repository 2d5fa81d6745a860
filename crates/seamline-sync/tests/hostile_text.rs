//! Whatever text another device writes into any field, what this device makes of it stays
//! text: the status page holds only the template's elements, the CSV export only cells a
//! spreadsheet shows (never runs), the calendar export only well-formed content lines, and no
//! read of the project panics.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use common::*;
use proptest::prelude::*;
use seamline_core::export::csv_cell;
use seamline_store::oplog::Op;
use seamline_store::Workspace;

/// Text built to break out of HTML, CSV and iCalendar, or to hide what it says.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[<>\"'&=+@;,:\\\\/a-z \\-\t\r\n\u{0}\u{7}\u{1b}\u{202e}\u{2066}\u{5d0}]{0,40}",
        1 => Just("<script>alert(1)</script>".to_string()),
        1 => Just("</td></tr></table><img src=x onerror=alert(1)>".to_string()),
        1 => Just("\"><iframe src=javascript:alert(1)>".to_string()),
        1 => Just("=HYPERLINK(\"http://evil.example\",\"Click\")".to_string()),
        1 => Just("+cmd|' /C calc'!A0".to_string()),
        1 => Just("@SUM(1+1)*cmd|' /C calc'!A0".to_string()),
        1 => Just("Summary\r\nBEGIN:VEVENT\r\nSUMMARY:planted".to_string()),
        1 => Just("x".repeat(256 * 1024 - 64)),
    ]
}

/// The elements and attributes the page's template uses: nothing else may appear.
const TAGS: &[&str] = &[
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "p", "span", "section", "table",
    "tr", "th", "td", "ul", "li", "div", "strong", "pre", "footer",
];
const ATTRIBUTES: &[&str] = &["lang", "charset", "name", "content", "http-equiv", "class"];

fn check_page(html: &str) {
    for token in html5gum::Tokenizer::new(html) {
        let token = token.expect("the tokenizer accepts any input");
        let name = match &token {
            html5gum::Token::StartTag(tag) => Some(&tag.name),
            html5gum::Token::EndTag(tag) => Some(&tag.name),
            _ => None,
        };
        if let Some(name) = name {
            let name = String::from_utf8_lossy(name);
            assert!(TAGS.contains(&name.as_ref()), "an element the template never writes: <{name}>");
        }
        if let html5gum::Token::StartTag(tag) = token {
            for attr in tag.attributes.keys() {
                let attr = String::from_utf8_lossy(attr);
                assert!(
                    ATTRIBUTES.contains(&attr.as_ref()),
                    "an attribute the template never writes: {attr}"
                );
            }
        }
    }
}

fn check_csv(ws: &Workspace, project: &str) {
    let csv = ws.blockers().csv(project).unwrap();
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("well-formed CSV")).collect();
    let blockers = ws.blockers().list(project, false).unwrap();
    assert_eq!(records.len(), blockers.len(), "one record per blocker, whatever the titles hold");
    for (record, b) in records.iter().zip(&blockers) {
        assert_eq!(record.len(), 13);
        assert_eq!(&record[1], csv_cell(&b.title).as_ref(), "the title comes back as written, made inert");
        for cell in record.iter() {
            assert!(
                !matches!(cell.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                "a formula cell: {cell:?}"
            );
        }
    }
}

fn check_ics(ws: &Workspace, project: &str) {
    let ics = ws.milestones().ics(project).unwrap();
    assert!(ics.ends_with("\r\n"));
    let lines: Vec<&str> = ics.split("\r\n").collect();
    for line in &lines {
        assert!(line.len() <= 75, "a content line over 75 octets: {line:?}");
        assert!(!line.chars().any(|c| c.is_control() && c != '\t'), "a control character in {line:?}");
    }
    let unfolded = ics.replace("\r\n ", "");
    let events = unfolded.lines().filter(|l| *l == "BEGIN:VEVENT").count();
    assert_eq!(events, unfolded.lines().filter(|l| *l == "END:VEVENT").count());
    assert_eq!(
        events,
        ws.milestones().list(project).unwrap().iter().filter(|m| m.done.or(m.planned).is_some()).count()
    );
}

fn every_read(ws: &Workspace, project: &str) {
    ws.projects().get(project).unwrap();
    ws.people().list(project).unwrap();
    ws.blockers().list(project, false).unwrap();
    ws.history().changes(project, 500).unwrap();
    ws.history().conflicts(project).unwrap();
    ws.projects().readiness(project).unwrap();
    ws.scope().get(project).unwrap();
    ws.contract().get(project).unwrap();
    ws.contract().markdown(project).unwrap();
    ws.raci().get(project).unwrap();
    ws.raci().check(project).unwrap();
    ws.milestones().tracks(project).unwrap();
    ws.reports().agenda(project).unwrap();
    ws.reports().status_draft(project, None).unwrap();
    ws.reports().metrics(project).unwrap();
    ws.projects().portfolio().unwrap();
    ws.history().invalid_values(project).unwrap();
    ws.history().clock_skews(project).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn hostile_text_in_every_field_stays_text(texts in proptest::collection::vec(hostile(), 16)) {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = open(&dir.path().join("ws.sqlite"));
        let p = seamline_store::demo::create(&mut ws).unwrap();
        let project = p.id.clone();
        let mut targets: Vec<(&str, String, &str)> = vec![
            ("project", project.clone(), "name"),
            ("project", project.clone(), "ours"),
            ("project", project.clone(), "partner"),
        ];
        for person in ws.people().list(&project).unwrap() {
            targets.push(("person", person.id.clone(), "name"));
            targets.push(("person", person.id, "title"));
        }
        for b in ws.blockers().list(&project, false).unwrap() {
            targets.push(("blocker", b.id.clone(), "title"));
            targets.push(("blocker", b.id, "resolution"));
        }
        for m in ws.milestones().list(&project).unwrap() {
            targets.push(("milestone", m.id, "title"));
        }
        let scope = ws.scope().get(&project).unwrap();
        for s in scope.stories {
            targets.push(("story", s.id, "text"));
        }
        for c in scope.criteria {
            targets.push(("criterion", c.id, "text"));
        }
        for b in scope.boundaries {
            targets.push(("boundary", b.id, "text"));
        }
        targets.push(("status_report", "01a2b3c4-0000-7000-8000-0000000000aa".into(), "body"));
        targets.push(("status_report", "01a2b3c4-0000-7000-8000-0000000000aa".into(), "week"));
        let mallory = "01a2b3c4-0000-7000-8000-00000000beef".to_string();
        let ops: Vec<Op> = targets
            .iter()
            .enumerate()
            .map(|(i, (entity, row, field))| Op {
                hlc: (1_900_000_000_000i64 + i as i64) << 16,
                device: mallory.clone(),
                project_id: project.clone(),
                entity: entity.to_string(),
                row_id: row.clone(),
                field: field.to_string(),
                value: texts[i % texts.len()].clone().into(),
                prev_hlc: None,
                prev_device: None,
                made_at: None,
            })
            .collect();
        ws.oplog_mut().apply_remote(&ops).unwrap();

        every_read(&ws, &project);
        check_page(&seamline_sync::status_page::render(&ws, &project).unwrap());
        check_csv(&ws, &project);
        check_ics(&ws, &project);
    }
}
