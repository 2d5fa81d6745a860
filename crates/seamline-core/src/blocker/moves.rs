//! The move a blocker asks for now: its class's unblocking move, said for what is still
//! missing and from the reader's side ("Get a date on Ledgerly's sprint", "Put it on your
//! sprint with a date"). One sentence, so nothing beside it repeats it.

use super::BlockerFacts;
use crate::kinds::BlockerClass;
use crate::sides::possessive;

/// What the move says, and whether the class's rule is unmet (a dependency with no date, an
/// access blocker with no owner or deadline): a screen shows that one as a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub text: String,
    pub unmet: bool,
}

/// Who must act, as the reader sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acting<'a> {
    /// The reader's own company.
    You,
    /// The other company, by name (also either company while the reader has not said).
    Company(&'a str),
}

/// The move for a blocker with `owner_named` (someone drives it) and the company that must act.
pub fn next_move(b: &BlockerFacts, owner_named: bool, acting: Acting) -> Move {
    let done = |text: String| Move { text, unmet: false };
    let todo = |text: String| Move { text, unmet: true };
    if b.resolved_on.is_some() {
        return done(b.class.move_text().to_string());
    }
    let sprint = match acting {
        Acting::You => "your sprint".to_string(),
        Acting::Company(c) => format!("{} sprint", possessive(c)),
    };
    match (b.class, b.due.is_some(), owner_named) {
        (BlockerClass::Dependency, false, _) => match acting {
            Acting::You => {
                todo("Put it on your sprint with a date: a dependency with no date is a hope".into())
            }
            Acting::Company(_) => {
                todo(format!("Get a date on {sprint}: a dependency with no date is a hope"))
            }
        },
        (BlockerClass::Dependency, true, _) => {
            done(format!("Dated on {sprint}: check at each weekly sync that the date holds"))
        }
        (BlockerClass::Access, false, false) => todo("Name an owner and a deadline this week".into()),
        (BlockerClass::Access, false, true) => {
            todo("Set a deadline this week: access stalls on attention".into())
        }
        (BlockerClass::Access, true, false) => todo("Name an owner to get it granted by its deadline".into()),
        (BlockerClass::Access, true, true) => done("Owner and deadline set: get it granted by then".into()),
        (class, _, _) => done(class.move_text().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::Side;

    fn blocker(class: BlockerClass, due: bool) -> BlockerFacts {
        let day = NaiveDate::from_ymd_opt(2027, 1, 11).unwrap();
        BlockerFacts {
            class,
            waiting_on: Side::Partner,
            opened: day,
            due: due.then_some(day),
            resolved_on: None,
        }
    }

    #[test]
    fn the_move_says_what_is_missing_from_the_readers_side() {
        use BlockerClass::*;
        let ledgerly = Acting::Company("Ledgerly");
        // (class, due date set, owner named, who acts) -> (move, unmet)
        let cases = [
            (
                Dependency,
                false,
                true,
                ledgerly,
                "Get a date on Ledgerly's sprint: a dependency with no date is a hope",
                true,
            ),
            (
                Dependency,
                false,
                true,
                Acting::You,
                "Put it on your sprint with a date: a dependency with no date is a hope",
                true,
            ),
            (
                Dependency,
                true,
                true,
                Acting::Company("Globex Payments"),
                "Dated on Globex Payments' sprint: check at each weekly sync that the date holds",
                false,
            ),
            (
                Dependency,
                true,
                true,
                Acting::You,
                "Dated on your sprint: check at each weekly sync that the date holds",
                false,
            ),
            (Access, false, false, ledgerly, "Name an owner and a deadline this week", true),
            (Access, false, true, ledgerly, "Set a deadline this week: access stalls on attention", true),
            (Access, true, false, ledgerly, "Name an owner to get it granted by its deadline", true),
            (Access, true, true, ledgerly, "Owner and deadline set: get it granted by then", false),
            (
                Decision,
                false,
                true,
                Acting::You,
                "Put it on the next weekly-sync agenda with both decision-makers",
                false,
            ),
            (Legal, true, true, ledgerly, "Run it in parallel with the build and escalate early", false),
        ];
        for (class, due, owner, acting, text, unmet) in cases {
            let m = next_move(&blocker(class, due), owner, acting);
            assert_eq!(
                (m.text.as_str(), m.unmet),
                (text, unmet),
                "{class:?} due={due} owner={owner} {acting:?}"
            );
            assert!(!m.text.contains("other side"), "{}", m.text);
        }
    }
}
