//! Kickoff defaults per archetype: the milestone plan counted back from the target launch, the
//! pre-filled checklists, and the prompts the wizard shows while a lead writes the scope and
//! the contract. Defaults only: everything they produce is ordinary, editable data.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

use crate::kinds::{Archetype, ChecklistKind, MilestoneKind, Side, Track};

/// A milestone the plan proposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlannedMilestone {
    pub track: Track,
    pub kind: MilestoneKind,
    pub title: String,
    /// `None` when the project has no target launch yet.
    pub planned: Option<NaiveDate>,
}

/// Typical offsets, in weeks before the target launch, for a 12-week integration run with
/// legal and build in parallel (playbook: 6-12 weeks from scope to live, plus review time).
/// Legal starts the same week as the sandbox build; only go-live and the listing wait for
/// the signed agreement.
fn offsets(archetype: Archetype) -> Vec<(Track, MilestoneKind, i64)> {
    use MilestoneKind as K;
    let mut plan = vec![
        (Track::Legal, K::Nda, 12),
        (Track::Legal, K::Dpa, 10),
        (Track::Legal, K::AgreementRedlines, 8),
        (Track::Legal, K::AgreementSigned, 4),
        (Track::Build, K::SandboxAccess, 11),
        (Track::Build, K::FirstCall, 10),
        (Track::Build, K::BuildComplete, 5),
        (Track::Build, K::TestPlanPassed, 4),
    ];
    // A partner's app review takes weeks (GitHub 2-4, Salesforce 4-6): submit early.
    if matches!(archetype, Archetype::MarketplaceConnector | Archetype::EmbeddedUi) {
        plan.push((Track::Build, K::AppReviewSubmitted, 4));
        plan.push((Track::Build, K::AppReviewApproved, 1));
    }
    plan.push((Track::Build, K::ProductionGoLive, 0));
    if archetype == Archetype::MarketplaceConnector {
        plan.push((Track::Build, K::MarketplaceListing, 0));
    }
    plan
}

/// The last weekday on or before `day`: milestones do not fall on weekends.
fn weekday_on_or_before(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day - Duration::days(1),
        Weekday::Sun => day - Duration::days(2),
        _ => day,
    }
}

/// The typical legal and build milestones of an archetype, dated back from the target launch.
pub fn milestone_plan(archetype: Archetype, target_launch: Option<NaiveDate>) -> Vec<PlannedMilestone> {
    offsets(archetype)
        .into_iter()
        .map(|(track, kind, weeks)| PlannedMilestone {
            track,
            kind,
            title: kind.label().to_string(),
            planned: target_launch.map(|t| weekday_on_or_before(t - Duration::weeks(weeks))),
        })
        .collect()
}

/// The pre-filled checklist items of an archetype, in order, per list.
pub fn checklist_defaults(archetype: Archetype) -> Vec<(ChecklistKind, &'static str)> {
    use ChecklistKind::*;
    let mut items = vec![
        (AppReview, "Privacy policy link"),
        (AppReview, "A justification for every scope requested"),
        (AppReview, "Security questionnaire answered"),
        (AppReview, "Penetration-test summary"),
        (AppReview, "Proof of least privilege"),
        (AppReview, "Install flow"),
        (AppReview, "Uninstall flow: revoke tokens, stop webhooks, clean up jobs"),
        (AppReview, "Permissions-rationale page"),
        (TestCases, "Auth lifecycle: connect, refresh, revoke, reconnect"),
        (TestCases, "Duplicate events are applied once"),
        (TestCases, "Out-of-order delivery ends in the right state"),
        (TestCases, "Rate limiting: 429 handled with backoff honouring Retry-After"),
        (TestCases, "Permission changes: a removed scope gives a clear error"),
        (TestCases, "Large payloads fail gracefully"),
        (Rollout, "Behind a feature flag"),
        (Rollout, "Internal tenants first"),
        (Rollout, "A small beta cohort"),
        (Rollout, "General availability"),
        (Rollout, "A rollback path without data loss"),
        (Runbook, "401 Unauthorized → refresh the token or ask the admin to reconnect"),
        (Runbook, "429 spikes → throttle and queue"),
        (Runbook, "Webhook signature failures → check secret rotation"),
        (Runbook, "Partner outage → show a status banner"),
    ];
    let extra: &[(ChecklistKind, &str)] = match archetype {
        Archetype::DataSync => &[
            (TestCases, "A conflict resolves to the field's source of truth"),
            (TestCases, "Backfill stays within the agreed window"),
            (Runbook, "Records out of sync → compare the last successful sync per tenant"),
        ],
        Archetype::EventAutomation => &[
            (TestCases, "Events arrive within the latency target"),
            (TestCases, "Retries stop at the end of the retry window and alert"),
            (Rollout, "Canary for webhook handlers"),
        ],
        Archetype::EmbeddedUi => &[
            (TestCases, "Deep links open the right record for a signed-out user"),
            (TestCases, "The widget renders inside the partner's content-security policy"),
        ],
        Archetype::Identity => &[
            (TestCases, "SSO login with the partner's IdP"),
            (TestCases, "SCIM deprovisioning removes access within the agreed time"),
            (TestCases, "Role mapping: a changed group changes the role"),
            (Rollout, "Explicit opt-in per tenant"),
        ],
        Archetype::MarketplaceConnector => &[
            (AppReview, "Listing assets: logo, screenshots, description"),
            (AppReview, "Admin consent screen reviewed"),
            (TestCases, "Uninstall leaves no webhooks or jobs behind"),
        ],
    };
    items.extend_from_slice(extra);
    // Keep each list together, in the order above.
    items.sort_by_key(|(list, _)| *list);
    items
}

/// What the wizard suggests while a lead writes the scope and the contract of an archetype.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Guide {
    /// One sentence on what to settle first for this archetype.
    pub focus: String,
    pub story_example: String,
    pub criterion_example: String,
    pub boundary_example: String,
    /// A typical workflow, step by step, with the side that acts.
    pub workflow: Vec<GuideStep>,
    /// Prompts for the contract's fields, by field name.
    pub contract: Vec<GuidePrompt>,
    /// Auth scopes such integrations usually ask for, with a plain-language description.
    pub scopes: Vec<GuideScope>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GuideStep {
    pub side: Side,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GuidePrompt {
    pub field: String,
    pub prompt: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GuideScope {
    pub scope: String,
    pub description: String,
}

pub fn guide(archetype: Archetype) -> Guide {
    let steps = |list: &[(Side, &str)]| {
        list.iter().map(|(side, text)| GuideStep { side: *side, text: text.to_string() }).collect()
    };
    let prompts = |list: &[(&str, &str)]| {
        list.iter().map(|(f, p)| GuidePrompt { field: f.to_string(), prompt: p.to_string() }).collect()
    };
    let scopes = |list: &[(&str, &str)]| {
        list.iter().map(|(s, d)| GuideScope { scope: s.to_string(), description: d.to_string() }).collect()
    };
    use Side::{Ours, Partner};
    match archetype {
        Archetype::DataSync => Guide {
            focus: "Settle the source of truth for every object and field before anyone maps a field.".into(),
            story_example: "As an account manager, I see each customer's open invoices in the CRM".into(),
            criterion_example: "A new invoice appears on the account within 60 seconds".into(),
            boundary_example: "No backfill beyond 90 days".into(),
            workflow: steps(&[
                (Partner, "Admin connects the two accounts with OAuth"),
                (Ours, "Initial sync reads the last 90 days"),
                (Partner, "A record changes and a webhook fires"),
                (Ours, "The change is mapped and written, keyed for idempotency"),
            ]),
            contract: prompts(&[
                ("objects", "Which objects sync, e.g. Account, Invoice, Payment"),
                ("direction", "Who creates and who updates each object"),
                ("latency_target", "e.g. under 60 seconds from change to visible"),
                ("retry_window", "e.g. retry for 24 hours with exponential backoff"),
                ("alerting", "e.g. then alert the tenant admin and log the failure"),
                ("idempotency_key", "e.g. record id + updated-at timestamp"),
                ("mapping", "Map every field and give each one its source of truth"),
            ]),
            scopes: scopes(&[
                ("records.read", "Read the records that sync"),
                ("records.write", "Update the records this integration owns"),
                ("webhooks.manage", "Subscribe to record changes"),
            ]),
        },
        Archetype::EventAutomation => Guide {
            focus: "Name the trigger, the latency you promise and how long a failed event is retried.".into(),
            story_example: "As a support lead, a ticket is opened when a payment fails".into(),
            criterion_example: "The action runs within 10 seconds of the trigger".into(),
            boundary_example: "No replay of events older than 7 days".into(),
            workflow: steps(&[
                (Partner, "The trigger event fires"),
                (Ours, "The event is verified and de-duplicated"),
                (Ours, "The action runs"),
                (Partner, "The result is shown to the user"),
            ]),
            contract: prompts(&[
                ("objects", "The trigger events and the actions, e.g. payment.failed → create ticket"),
                ("direction", "Which side emits the trigger, which side acts"),
                ("latency_target", "e.g. under 10 seconds from trigger to action"),
                ("retry_window", "e.g. retry for 24 hours, honouring Retry-After on 429"),
                ("alerting", "e.g. after the window, alert the admin and park the event"),
                ("idempotency_key", "e.g. event id + event timestamp"),
            ]),
            scopes: scopes(&[
                ("events.read", "Receive the trigger events"),
                ("actions.write", "Carry out the action on the user's behalf"),
            ]),
        },
        Archetype::EmbeddedUi => Guide {
            focus: "Agree where the experience appears, how the user is signed in and which deep links exist.".into(),
            story_example: "As an agent, I see the customer's billing summary inside the ticket view".into(),
            criterion_example: "The widget loads in under 2 seconds for a signed-in agent".into(),
            boundary_example: "No editing of billing data from inside the widget".into(),
            workflow: steps(&[
                (Partner, "The host page loads the widget"),
                (Ours, "The widget verifies the signed context"),
                (Ours, "The widget shows the record and its deep links"),
            ]),
            contract: prompts(&[
                ("objects", "What the embedded view shows, and the deep links it offers"),
                ("direction", "Usually the partner hosts, we render"),
                ("latency_target", "e.g. first paint under 2 seconds"),
                ("idempotency_key", "Not needed for read-only views"),
            ]),
            scopes: scopes(&[("context.read", "Know which record the user is looking at")]),
        },
        Archetype::Identity => Guide {
            focus: "Pick SAML or OIDC, the SCIM objects and how roles map, and how fast deprovisioning must land.".into(),
            story_example: "As an IT admin, people I remove in the IdP lose access to the product".into(),
            criterion_example: "A deprovisioned user loses access within 5 minutes".into(),
            boundary_example: "No just-in-time provisioning of admins".into(),
            workflow: steps(&[
                (Partner, "Admin configures SAML SSO with our metadata"),
                (Partner, "Admin enables SCIM provisioning"),
                (Ours, "Users and groups are created and mapped to roles"),
                (Partner, "A user is removed in the IdP"),
                (Ours, "The user's sessions end and access is revoked"),
            ]),
            contract: prompts(&[
                ("objects", "SCIM Users and Groups; which attributes"),
                ("direction", "The IdP is the source of truth for identity"),
                ("latency_target", "e.g. deprovisioning within 5 minutes"),
                ("auth_method", "SAML 2.0 SSO plus a SCIM bearer token"),
                ("idempotency_key", "SCIM externalId"),
            ]),
            scopes: scopes(&[
                ("scim:users", "Create, update and deactivate users"),
                ("scim:groups", "Read groups to map them to roles"),
            ]),
        },
        Archetype::MarketplaceConnector => Guide {
            focus: "Design install and uninstall first, and justify every scope: app review reads both.".into(),
            story_example: "As an admin, I install the connector from the marketplace in a few clicks".into(),
            criterion_example: "Uninstalling revokes tokens and stops every webhook".into(),
            boundary_example: "No access to data outside the installing workspace".into(),
            workflow: steps(&[
                (Partner, "Admin installs the app from the marketplace"),
                (Partner, "Admin consents to the requested scopes"),
                (Ours, "Tokens are stored and webhooks subscribed"),
                (Partner, "Admin uninstalls the app"),
                (Ours, "Tokens are revoked, webhooks and jobs removed"),
            ]),
            contract: prompts(&[
                ("objects", "What the connector reads and writes"),
                ("auth_method", "OAuth 2.0 with admin consent; token rotation and revocation"),
                ("retry_window", "e.g. retry for 24 hours, honouring Retry-After"),
                ("alerting", "e.g. then notify the admin in-app"),
            ]),
            scopes: scopes(&[
                ("read", "Read the data the connector shows"),
                ("write", "Write back what the user asks it to"),
                ("offline_access", "Keep working when the admin is not signed in"),
            ]),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_plan_counts_back_from_launch_and_avoids_weekends() {
        let plan = milestone_plan(Archetype::DataSync, Some(d("2027-04-02"))); // a Friday
        let at = |k: MilestoneKind| plan.iter().find(|m| m.kind == k).and_then(|m| m.planned);
        assert_eq!(at(MilestoneKind::ProductionGoLive), Some(d("2027-04-02")));
        assert_eq!(at(MilestoneKind::Nda), Some(d("2027-01-08")));
        assert_eq!(at(MilestoneKind::AgreementSigned), Some(d("2027-03-05")));
        // legal and build start in the same fortnight: in parallel, not in series
        assert!(at(MilestoneKind::SandboxAccess) < at(MilestoneKind::AgreementSigned));
        // data sync has no app review or listing
        assert_eq!(at(MilestoneKind::AppReviewSubmitted), None);
        assert_eq!(at(MilestoneKind::MarketplaceListing), None);

        // a Sunday launch: every date falls on a weekday
        let sunday = milestone_plan(Archetype::MarketplaceConnector, Some(d("2027-04-04")));
        assert!(sunday.iter().all(|m| m.planned.unwrap().weekday().num_days_from_monday() < 5));
        assert!(sunday.iter().any(|m| m.kind == MilestoneKind::MarketplaceListing));
        assert!(sunday.iter().any(|m| m.kind == MilestoneKind::AppReviewSubmitted));

        // without a target launch the plan still names the milestones, undated
        let undated = milestone_plan(Archetype::Identity, None);
        assert!(!undated.is_empty() && undated.iter().all(|m| m.planned.is_none()));
    }

    #[test]
    fn every_archetype_fills_all_four_checklists_and_adds_its_own_items() {
        for a in Archetype::ALL {
            let items = checklist_defaults(*a);
            for list in ChecklistKind::ALL {
                assert!(items.iter().any(|(l, _)| l == list), "{a:?} has no {list:?} items");
            }
            // lists stay together
            let mut seen: Vec<ChecklistKind> = items.iter().map(|(l, _)| *l).collect();
            seen.dedup();
            assert_eq!(seen.len(), ChecklistKind::ALL.len());
        }
        let identity = checklist_defaults(Archetype::Identity);
        assert!(identity.iter().any(|(_, t)| t.contains("SCIM deprovisioning")));
        assert!(!checklist_defaults(Archetype::DataSync).iter().any(|(_, t)| t.contains("SCIM")));
    }

    #[test]
    fn each_archetype_prompts_what_matters_for_it() {
        let prompt = |a: Archetype, field: &str| {
            guide(a).contract.into_iter().find(|p| p.field == field).map(|p| p.prompt)
        };
        assert!(prompt(Archetype::DataSync, "mapping").unwrap().contains("source of truth"));
        assert!(prompt(Archetype::EventAutomation, "retry_window").is_some());
        assert!(prompt(Archetype::EventAutomation, "latency_target").is_some());
        assert!(guide(Archetype::Identity).scopes.iter().any(|s| s.scope.starts_with("scim")));
        assert!(guide(Archetype::MarketplaceConnector)
            .workflow
            .iter()
            .any(|s| s.text.contains("uninstalls")));
    }
}
