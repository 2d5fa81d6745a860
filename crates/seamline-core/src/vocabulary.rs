//! The vocabularies, their labels and the limits of input, as one table the front end reads
//! (`get_vocabulary`), so no screen keeps its own copy of a label, a range or a default.

use serde::Serialize;

use crate::activity::ActionKind;
use crate::validate::{MAX_NAME_CHARS, MAX_REPORT_CHARS, MAX_TEXT_CHARS, MAX_THRESHOLD_DAYS};
use crate::{
    Archetype, BlockerClass, ChecklistKind, Cut, Direction, MilestoneKind, RaciLetter, Side, SyncDay, Track,
    WizardStep,
};

/// The default escalation threshold, in business days (the playbook's).
pub const DEFAULT_THRESHOLD_DAYS: u32 = 5;

/// One value of a vocabulary and how it reads.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Term<T> {
    pub value: T,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArchetypeTerm {
    pub value: Archetype,
    pub label: String,
    pub hint: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClassTerm {
    pub value: BlockerClass,
    pub label: String,
    /// What it waits on, in a few words.
    pub waits: String,
    /// The playbook's unblocking move.
    #[serde(rename = "move")]
    pub move_text: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KindTerm {
    pub value: MilestoneKind,
    pub label: String,
    /// The track it belongs on; none for a custom milestone.
    pub track: Option<Track>,
    /// Waits for the signed agreement.
    pub gated: bool,
}

/// A side of the cut line, in the line's order (v1 first).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CutTerm {
    pub value: Cut,
    pub label: String,
    /// "ships at launch".
    pub ships: String,
    /// What an empty column says.
    pub when_empty: String,
}

/// A whole number's default and range.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Range {
    pub default: u32,
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Vocabulary {
    pub sides: Vec<Term<Side>>,
    pub archetypes: Vec<ArchetypeTerm>,
    pub blocker_classes: Vec<ClassTerm>,
    pub cuts: Vec<CutTerm>,
    pub raci_letters: Vec<Term<RaciLetter>>,
    pub tracks: Vec<Term<Track>>,
    pub milestone_kinds: Vec<KindTerm>,
    pub sync_days: Vec<Term<SyncDay>>,
    /// The days of a work week, Monday first, as stored (`mon`) and as read (`Monday`).
    pub week_days: Vec<Term<String>>,
    pub checklists: Vec<Term<ChecklistKind>>,
    pub directions: Vec<Term<Direction>>,
    pub wizard_steps: Vec<Term<WizardStep>>,
    /// The kinds the activity can be filtered by.
    pub action_kinds: Vec<Term<ActionKind>>,
    pub threshold_days: Range,
    /// Longest name or title, in characters.
    pub max_name_chars: u32,
    /// Longest free text (a story, a criterion, a note).
    pub max_text_chars: u32,
    /// Longest weekly status.
    pub max_report_chars: u32,
}

macro_rules! terms {
    ($t:ty) => {
        <$t>::ALL.iter().map(|v| Term { value: *v, label: v.label().to_string() }).collect()
    };
}

/// The whole table.
pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        sides: terms!(Side),
        archetypes: Archetype::ALL
            .iter()
            .map(|a| ArchetypeTerm { value: *a, label: a.label().into(), hint: a.hint().into() })
            .collect(),
        blocker_classes: BlockerClass::ALL
            .iter()
            .map(|c| ClassTerm {
                value: *c,
                label: c.label().into(),
                waits: c.waits().into(),
                move_text: c.move_text().into(),
            })
            .collect(),
        cuts: Cut::ALL
            .iter()
            .map(|c| CutTerm {
                value: *c,
                label: c.label().into(),
                ships: c.ships().into(),
                when_empty: c.when_empty().into(),
            })
            .collect(),
        raci_letters: terms!(RaciLetter),
        tracks: terms!(Track),
        milestone_kinds: MilestoneKind::ALL
            .iter()
            .map(|k| KindTerm {
                value: *k,
                label: k.label().into(),
                track: k.track(),
                gated: k.gated_on_agreement(),
            })
            .collect(),
        sync_days: terms!(SyncDay),
        week_days: crate::calendar::WorkWeek::every_day()
            .map(|(value, label)| Term { value: value.to_string(), label: label.to_string() })
            .collect(),
        checklists: terms!(ChecklistKind),
        directions: terms!(Direction),
        wizard_steps: terms!(WizardStep),
        action_kinds: terms!(ActionKind),
        threshold_days: Range { default: DEFAULT_THRESHOLD_DAYS, min: 1, max: MAX_THRESHOLD_DAYS },
        max_name_chars: MAX_NAME_CHARS as u32,
        max_text_chars: MAX_TEXT_CHARS as u32,
        max_report_chars: MAX_REPORT_CHARS as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_value_once_with_its_label() {
        let v = vocabulary();
        assert_eq!(v.blocker_classes.len(), BlockerClass::ALL.len());
        assert_eq!(v.milestone_kinds.iter().filter(|k| k.gated).count(), 2);
        assert_eq!(
            v.raci_letters.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(),
            ["Responsible", "Accountable", "Consulted", "Informed"]
        );
        assert_eq!((v.threshold_days.default, v.threshold_days.min, v.threshold_days.max), (5, 1, 65));
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(
            json["blocker_classes"][0]["move"],
            "Put it on the next weekly-sync agenda with both decision-makers"
        );
        assert_eq!(json["milestone_kinds"][12]["value"], "custom");
        assert_eq!(json["milestone_kinds"][12]["track"], serde_json::Value::Null);
    }
}
