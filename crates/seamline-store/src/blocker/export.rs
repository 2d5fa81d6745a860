//! The blocker list as CSV, for spreadsheets. Every cell goes through `csv_cell`: a title typed
//! on the partner's side must never become a formula in this side's spreadsheet.

use std::ops::Deref;

use seamline_core::export::csv_cell;

use crate::error::{Error, Result};
use crate::workspace::{BlockersRoom, Workspace};

impl<W: Deref<Target = Workspace>> BlockersRoom<W> {
    /// Every blocker of the project (open and resolved) as CSV with a header row.
    pub fn csv(&self, project: &str) -> Result<String> {
        let p = self.ws.projects().get(project)?;
        let mut w = csv::Writer::from_writer(Vec::new());
        let csv_err = |e: csv::Error| Error::Internal(format!("cannot write CSV: {e}"));
        w.write_record([
            "id",
            "title",
            "class",
            "waiting_on",
            "owner",
            "opened",
            "due",
            "age_business_days",
            "escalated",
            "escalate_to",
            "move",
            "resolved",
            "resolution",
        ])
        .map_err(csv_err)?;
        for b in self.list(&p.id, false)? {
            // Every cell through `csv_cell`: a title typed on the partner's side must never
            // become a formula in this side's spreadsheet.
            w.write_record(
                [
                    b.id.as_str(),
                    &b.title,
                    b.class.as_str(),
                    p.company(b.waiting_on),
                    &b.owner_name,
                    &b.opened.to_string(),
                    &b.due.map(|d| d.to_string()).unwrap_or_default(),
                    &b.age_business_days.to_string(),
                    if b.escalated { "yes" } else { "no" },
                    &b.escalate_to_name,
                    &b.move_text,
                    &b.resolved.map(|d| d.to_string()).unwrap_or_default(),
                    b.resolution.as_deref().unwrap_or(""),
                ]
                .map(csv_cell)
                .iter()
                .map(|c| c.as_ref()),
            )
            .map_err(csv_err)?;
        }
        let bytes = w.into_inner().map_err(|e| Error::Internal(format!("cannot write CSV: {e}")))?;
        String::from_utf8(bytes).map_err(|e| Error::Internal(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use crate::{Clock, Workspace};

    fn demo() -> (Workspace, String) {
        let now = DateTime::parse_from_rfc3339("2027-01-15T10:00:00Z").unwrap();
        let mut ws = Workspace::open_in_memory(Clock::Fixed(now)).unwrap();
        let id = crate::demo::create(&mut ws).unwrap().id;
        (ws, id)
    }

    #[test]
    fn blockers_export_as_csv_a_spreadsheet_reads() {
        let (ws, id) = demo();
        let csv = ws.blockers().csv(&id).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header[..4], ["id", "title", "class", "waiting_on"]);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), ws.blockers().list(&id, false).unwrap().len());
        let dpa = rows.iter().find(|r| &r[1] == "DPA redlines waiting on Ledgerly legal").unwrap();
        assert_eq!((&dpa[2], &dpa[3], &dpa[8], &dpa[9]), ("legal", "Ledgerly", "yes", "Sofia Alvarez"));
        // a title with a comma and quotes survives the round trip
        assert!(rows.iter().any(|r| r[1].contains("billing contact's email")));
    }

    #[test]
    fn milestones_export_as_an_icalendar_file() {
        let (ws, id) = demo();
        let ics = ws.milestones().ics(&id).unwrap();
        assert!(ics.starts_with("BEGIN:VCALENDAR"));
        assert!(ics.trim_end().ends_with("END:VCALENDAR"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), ws.milestones().list(&id).unwrap().len());
        assert!(ics.contains("SUMMARY:[Build] Production go-live"));
        assert!(ics.contains("DTSTART;VALUE=DATE:"));
        // long lines are folded (RFC 5545); unfold as a calendar app does
        let unfolded = ics.replace("\r\n ", "");
        assert!(
            unfolded.contains("Production go-live") && unfolded.contains("waits for the signed agreement")
        );
    }
}
