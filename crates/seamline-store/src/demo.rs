//! A realistic sample workspace: a CRM-to-billing integration between two named companies,
//! as a partnership lead would have it three weeks in. Used by `seamline demo`, the README's
//! first command and the end-to-end tests. As capabilities land, the demo grows with them.

use chrono::NaiveDate;
use seamline_core::calendar::{add_business_days, Calendar};
use seamline_core::{Archetype, RaciLetter, Side, SyncDay};
use serde_json::{json, Value};

use crate::error::Result;
use crate::ids;
use crate::person::Role;
use crate::project::{NewProject, Project};
use crate::schema::Entity;
use crate::workspace::{Workspace, Writer};
use crate::NewPerson;

/// Writes one new row of `entity` with `fields` and returns its id.
fn row(w: &mut Writer<'_>, project: &str, entity: Entity, fields: &[(&str, Value)]) -> Result<String> {
    let id = ids::new_id();
    for (field, value) in fields {
        w.set(project, entity, &id, field, value)?;
    }
    Ok(id)
}

pub fn create(ws: &mut Workspace) -> Result<Project> {
    let today = ws.today();
    let day = |offset: i64| (today + chrono::Duration::days(offset)).to_string();
    let bday = |offset: i64| add_business_days(today, offset, &Calendar::default()).to_string();
    let target: NaiveDate = add_business_days(today, 40, &Calendar::default());

    let project = ws.projects_mut().create(NewProject {
        name: "CRM to billing sync".into(),
        ours: "Northwind CRM".into(),
        partner: "Ledgerly".into(),
        archetype: Some(Archetype::DataSync),
        target_launch: Some(target.to_string()),
        threshold_days: Some(5),
    })?;
    let pid = project.id.clone();
    ws.projects_mut().update(
        &pid,
        crate::ProjectPatch {
            channel_url: Some("https://northwind.slack.com/archives/C07LEDGERLY".into()),
            sync_day: Some(Some(SyncDay::Tuesday)),
            ..Default::default()
        },
    )?;

    let mut person = |side: Side, name: &str, email: &str, title: &str| -> Result<String> {
        Ok(ws
            .people_mut()
            .add(
                &pid,
                NewPerson { side, name: name.into(), email: Some(email.into()), title: Some(title.into()) },
            )?
            .id)
    };
    let maya = person(Side::Ours, "Maya Chen", "maya.chen@northwind.example", "Partnerships Lead")?;
    let daniel = person(Side::Ours, "Daniel Okafor", "daniel.okafor@northwind.example", "VP Product")?;
    let priya = person(Side::Ours, "Priya Raman", "priya.raman@northwind.example", "Staff Engineer")?;
    let tom = person(Side::Ours, "Tom Becker", "tom.becker@northwind.example", "Security & Compliance")?;
    let lukas = person(Side::Partner, "Lukas Weber", "lukas@ledgerly.example", "Integrations PM")?;
    let sofia = person(Side::Partner, "Sofia Alvarez", "sofia@ledgerly.example", "Head of Partnerships")?;
    let jonas = person(Side::Partner, "Jonas Lind", "jonas@ledgerly.example", "Senior Engineer")?;
    let aisha = person(Side::Partner, "Aisha Khan", "aisha@ledgerly.example", "Commercial Counsel")?;
    ws.people_mut().set_role(&pid, Side::Ours, Role::Owner, &maya)?;
    ws.people_mut().set_role(&pid, Side::Ours, Role::Escalation, &daniel)?;
    ws.people_mut().set_role(&pid, Side::Partner, Role::Owner, &lukas)?;
    ws.people_mut().set_role(&pid, Side::Partner, Role::Escalation, &sofia)?;

    // The playbook's two-company RACI, on the project's default workstreams.
    for (workstream, ours, partner) in [
        ("API access and credentials", (RaciLetter::C, &priya), (RaciLetter::R, &jonas)),
        ("App review and certification", (RaciLetter::A, &maya), (RaciLetter::R, &lukas)),
        ("Security questionnaire", (RaciLetter::R, &tom), (RaciLetter::A, &aisha)),
        ("Marketing and listing assets", (RaciLetter::R, &maya), (RaciLetter::C, &lukas)),
        ("Launch date", (RaciLetter::A, &daniel), (RaciLetter::A, &sofia)),
        ("Field mapping and source of truth", (RaciLetter::R, &priya), (RaciLetter::C, &jonas)),
    ] {
        ws.raci_mut().set_cell(&pid, workstream, Side::Ours, ours.0, ours.1)?;
        ws.raci_mut().set_cell(&pid, workstream, Side::Partner, partner.0, partner.1)?;
    }

    ws.write(|w| {
        let p = pid.as_str();
        // Scope: stories, the workflow, criteria on both sides of the cut line, boundaries.
        let s1 = row(w, p, Entity::Story, &[
            ("text", json!("As an account manager, I see each customer's open invoices and payment status in their CRM record")),
            ("position", json!(1.0)),
        ])?;
        let s2 = row(w, p, Entity::Story, &[
            ("text", json!("As a finance admin, I create a Ledgerly customer from a closed-won CRM deal without retyping it")),
            ("position", json!(2.0)),
        ])?;
        for (i, (side, text)) in [
            ("ours", "Deal is marked closed-won in Northwind CRM"),
            ("ours", "Northwind sends the account and billing contact to Ledgerly"),
            ("partner", "Ledgerly creates or updates the customer and returns its id"),
            ("partner", "Ledgerly emits invoice events (created, paid, overdue)"),
            ("ours", "Northwind shows invoices on the account record"),
        ]
        .iter()
        .enumerate()
        {
            row(w, p, Entity::WorkflowStep, &[("side", json!(side)), ("text", json!(text)), ("position", json!(i as f64 + 1.0))])?;
        }
        let criteria = [
            (&s2, "A closed-won deal creates exactly one Ledgerly customer, even when the event is delivered twice", "v1", Some(-19)),
            (&s2, "Billing contact email and address stay in step both ways within 60 seconds", "v1", Some(-5)),
            (&s1, "Open invoices appear on the account within 60 seconds of creation", "v1", None),
            (&s1, "Paid and overdue status updates within 60 seconds", "v1", Some(-12)),
            (&s1, "A revoked token shows a reconnect banner to the admin, never a silent failure", "v1", None),
            (&s1, "429 responses are retried with backoff honouring Retry-After", "v1", Some(-2)),
            (&s2, "Credit notes and refunds are shown on the account", "v1.1", None),
            (&s1, "Invoice PDFs open from the CRM record", "v1.1", None),
        ];
        for (i, (story, text, cut, met)) in criteria.iter().enumerate() {
            let mut f = vec![
                ("story_id", json!(story)),
                ("text", json!(text)),
                ("cut", json!(cut)),
                ("position", json!(i as f64 + 1.0)),
            ];
            if let Some(m) = met {
                f.push(("met_on", json!(day(*m))));
            }
            row(w, p, Entity::Criterion, &f)?;
        }
        for (i, text) in ["No backfill of invoices older than 90 days", "No attachments or invoice PDFs in v1", "Ledgerly stays the source of truth for amounts and tax"].iter().enumerate() {
            row(w, p, Entity::Boundary, &[("text", json!(text)), ("position", json!(i as f64 + 1.0))])?;
        }
        // Our side signed the scope; the partner has not yet.
        let hash = crate::scope::content(w.conn(), p)?.hash();
        let sig = ids::natural_id(Entity::Signoff, &[p, "ours"]);
        for (f, v) in [("side", json!("ours")), ("person_id", json!(maya)), ("signed_at", json!(format!("{}T15:30:00Z", day(-9)))), ("scope_hash", json!(hash))] {
            w.set(p, Entity::Signoff, &sig, f, v)?;
        }

        // The contract.
        let contract = ids::natural_id(Entity::Contract, &[p]);
        for (f, v) in [
            ("objects", json!("Customer (account): Northwind creates it in Ledgerly when a deal closes.\nInvoice: Ledgerly pushes invoice events to Northwind.")),
            ("direction", json!("two-way")),
            ("latency_target", json!("< 60 s")),
            ("retry_window", json!("24 h with exponential backoff, then alert the workspace admin")),
            ("alerting", json!("Email the admin and log with a correlation id")),
            ("auth_method", json!("OAuth 2.0 with admin consent")),
            ("idempotency_key", json!("deal id + event timestamp")),
        ] {
            w.set(p, Entity::Contract, &contract, f, v)?;
        }
        for (i, (obj, pf, pt, of, ot, allowed, map, default, sot)) in [
            ("Invoice", "status", "enum", "payment_status", "enum", "draft|open|paid|overdue", "open→Open, paid→Paid, overdue→Overdue", "Open", "partner"),
            ("Customer", "billing_email", "string", "billing_contact.email", "email", "", "", "", "ours"),
            ("Invoice", "priority", "enum", "severity", "int", "low|med|high", "low→3, med→2, high→1", "2", "partner"),
        ]
        .iter()
        .enumerate()
        {
            row(w, p, Entity::FieldMapping, &[
                ("object", json!(obj)), ("partner_field", json!(pf)), ("partner_type", json!(pt)),
                ("our_field", json!(of)), ("our_type", json!(ot)), ("allowed_values", json!(allowed)),
                ("value_map", json!(map)), ("default_value", json!(default)), ("source_of_truth", json!(sot)),
                ("position", json!(i as f64 + 1.0)),
            ])?;
        }
        for (i, (scope, desc, why)) in [
            ("customers:write", "Create and update customers", "Creates the Ledgerly customer when a deal closes"),
            ("invoices:read", "Read invoices", "Shows open and paid invoices on the account"),
        ]
        .iter()
        .enumerate()
        {
            row(w, p, Entity::AuthScope, &[("scope", json!(scope)), ("description", json!(desc)), ("justification", json!(why)), ("position", json!(i as f64 + 1.0))])?;
        }

        // Both tracks, in parallel.
        for (track, kind, title, planned, done) in [
            ("legal", "nda", "Mutual NDA", -20, Some(-18)),
            ("legal", "dpa", "Data processing agreement", -3, None),
            ("legal", "agreement-redlines", "Partner agreement redlines", 8, None),
            ("legal", "agreement-signed", "Partner agreement signed", 20, None),
            ("build", "sandbox-access", "Ledgerly sandbox access", -14, Some(-11)),
            ("build", "first-call", "First API call end to end", -7, Some(-6)),
            ("build", "build-complete", "Build complete", 24, None),
            ("build", "test-plan-passed", "Integration test plan passed", 31, None),
            ("build", "app-review-submitted", "Submitted to Ledgerly app review", 33, None),
            ("build", "app-review-approved", "Ledgerly app review approved", 47, None),
            ("build", "production-go-live", "Production go-live", 54, None),
            ("build", "marketplace-listing", "Listed in the Ledgerly marketplace", 56, None),
        ] {
            let mut f = vec![("track", json!(track)), ("kind", json!(kind)), ("title", json!(title)), ("planned", json!(day(planned)))];
            if let Some(d) = done {
                f.push(("done_on", json!(day(d))));
            }
            row(w, p, Entity::Milestone, &f)?;
        }

        // Blockers of every class, at different ages.
        for (title, class, waiting, owner, opened, due, resolved) in [
            ("Which system owns the billing contact's email when both sides edit it?", "decision", "partner", &lukas, -7, None, None),
            ("Ledgerly invoice.overdue webhook is not on their sprint yet", "dependency", "partner", &jonas, -3, None, None),
            ("Staging API keys for the Ledgerly sandbox tenant", "access", "partner", &jonas, -1, Some(bday(3)), None),
            ("DPA redlines waiting on Ledgerly legal", "legal", "partner", &aisha, -9, Some(bday(2)), None),
            ("Security questionnaire section 4 (encryption at rest)", "dependency", "ours", &tom, -2, Some(bday(4)), None),
            ("OAuth client for the Northwind test org", "access", "ours", &priya, -12, None, Some(bday(-10))),
        ] {
            let mut f = vec![
                ("title", json!(title)), ("class", json!(class)), ("waiting_on", json!(waiting)),
                ("owner_id", json!(owner)), ("opened", json!(bday(opened))),
            ];
            if let Some(d) = due {
                f.push(("due", json!(d)));
            }
            if let Some(r) = resolved {
                f.push(("resolved_on", json!(r)));
                f.push(("resolution", json!("Priya created the OAuth client and shared it in the channel")));
            }
            row(w, p, Entity::Blocker, &f)?;
        }

        row(w, p, Entity::Decision, &[
            ("question", json!("Which side creates the customer record?")),
            ("decision", json!("Northwind creates it in Ledgerly on closed-won; Ledgerly never creates CRM accounts")),
            ("decided_by", json!(daniel)),
            ("decided_on", json!(day(-8))),
        ])?;

        let last_friday = {
            let mut d = today - chrono::Duration::days(1);
            while chrono::Datelike::weekday(&d) != chrono::Weekday::Fri {
                d -= chrono::Duration::days(1);
            }
            d
        };
        row(w, p, Entity::StatusReport, &[
            ("week", json!(last_friday.to_string())),
            ("body", json!("Shipped: idempotent customer creation (duplicate events tested); 429 backoff honouring Retry-After.\nBlocked: DPA redlines with Ledgerly legal (9 business days, escalated to Sofia Alvarez); staging API keys.\nNext: invoice status events; security questionnaire section 4.\n\nBurn-down: 3 of 6 v1 criteria met, 1 this week.\nOldest blocker: legal, 9 business days.\nDays to app review: submission planned in 6 weeks.")),
            ("published_at", json!(format!("{last_friday}T16:00:00Z"))),
        ])?;

        Ok(())
    })?;
    // The checklists came pre-filled for a data sync; tick what this project has done.
    let done = [
        "Privacy policy link",
        "A justification for every scope",
        "Duplicate events",
        "Rate limiting",
        "Behind a feature flag",
    ];
    for item in ws.checklists().list(&pid)? {
        if done.iter().any(|d| item.text.starts_with(d)) {
            ws.checklists_mut().check_item(&item.id, true)?;
        }
    }
    ws.projects_mut().set_wizard_step(&pid, seamline_core::WizardStep::Done)?;
    ws.projects().get(&pid)
}
