//! The `seamline` command: every Seamline use case, headless, for scripting, a partnership
//! team's CI and acceptance tests. Its grammar and JSON fields are a contract (`docs/cli.md`):
//! extend it, never rename or drop a form or a field.
//!
//! This binary parses arguments, calls `seamline-store` and prints. It holds no business rules.

mod args;
mod error;
mod output;
mod parse;
mod run;

// One module per domain noun, each with its forms (clap) and what they do.
mod admission;
mod blocker;
mod checklist;
mod conflict;
mod contract;
mod decision;
mod me;
mod milestone;
mod person;
mod project;
mod proposal;
mod raci;
mod report;
mod scope;
mod sync;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with success. A usage error is one line on stderr,
            // as every other error: scripts read the first line, people want no more.
            if !e.use_stderr() {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            // Which arguments are missing is on clap's second line: one line names them.
            if e.kind() == clap::error::ErrorKind::MissingRequiredArgument {
                if let Some(clap::error::ContextValue::Strings(args)) =
                    e.get(clap::error::ContextKind::InvalidArg)
                {
                    eprintln!("error: missing {}", args.join(", "));
                    return ExitCode::from(2);
                }
            }
            let rendered = e.render().to_string();
            eprintln!(
                "{}",
                rendered.lines().find(|l| !l.trim().is_empty()).unwrap_or("error: bad arguments")
            );
            return ExitCode::from(2);
        }
    };
    match run::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match e.code() {
                "AlreadyLinked" => eprintln!("error: {e}; add --relink to move it to this folder"),
                _ => eprintln!("error: {e}"),
            }
            ExitCode::from(e.exit_code())
        }
    }
}
