//! `me`: who uses this device. The name other devices see next to its edits, and in a project
//! which company the device is with and which of that company's people the user is.

use clap::Args;
use seamline_store::Workspace;
use serde_json::json;

use crate::error::Result;
use crate::output;

#[derive(Args, Debug)]
pub struct MeArgs {
    /// Set your name (what other devices see).
    #[arg(long)]
    pub name: Option<String>,
    /// In this project…
    #[arg(long)]
    pub project: Option<String>,
    /// …you are with this company (one of the project's two; said once).
    #[arg(long, requires = "project", value_name = "NAME")]
    pub company: Option<String>,
    /// …you are this person of your company ("" forgets it).
    #[arg(long, requires = "project")]
    pub person: Option<String>,
}

pub fn me(ws: &mut Workspace, json: bool, args: MeArgs) -> Result {
    if let Some(name) = &args.name {
        ws.me_mut().set_user_name(name)?;
    }
    let Some(project) = &args.project else {
        let who = seamline_sync::Identity::of(ws);
        if json {
            output::json(
                &json!({ "name": ws.me().user_name()?, "shown_as": who.user_name, "device_id": ws.device_id() }),
            );
        } else {
            match ws.me().user_name()? {
                Some(n) => println!("You are {n} on this device ({}).", ws.device_id()),
                None => println!(
                    "You have not said your name; other devices see \"{}\". Set it with `seamline me --name NAME`.",
                    who.user_name
                ),
            }
        }
        return Ok(());
    };
    let p = ws.projects().get(project)?;
    if let Some(company) = &args.company {
        ws.me_mut().set_company(&p.id, company)?;
    }
    if let Some(person) = &args.person {
        ws.me_mut().set_person(&p.id, Some(person.as_str()).filter(|p| !p.trim().is_empty()))?;
    }
    let p = ws.projects().get(&p.id)?;
    if json {
        output::json(
            &json!({ "project": p.id, "my_side": p.my_side, "my_company": p.my_company, "me": p.me }),
        );
    } else {
        match (&p.my_company, &p.me) {
            (None, _) => println!(
                "This device has not said which company it is with in \"{}\": add --company \"{}\" or --company \"{}\".",
                p.name, p.ours, p.partner
            ),
            (Some(c), None) => println!("In \"{}\" this device is with {c}.", p.name),
            (Some(c), Some(me)) => {
                let name = ws.people().get(me).map(|x| x.name).unwrap_or_else(|_| me.clone());
                println!("In \"{}\" this device is with {c}, and you are {name}.", p.name)
            }
        }
    }
    Ok(())
}
