//! The escalation message: when a blocker has waited past the project's threshold, the lead
//! writes to the escalation contact of the side it waits on. Short, polite, and specific:
//! what is stuck, for how long, the playbook's move for its class, and one clear ask.

use chrono::NaiveDate;
use serde::Serialize;

use crate::kinds::BlockerClass;
use crate::sides::possessive;

/// What the message is written from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationFacts {
    pub project: String,
    pub title: String,
    pub class: BlockerClass,
    pub age_business_days: u32,
    pub threshold_days: u32,
    pub opened: NaiveDate,
    pub due: Option<NaiveDate>,
    /// The day the message is written, for the tense of the due date.
    pub today: NaiveDate,
    /// The company the blocker waits on.
    pub waiting_on: String,
    /// Its escalation contact, when named.
    pub to_name: Option<String>,
    pub to_email: Option<String>,
    /// The blocker's owner, when named.
    pub owner_name: Option<String>,
    /// Who writes: this device's user, and their company when known.
    pub from_name: String,
    pub from_company: Option<String>,
}

/// The drafted message, for the user to edit, copy or open in their mail app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EscalationDraft {
    /// The escalation contact's name ("" while the side has none).
    pub to_name: String,
    pub to_email: Option<String>,
    pub subject: String,
    pub body: String,
}

/// The one thing the message asks for, by class.
fn ask(class: BlockerClass, waiting_on: &str) -> String {
    match class {
        BlockerClass::Decision => {
            "Could you help get this decided this week, or tell me who can decide it?".into()
        }
        BlockerClass::Dependency => {
            format!("Could you get it a date on {} sprint and let me know?", possessive(waiting_on))
        }
        BlockerClass::Access => "Could you make sure the access is granted this week?".into(),
        BlockerClass::Legal => {
            "Could you help move the review forward, or tell me what it is waiting on?".into()
        }
    }
}

fn days(n: u32) -> String {
    format!("{n} business {}", if n == 1 { "day" } else { "days" })
}

/// The first word of a name, to greet someone by ("Sofia" for "Sofia Alvarez").
fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

pub fn draft(f: &EscalationFacts) -> EscalationDraft {
    let greeting = match f.to_name.as_deref().filter(|n| !n.trim().is_empty()) {
        Some(name) => format!("Hi {},", first_name(name)),
        None => "Hello,".to_string(),
    };
    let mut body = format!(
        "{greeting}\n\nIn our {project} integration, \u{201c}{title}\u{201d} has been waiting on {company} for {age} \
         (since {opened}), past the {threshold} we agreed to wait before escalating.\n\n",
        project = f.project,
        title = f.title,
        company = f.waiting_on,
        age = days(f.age_business_days),
        opened = f.opened.format("%-d %B %Y"),
        threshold = days(f.threshold_days),
    );
    // The class's move and what it waits on, with the company named: the message goes to
    // that company, for which "the other side" would be the writer's own.
    let (waits, step) = match f.class {
        BlockerClass::Dependency => (
            format!("{} to build or finish something", f.waiting_on),
            format!(
                "get a date on {} sprint: a dependency with no date is a hope",
                possessive(&f.waiting_on)
            ),
        ),
        class => {
            let step = class.move_text();
            // The move is written as a heading ("Run it…"); mid-sentence it starts lower-case.
            let step = step
                .chars()
                .next()
                .map_or(String::new(), |c| c.to_lowercase().chain(step.chars().skip(1)).collect());
            (class.waits().to_string(), step)
        }
    };
    body.push_str(&format!(
        "It is a {} blocker: it waits on {waits}. Our playbook's next step is to {step}.\n",
        f.class.label().to_lowercase(),
    ));
    if let Some(due) = f.due {
        let on = due.format("%-d %B %Y");
        body.push_str(&match due.cmp(&f.today) {
            std::cmp::Ordering::Less => format!("It was due on {on}.\n"),
            std::cmp::Ordering::Equal => "It is due today.\n".to_string(),
            std::cmp::Ordering::Greater => format!("It is due on {on}.\n"),
        });
    }
    if let Some(owner) = f.owner_name.as_deref().filter(|n| !n.trim().is_empty()) {
        body.push_str(&format!("{owner} owns it.\n"));
    }
    body.push_str(&format!("\n{}\n\nThank you,\n{}", ask(f.class, &f.waiting_on), f.from_name));
    if let Some(company) = f.from_company.as_deref() {
        body.push_str(&format!("\n{company}"));
    }
    EscalationDraft {
        to_name: f.to_name.clone().unwrap_or_default(),
        to_email: f.to_email.clone(),
        subject: format!("Escalation: {} ({})", f.title, f.project),
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> EscalationFacts {
        EscalationFacts {
            project: "CRM to billing sync".into(),
            title: "DPA redlines".into(),
            class: BlockerClass::Legal,
            age_business_days: 9,
            threshold_days: 5,
            opened: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            due: None,
            today: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            waiting_on: "Ledgerly".into(),
            to_name: Some("Sofia Alvarez".into()),
            to_email: Some("sofia@ledgerly.example".into()),
            owner_name: Some("Aisha Khan".into()),
            from_name: "Maya Chen".into(),
            from_company: Some("Northwind CRM".into()),
        }
    }

    #[test]
    fn names_the_contact_the_wait_the_move_and_the_ask() {
        let d = draft(&facts());
        assert_eq!(d.to_name, "Sofia Alvarez");
        assert_eq!(d.to_email.as_deref(), Some("sofia@ledgerly.example"));
        assert_eq!(d.subject, "Escalation: DPA redlines (CRM to billing sync)");
        assert!(d.body.starts_with("Hi Sofia,\n\n"), "{}", d.body);
        assert!(d.body.contains(
            "\u{201c}DPA redlines\u{201d} has been waiting on Ledgerly for 9 business days (since 20 November 2026), past the 5 business days"
        ));
        assert!(d.body.contains("next step is to run it in parallel with the build and escalate early."));
        assert!(d.body.contains("Aisha Khan owns it."));
        assert!(d.body.ends_with("Thank you,\nMaya Chen\nNorthwind CRM"), "{}", d.body);
    }

    #[test]
    fn each_class_asks_for_its_own_move() {
        for (class, asked) in [
            (BlockerClass::Decision, "decided this week"),
            (BlockerClass::Dependency, "it waits on Ledgerly to build or finish something. Our playbook's next step is to get a date on Ledgerly's sprint"),
            (BlockerClass::Access, "access is granted this week"),
            (BlockerClass::Legal, "move the review forward"),
        ] {
            let d = draft(&EscalationFacts { class, ..facts() });
            assert!(d.body.contains(asked), "{class:?}: {}", d.body);
        }
    }

    #[test]
    fn without_a_named_contact_it_still_reads() {
        let d = draft(&EscalationFacts {
            to_name: None,
            to_email: None,
            owner_name: None,
            from_company: None,
            due: NaiveDate::from_ymd_opt(2026, 12, 1),
            age_business_days: 1,
            ..facts()
        });
        assert!(d.body.starts_with("Hello,\n\n"));
        assert!(d.body.contains("for 1 business day "));
        assert!(d.body.contains("It was due on 1 December 2026."));
        assert!(!d.body.contains("owns it"));
        assert!(d.body.ends_with("Thank you,\nMaya Chen"));
        assert_eq!(d.to_name, "");
    }

    #[test]
    fn a_due_date_reads_in_the_right_tense() {
        let on = |y, m, d| draft(&EscalationFacts { due: NaiveDate::from_ymd_opt(y, m, d), ..facts() }).body;
        assert!(on(2026, 12, 1).contains("It was due on 1 December 2026."));
        assert!(on(2026, 12, 4).contains("It is due today."));
        let ahead = on(2026, 12, 8);
        assert!(ahead.contains("It is due on 8 December 2026."), "{ahead}");
        assert!(!ahead.contains("was due"));
    }
}
