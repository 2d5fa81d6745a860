//! The two companies as each reader sees them. Everything stored keeps its stored sides
//! (`ours` is the company that created the project, `partner` the other); each device knows
//! which of the two it is with, and presents the project from there: its own company is
//! "Your side", shown first, and the other is named. One table, for both readers.

use serde::Serialize;

use crate::Side;

/// One company as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SideView {
    /// The stored side.
    pub side: Side,
    pub company: String,
    /// The reader is with this company.
    pub mine: bool,
    /// How a heading names it: "Your side" for the reader's own, else the company.
    pub label: String,
    /// Who a blocker waits on: "you", or the company.
    pub waits_on: String,
    /// The company's possessive, for sentences that name it ("Globex Payments' signature").
    pub possessive: String,
    /// How the Sync screen heads this company's edits that lost a race to a later edit:
    /// "Your side's edits …" for the reader's own, else the company's.
    pub lost_edits: String,
}

/// The project from one reader's side: the two companies, the reader's first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Perspective {
    /// The stored side the reader is with; `None` while the reader has not said.
    pub my_side: Option<Side>,
    /// The reader's company, when known.
    pub my_company: Option<String>,
    /// The person of that company the reader is, when they said.
    pub me: Option<String>,
    /// Both companies, the reader's own first (stored order while unknown).
    pub sides: Vec<SideView>,
}

impl Perspective {
    pub fn new(my_side: Option<Side>, ours: &str, partner: &str, me: Option<String>) -> Perspective {
        let company = |side: Side| match side {
            Side::Ours => ours,
            Side::Partner => partner,
        };
        let order = match my_side {
            Some(Side::Partner) => [Side::Partner, Side::Ours],
            _ => [Side::Ours, Side::Partner],
        };
        let sides = order
            .iter()
            .map(|&side| {
                let mine = my_side == Some(side);
                SideView {
                    side,
                    company: company(side).to_string(),
                    mine,
                    label: if mine { "Your side".to_string() } else { company(side).to_string() },
                    waits_on: if mine { "you".to_string() } else { company(side).to_string() },
                    possessive: possessive(company(side)),
                    lost_edits: format!(
                        "{} edits that lost to a later one",
                        if mine { "Your side's".to_string() } else { possessive(company(side)) }
                    ),
                }
            })
            .collect();
        Perspective { my_side, my_company: my_side.map(|s| company(s).to_string()), me, sides }
    }

    /// How the reader sees a stored side.
    pub fn of(&self, side: Side) -> &SideView {
        self.sides.iter().find(|v| v.side == side).unwrap_or(&self.sides[0])
    }

    pub fn is_mine(&self, side: Side) -> bool {
        self.my_side == Some(side)
    }

    /// The heading of the edits that lost a race, by the company whose edits they were
    /// (`None`: a device that never said which company it is with).
    pub fn lost_edits(&self, side: Option<Side>) -> String {
        match side {
            Some(side) => self.of(side).lost_edits.clone(),
            None => "Edits from other devices that lost to a later one".to_string(),
        }
    }
}

/// A name's possessive: "Acme's", "Globex Payments'".
pub fn possessive(name: &str) -> String {
    if name.ends_with(['s', 'S']) {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// The stored side of the company named `name` (either project company, case and spacing
/// aside), if it is one of them.
pub fn side_of_company(name: &str, ours: &str, partner: &str) -> Option<Side> {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let wanted = norm(name);
    if wanted == norm(ours) {
        Some(Side::Ours)
    } else if wanted == norm(partner) {
        Some(Side::Partner)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reader_sees_its_own_company_first_as_your_side() {
        // (reader's side, headings in order, who a partner-side blocker waits on)
        let cases = [
            (Some(Side::Ours), ["Your side", "Ledgerly"], "Ledgerly", "you"),
            (Some(Side::Partner), ["Your side", "Northwind CRM"], "you", "Northwind CRM"),
            (None, ["Northwind CRM", "Ledgerly"], "Ledgerly", "Northwind CRM"),
        ];
        for (mine, headings, partner_waits, ours_waits) in cases {
            let p = Perspective::new(mine, "Northwind CRM", "Ledgerly", None);
            let shown: Vec<&str> = p.sides.iter().map(|s| s.label.as_str()).collect();
            assert_eq!(shown, headings, "reader {mine:?}");
            assert_eq!(p.of(Side::Partner).waits_on, partner_waits);
            assert_eq!(p.of(Side::Ours).waits_on, ours_waits);
            assert_eq!(p.sides.iter().filter(|s| s.mine).count(), usize::from(mine.is_some()));
        }
        let partner = Perspective::new(Some(Side::Partner), "Northwind CRM", "Ledgerly", Some("p1".into()));
        assert_eq!(partner.my_company.as_deref(), Some("Ledgerly"));
        assert_eq!(partner.of(Side::Partner).company, "Ledgerly", "stored sides keep their companies");
    }

    #[test]
    fn review_headings_follow_the_reader() {
        // Globex's own edit lost a race: Globex reads it as its own, Acme as Globex's.
        let globex = Perspective::new(Some(Side::Partner), "Acme", "Globex Payments", None);
        let acme = Perspective::new(Some(Side::Ours), "Acme", "Globex Payments", None);
        assert_eq!(globex.lost_edits(Some(Side::Partner)), "Your side's edits that lost to a later one");
        assert_eq!(acme.lost_edits(Some(Side::Partner)), "Globex Payments' edits that lost to a later one");
        assert_eq!(globex.lost_edits(Some(Side::Ours)), "Acme's edits that lost to a later one");
        assert_eq!(acme.lost_edits(None), "Edits from other devices that lost to a later one");
        assert_eq!(globex.of(Side::Partner).possessive, "Globex Payments'");
    }

    #[test]
    fn a_possessive_reads_as_english() {
        for (name, expect) in [
            ("Acme", "Acme's"),
            ("Globex Payments", "Globex Payments'"),
            ("HSBC", "HSBC's"),
            ("ATLAS", "ATLAS'"),
        ] {
            assert_eq!(possessive(name), expect);
        }
    }

    #[test]
    fn a_company_is_found_by_its_name_whatever_the_case_and_spacing() {
        assert_eq!(side_of_company("  ledgerly ", "Northwind CRM", "Ledgerly"), Some(Side::Partner));
        assert_eq!(side_of_company("Northwind  crm", "Northwind CRM", "Ledgerly"), Some(Side::Ours));
        assert_eq!(side_of_company("Globex", "Northwind CRM", "Ledgerly"), None);
    }
}
