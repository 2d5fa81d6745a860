//! The closed vocabularies of the domain (sides, archetypes, blocker classes…), each with one
//! spelling shared by the command line, the op log and the UI: kebab-case.

use crate::error::{Error, Result};

/// Declares a closed vocabulary: the enum, its wire spelling, its human label and `parse`,
/// which names the field and lists what is allowed when the input is not one of them.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $wire:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum $name {
            $(#[serde(rename = $wire)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The spelling used on the command line, in the op log and over IPC.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire,)+ }
            }

            /// How the value reads to a person.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Parses the wire spelling; `field` names the input in the error message.
            pub fn parse(field: &str, input: &str) -> Result<Self> {
                let wanted = input.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| {
                        let allowed: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                        Error::validation(
                            field,
                            format!("must be one of {} (got '{}')", allowed.join(", "), input),
                        )
                    })
            }
        }

        /// Read with [`Self::parse`], so a wrong value over IPC or in a file says what is
        /// allowed, as on the command line: "class must be one of decision, … (got 'urgent')".
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse($what, &text).map_err(serde::de::Error::custom)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// One of the two companies in an integration project.
    Side, "side" {
        Ours => "ours", "Our side";
        Partner => "partner", "Partner side";
    }
);

/// A new person is on this side unless said otherwise (the lead adds their own people first).
impl Default for Side {
    fn default() -> Self {
        Side::Ours
    }
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Ours => Side::Partner,
            Side::Partner => Side::Ours,
        }
    }
}

vocabulary!(
    /// The shape of the integration, which picks sensible defaults.
    Archetype, "archetype" {
        DataSync => "data-sync", "Data sync";
        EventAutomation => "event-automation", "Event automation";
        EmbeddedUi => "embedded-ui", "Embedded UI";
        Identity => "identity", "Identity (SSO/SCIM)";
        MarketplaceConnector => "marketplace-connector", "Marketplace connector";
    }
);

impl Archetype {
    /// What the archetype covers, in a few words.
    pub fn hint(self) -> &'static str {
        match self {
            Archetype::DataSync => "Records kept in step, one-way or two-way",
            Archetype::EventAutomation => "Triggers and actions, immediate",
            Archetype::EmbeddedUi => "Widgets and deep links",
            Archetype::Identity => "Sign-on, provisioning, roles",
            Archetype::MarketplaceConnector => "OAuth install, admin consent, review",
        }
    }
}

vocabulary!(
    /// What a blocker waits on; each class has its own unblocking move.
    BlockerClass, "class" {
        Decision => "decision", "Decision";
        Dependency => "dependency", "Dependency";
        Access => "access", "Access";
        Legal => "legal", "Legal";
    }
);

impl BlockerClass {
    /// What a blocker of this class waits on, in a few words.
    pub fn waits(self) -> &'static str {
        match self {
            BlockerClass::Decision => "a choice nobody has made yet",
            BlockerClass::Dependency => "the company it waits on to build or finish something",
            BlockerClass::Access => "credentials, sandbox accounts or permissions",
            BlockerClass::Legal => "an agreement, a review or a questionnaire",
        }
    }

    /// The playbook's unblocking move for this class of blocker.
    pub fn move_text(self) -> &'static str {
        match self {
            BlockerClass::Decision => "Put it on the next weekly-sync agenda with both decision-makers",
            BlockerClass::Dependency => {
                "Get a date on the sprint of the company it waits on: a dependency with no date is a hope"
            }
            BlockerClass::Access => "Name an owner and a deadline this week",
            BlockerClass::Legal => "Run it in parallel with the build and escalate early",
        }
    }
}

vocabulary!(
    /// Which side of the cut line an acceptance criterion sits on.
    Cut, "cut" {
        V1 => "v1", "v1";
        V1_1 => "v1.1", "v1.1";
    }
);

impl Cut {
    /// When what sits on this side of the line ships: the scope's column heading after the label.
    pub fn ships(self) -> &'static str {
        match self {
            Cut::V1 => "ships at launch",
            Cut::V1_1 => "after launch",
        }
    }

    /// What an empty column says.
    pub fn when_empty(self) -> &'static str {
        match self {
            Cut::V1 => "No v1 criterion: nobody can say what done means yet.",
            Cut::V1_1 => "Nothing deferred yet.",
        }
    }
}

vocabulary!(
    /// A RACI letter.
    RaciLetter, "letter" {
        R => "R", "Responsible";
        A => "A", "Accountable";
        C => "C", "Consulted";
        I => "I", "Informed";
    }
);

vocabulary!(
    /// The two parallel lanes of milestones.
    Track, "track" {
        Legal => "legal", "Legal";
        Build => "build", "Build";
    }
);

vocabulary!(
    /// The milestones the playbook knows; `custom` for anything else.
    MilestoneKind, "kind" {
        Nda => "nda", "NDA";
        Dpa => "dpa", "DPA";
        AgreementRedlines => "agreement-redlines", "Agreement redlines";
        AgreementSigned => "agreement-signed", "Agreement signed";
        SandboxAccess => "sandbox-access", "Sandbox access";
        FirstCall => "first-call", "First API call";
        BuildComplete => "build-complete", "Build complete";
        TestPlanPassed => "test-plan-passed", "Test plan passed";
        AppReviewSubmitted => "app-review-submitted", "App review submitted";
        AppReviewApproved => "app-review-approved", "App review approved";
        ProductionGoLive => "production-go-live", "Production go-live";
        MarketplaceListing => "marketplace-listing", "Marketplace listing";
        Custom => "custom", "Other";
    }
);

impl MilestoneKind {
    /// The track a milestone of this kind belongs on; `None` for a custom one (either).
    pub fn track(self) -> Option<Track> {
        use MilestoneKind::*;
        match self {
            Nda | Dpa | AgreementRedlines | AgreementSigned => Some(Track::Legal),
            Custom => None,
            _ => Some(Track::Build),
        }
    }

    /// Only go-live and the listing wait for the signed agreement: that is where customer data
    /// and public exposure begin. Everything else runs in parallel with legal.
    pub fn gated_on_agreement(self) -> bool {
        matches!(self, MilestoneKind::ProductionGoLive | MilestoneKind::MarketplaceListing)
    }
}

vocabulary!(
    /// The weekday of the weekly sync (business days only).
    SyncDay, "sync_day" {
        Monday => "monday", "Monday";
        Tuesday => "tuesday", "Tuesday";
        Wednesday => "wednesday", "Wednesday";
        Thursday => "thursday", "Thursday";
        Friday => "friday", "Friday";
    }
);

vocabulary!(
    /// The steps of the kickoff wizard, in order; `done` once the lead finished the review.
    WizardStep, "step" {
        Partner => "partner", "Partner and archetype";
        People => "people", "People and roles";
        Scope => "scope", "Scope";
        Contract => "contract", "Integration contract";
        Raci => "raci", "RACI";
        Tracks => "tracks", "Legal and build tracks";
        Cadence => "cadence", "Cadence";
        Review => "review", "Review";
        Done => "done", "Done";
    }
);

impl WizardStep {
    /// The step after this one (`done` stays `done`).
    pub fn next(self) -> WizardStep {
        let i = WizardStep::ALL.iter().position(|s| *s == self).unwrap_or(0);
        WizardStep::ALL.get(i + 1).copied().unwrap_or(WizardStep::Done)
    }
}

vocabulary!(
    /// Which way data flows between the two products.
    Direction, "direction" {
        PartnerToOurs => "partner-to-ours", "Partner to us";
        OursToPartner => "ours-to-partner", "Us to partner";
        TwoWay => "two-way", "Both ways";
    }
);

vocabulary!(
    /// The four checklists every integration carries.
    ChecklistKind, "list" {
        AppReview => "app-review", "App review";
        TestCases => "test-cases", "Integration test cases";
        Rollout => "rollout", "Rollout plan";
        Runbook => "runbook", "Runbook";
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_every_wire_spelling_and_names_the_field_otherwise() {
        for class in BlockerClass::ALL {
            assert_eq!(BlockerClass::parse("class", class.as_str()).unwrap(), *class);
        }
        assert_eq!(Cut::parse("cut", "v1.1").unwrap(), Cut::V1_1);
        assert_eq!(Side::parse("side", " Partner ").unwrap(), Side::Partner);
        let err = BlockerClass::parse("class", "urgent").unwrap_err();
        assert_eq!(
            err.to_string(),
            "class must be one of decision, dependency, access, legal (got 'urgent')"
        );
    }

    #[test]
    fn only_go_live_and_listing_wait_for_the_agreement() {
        let gated: Vec<_> = MilestoneKind::ALL.iter().filter(|k| k.gated_on_agreement()).copied().collect();
        assert_eq!(gated, vec![MilestoneKind::ProductionGoLive, MilestoneKind::MarketplaceListing]);
    }

    #[test]
    fn serde_uses_the_wire_spelling() {
        let json = serde_json::to_string(&[Archetype::DataSync, Archetype::Identity]).unwrap();
        assert_eq!(json, r#"["data-sync","identity"]"#);
        let back: Cut = serde_json::from_str(r#""v1.1""#).unwrap();
        assert_eq!(back, Cut::V1_1);
        let err = serde_json::from_str::<BlockerClass>(r#""urgent""#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("class must be one of decision, dependency, access, legal (got 'urgent')"),
            "{err}"
        );
    }
}
