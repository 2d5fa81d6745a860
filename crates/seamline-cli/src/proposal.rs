//! `proposal`: suggest a change of the other company's facts to it (its people, owner,
//! escalation contact, RACI letters), and accept or decline the other company's suggestions.

use clap::{Args, Subcommand};
use seamline_core::{RaciLetter, Side};
use seamline_store::{NewPerson, PersonPatch, Role, Suggestion, Workspace};

use crate::error::{Error, Result};
use crate::output::{self, or_dash};
use crate::parse::{enum_of, ProjectRef};

#[derive(Subcommand, Debug)]
pub enum ProposalCmd {
    /// Suggest one change to the other company (one of the forms below).
    Add(Box<Add>),
    /// The project's suggestions, open ones first.
    List(ProjectRef),
    /// Accept the other company's suggestion: its change becomes your own edit.
    Accept {
        #[arg(long)]
        id: String,
    },
    /// Decline the other company's suggestion; it sees that.
    Decline {
        #[arg(long)]
        id: String,
    },
}

/// What to suggest: exactly one of `--new-person`, `--person`, `--remove-person`, `--owner`,
/// `--escalation`, `--raci`.
#[derive(Args, Debug)]
pub struct Add {
    #[command(flatten)]
    project: ProjectRef,
    /// A new person for the other company: needs --side and --name.
    #[arg(long)]
    new_person: bool,
    /// A change to one of the other company's people (--name, --email, --title).
    #[arg(long, value_name = "ID")]
    person: Option<String>,
    #[arg(long, value_name = "ID")]
    remove_person: Option<String>,
    /// Name this person (of the other company) its owner.
    #[arg(long, value_name = "PERSON")]
    owner: Option<String>,
    /// Name this person (of the other company) its escalation contact.
    #[arg(long, value_name = "PERSON")]
    escalation: Option<String>,
    /// A RACI letter of the other company: the workstream, with --side, --letter and --for.
    #[arg(long, value_name = "WORKSTREAM")]
    raci: Option<String>,
    #[arg(long, value_parser = enum_of::<Side>)]
    side: Option<Side>,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    title: Option<String>,
    #[arg(long, value_parser = enum_of::<RaciLetter>)]
    letter: Option<RaciLetter>,
    /// The person who holds the RACI letter.
    #[arg(long = "for", value_name = "PERSON")]
    holder: Option<String>,
    /// Why, for the other company.
    #[arg(long)]
    note: Option<String>,
}

fn usage(m: &str) -> Error {
    Error::Usage(m.to_string())
}

impl Add {
    fn suggestion(&self, ws: &Workspace) -> Result<Suggestion> {
        let forms = [
            self.new_person,
            self.person.is_some(),
            self.remove_person.is_some(),
            self.owner.is_some(),
            self.escalation.is_some(),
            self.raci.is_some(),
        ];
        if forms.iter().filter(|f| **f).count() != 1 {
            return Err(usage(
                "suggest exactly one of --new-person, --person, --remove-person, --owner, --escalation or --raci",
            ));
        }
        let side = |what: &str| self.side.ok_or_else(|| usage(&format!("{what} needs --side ours|partner")));
        let person_side = |id: &str| -> Result<Side> { Ok(ws.people().get(id)?.side) };
        Ok(if self.new_person {
            Suggestion::NewPerson {
                person: NewPerson {
                    side: side("--new-person")?,
                    name: self.name.clone().ok_or_else(|| usage("--new-person needs --name"))?,
                    email: self.email.clone(),
                    title: self.title.clone(),
                },
            }
        } else if let Some(person) = &self.person {
            Suggestion::EditPerson {
                person: ws.people().get(person)?.id,
                patch: PersonPatch {
                    name: self.name.clone(),
                    email: self.email.clone(),
                    title: self.title.clone(),
                },
            }
        } else if let Some(person) = &self.remove_person {
            Suggestion::RemovePerson { person: ws.people().get(person)?.id }
        } else if let Some(person) = self.owner.as_ref().or(self.escalation.as_ref()) {
            let role = if self.owner.is_some() { Role::Owner } else { Role::Escalation };
            let id = ws.people().get(person)?.id;
            Suggestion::Role { side: self.side.map_or_else(|| person_side(&id), Ok)?, role, person: id }
        } else {
            let workstream = self.raci.clone().unwrap_or_default();
            let holder = self.holder.as_ref().ok_or_else(|| usage("--raci needs --for PERSON"))?;
            let person = ws.people().get(holder)?.id;
            Suggestion::Raci {
                workstream,
                side: self.side.map_or_else(|| person_side(&person), Ok)?,
                letter: self.letter.ok_or_else(|| usage("--raci needs --letter R|A|C|I"))?,
                person,
            }
        })
    }
}

pub fn proposal(ws: &mut Workspace, json: bool, cmd: ProposalCmd) -> Result {
    let shown = match cmd {
        ProposalCmd::Add(add) => {
            let suggestion = add.suggestion(ws)?;
            let p = ws.proposals_mut().propose(&add.project.project, suggestion, add.note.as_deref())?;
            if !json {
                println!("Suggested to {}: {}. They accept or decline it.", p.to_company, p.summary);
            }
            p
        }
        ProposalCmd::List(r) => {
            let list = ws.proposals().list(&r.project)?;
            if json {
                output::json(&list);
            } else if list.is_empty() {
                println!("No suggestions.");
            } else {
                output::table(
                    &["id", "from", "suggestion", "state", "note"],
                    list.into_iter()
                        .map(|p| {
                            let state = match p.state {
                                seamline_store::ProposalState::Open if p.mine_to_decide => {
                                    "open: yours to decide"
                                }
                                seamline_store::ProposalState::Open => "open",
                                seamline_store::ProposalState::Accepted => "accepted",
                                seamline_store::ProposalState::Declined => "declined",
                            };
                            vec![p.id, p.by_company, p.summary, state.into(), or_dash(p.note)]
                        })
                        .collect(),
                );
            }
            return Ok(());
        }
        ProposalCmd::Accept { id } => {
            let p = ws.proposals_mut().accept(&id)?;
            if !json {
                println!("Accepted: {}.", p.summary);
            }
            p
        }
        ProposalCmd::Decline { id } => {
            let p = ws.proposals_mut().decline(&id)?;
            if !json {
                println!("Declined: {}. {} sees that.", p.summary, p.by_company);
            }
            p
        }
    };
    if json {
        output::json(&shown);
    }
    Ok(())
}
