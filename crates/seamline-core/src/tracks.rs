//! The legal and build tracks run in parallel; only go-live and the marketplace listing wait
//! for the signed agreement, because that is where customer data and public exposure begin.

use chrono::NaiveDate;

use crate::error::Error;
use crate::kinds::{MilestoneKind, Track};

/// Refuses to mark a gated milestone done before the agreement is signed.
pub fn check_gate(kind: MilestoneKind, agreement_signed: bool) -> Result<(), Error> {
    if kind.gated_on_agreement() && !agreement_signed {
        return Err(Error::GateClosed(format!(
            "{} waits for the signed agreement: mark \"Agreement signed\" done on the legal track first",
            kind.label()
        )));
    }
    Ok(())
}

/// Refuses to reopen the signed agreement while a milestone that waited for it is done (named
/// by `gated_done`) and no other agreement milestone is signed: reopen that one first.
pub fn check_reopen_agreement(gated_done: Option<&str>, other_signed: bool) -> Result<(), Error> {
    match gated_done {
        Some(title) if !other_signed => Err(Error::GateClosed(format!(
            "\"{title}\" is done and needs the signed agreement; reopen it first"
        ))),
        _ => Ok(()),
    }
}

/// A milestone as the timeline sees it: its track and its date (done, else planned).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    pub track: Track,
    pub date: NaiveDate,
}

/// The time parallel tracks save against running legal, then build: the serial plan's length
/// (legal span + build span) less the parallel plan's (first milestone to last), in whole
/// weeks. None while either track has no dated milestone.
pub fn weeks_saved(milestones: &[Dated]) -> Option<i64> {
    let span = |track: Track| {
        let dates: Vec<NaiveDate> = milestones.iter().filter(|m| m.track == track).map(|m| m.date).collect();
        Some((*dates.iter().min()?, *dates.iter().max()?))
    };
    let (ls, le) = span(Track::Legal)?;
    let (bs, be) = span(Track::Build)?;
    let serial = (le - ls).num_days() + (be - bs).num_days();
    let parallel = (le.max(be) - ls.min(bs)).num_days();
    Some(((serial - parallel).max(0)) / 7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn only_go_live_and_listing_wait_for_the_agreement() {
        for kind in MilestoneKind::ALL {
            let closed = check_gate(*kind, false);
            assert_eq!(closed.is_err(), kind.gated_on_agreement(), "{kind:?}");
            assert!(check_gate(*kind, true).is_ok());
        }
        assert_eq!(
            check_gate(MilestoneKind::ProductionGoLive, false).unwrap_err().to_string(),
            "Production go-live waits for the signed agreement: mark \"Agreement signed\" done on the legal track first"
        );
    }

    #[test]
    fn the_agreement_reopens_only_while_nothing_done_waits_for_it() {
        assert!(check_reopen_agreement(None, false).is_ok());
        assert!(check_reopen_agreement(Some("Production go-live"), true).is_ok(), "another is signed");
        assert_eq!(
            check_reopen_agreement(Some("Production go-live"), false).unwrap_err().to_string(),
            "\"Production go-live\" is done and needs the signed agreement; reopen it first"
        );
    }

    #[test]
    fn the_playbooks_example_saves_four_weeks() {
        // 4 weeks of legal alongside 8 weeks of build: 12 weeks in series, 8 in parallel.
        let m = [
            Dated { track: Track::Legal, date: d("2027-01-04") },
            Dated { track: Track::Legal, date: d("2027-02-01") },
            Dated { track: Track::Build, date: d("2027-01-04") },
            Dated { track: Track::Build, date: d("2027-03-01") },
        ];
        assert_eq!(weeks_saved(&m), Some(4));
        assert_eq!(weeks_saved(&m[..2]), None, "no build milestone yet");
    }
}
