//! A large generated workspace for benchmarks: 50 projects, 500 people, 20,000 blockers,
//! 5,000 acceptance criteria and 2,000 milestones, with a realistic op history (creations,
//! then edits: retitles, due dates moved, owners changed, half the blockers resolved), over
//! 200,000 ops. Deterministic for a given seed, so figures can be compared run to run.

use chrono::Duration;

use crate::error::Result;
use crate::ids;
use crate::project::NewProject;
use crate::schema::Entity;
use crate::workspace::Workspace;

pub const PROJECTS: usize = 50;
pub const PEOPLE_PER_PROJECT: usize = 10;
pub const BLOCKERS_PER_PROJECT: usize = 400;
pub const CRITERIA_PER_PROJECT: usize = 100;
pub const MILESTONES_PER_PROJECT: usize = 40;

/// A small deterministic generator (SplitMix64): benchmark data, not cryptography.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PARTNERS: &[&str] = &[
    "Ledgerly", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Soylent",
];
const CLASSES: &[&str] = &["decision", "dependency", "access", "legal"];
const KINDS: &[(&str, &str)] = &[
    ("legal", "nda"),
    ("legal", "dpa"),
    ("legal", "agreement-redlines"),
    ("legal", "agreement-signed"),
    ("build", "sandbox-access"),
    ("build", "first-call"),
    ("build", "build-complete"),
    ("build", "test-plan-passed"),
    ("build", "app-review-submitted"),
    ("build", "app-review-approved"),
];

/// Fills `ws` with the large workspace. Returns the project ids.
pub fn create(ws: &mut Workspace, seed: u64) -> Result<Vec<String>> {
    let mut rng = Rng(seed);
    let today = ws.today();
    let mut projects = Vec::with_capacity(PROJECTS);
    for n in 0..PROJECTS {
        let partner = format!("{} {}", PARTNERS[n % PARTNERS.len()], n / PARTNERS.len() + 1);
        let p = ws.projects_mut().create(NewProject {
            name: format!("Integration {n:02} with {partner}"),
            ours: "Northwind CRM".into(),
            partner,
            archetype: Some(seamline_core::Archetype::ALL[n % seamline_core::Archetype::ALL.len()]),
            target_launch: Some((today + Duration::days(30 + rng.below(120) as i64)).to_string()),
            threshold_days: Some(5),
        })?;
        let pid = p.id.clone();
        ws.write(|w| {
            let mut people = Vec::new();
            for i in 0..PEOPLE_PER_PROJECT {
                let id = ids::new_id();
                let side = if i % 2 == 0 { "ours" } else { "partner" };
                w.set(&pid, Entity::Person, &id, "side", side)?;
                w.set(&pid, Entity::Person, &id, "name", format!("Person {n}-{i}"))?;
                w.set(&pid, Entity::Person, &id, "email", format!("p{n}.{i}@example.com"))?;
                w.set(&pid, Entity::Person, &id, "title", "Engineer")?;
                people.push((id, side));
            }
            w.set(&pid, Entity::Project, &pid, "owner_ours", &people[0].0)?;
            w.set(&pid, Entity::Project, &pid, "escalation_ours", &people[2].0)?;
            w.set(&pid, Entity::Project, &pid, "owner_partner", &people[1].0)?;
            w.set(&pid, Entity::Project, &pid, "escalation_partner", &people[3].0)?;
            for i in 0..CRITERIA_PER_PROJECT {
                let id = ids::new_id();
                w.set(
                    &pid,
                    Entity::Criterion,
                    &id,
                    "text",
                    format!("Criterion {i} of project {n} holds under load"),
                )?;
                w.set(&pid, Entity::Criterion, &id, "cut", if i % 4 == 0 { "v1.1" } else { "v1" })?;
                w.set(&pid, Entity::Criterion, &id, "position", i as f64)?;
                if rng.below(2) == 0 {
                    w.set(
                        &pid,
                        Entity::Criterion,
                        &id,
                        "met_on",
                        (today - Duration::days(rng.below(60) as i64)).to_string(),
                    )?;
                }
            }
            for i in 0..MILESTONES_PER_PROJECT {
                let id = ids::new_id();
                let (track, kind) = KINDS[i % KINDS.len()];
                w.set(&pid, Entity::Milestone, &id, "track", track)?;
                w.set(&pid, Entity::Milestone, &id, "kind", kind)?;
                w.set(&pid, Entity::Milestone, &id, "title", format!("{kind} {i}"))?;
                w.set(
                    &pid,
                    Entity::Milestone,
                    &id,
                    "planned",
                    (today + Duration::days(rng.below(180) as i64 - 60)).to_string(),
                )?;
                if rng.below(3) == 0 {
                    w.set(
                        &pid,
                        Entity::Milestone,
                        &id,
                        "done_on",
                        (today - Duration::days(rng.below(30) as i64)).to_string(),
                    )?;
                }
            }
            for i in 0..BLOCKERS_PER_PROJECT {
                let id = ids::new_id();
                let owner = &people[rng.below(people.len())].0;
                w.set(&pid, Entity::Blocker, &id, "title", format!("Blocker {i} of project {n}"))?;
                w.set(&pid, Entity::Blocker, &id, "class", CLASSES[rng.below(4)])?;
                w.set(
                    &pid,
                    Entity::Blocker,
                    &id,
                    "waiting_on",
                    if rng.below(2) == 0 { "ours" } else { "partner" },
                )?;
                w.set(&pid, Entity::Blocker, &id, "owner_id", owner)?;
                let opened = today - Duration::days(rng.below(90) as i64);
                w.set(&pid, Entity::Blocker, &id, "opened", opened.to_string())?;
                w.set(
                    &pid,
                    Entity::Blocker,
                    &id,
                    "due",
                    (opened + Duration::days(rng.below(20) as i64)).to_string(),
                )?;
                // The history a real list accumulates: edits after creation.
                w.set(
                    &pid,
                    Entity::Blocker,
                    &id,
                    "title",
                    format!("Blocker {i} of project {n} (clarified)"),
                )?;
                w.set(&pid, Entity::Blocker, &id, "owner_id", &people[rng.below(people.len())].0)?;
                if rng.below(2) == 0 {
                    w.set(
                        &pid,
                        Entity::Blocker,
                        &id,
                        "resolved_on",
                        (opened + Duration::days(rng.below(10) as i64)).min(today).to_string(),
                    )?;
                    w.set(&pid, Entity::Blocker, &id, "resolution", "Resolved in the weekly sync")?;
                }
            }
            Ok(())
        })?;
        projects.push(pid);
    }
    Ok(projects)
}
