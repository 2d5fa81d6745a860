//! `Project status.html`: one self-contained, read-only page written into the shared folder
//! for people on either side who do not have the app. No scripts, no external assets; every
//! value from the workspace is HTML-escaped.
//!
//! The page a person opens must be one Seamline wrote from its own verified data, not
//! whatever someone with write access put at that path. So every sync reads the page back
//! (bounded, without following links) and rewrites it whenever it differs from what this
//! device would write. The page depends on the project's ops alone (no "generated at" time,
//! no age counted from today, no device-specific wording), so devices that hold the same ops
//! write the same bytes and never take turns rewriting it.

use std::fmt::Write as _;
use std::path::Path;

use seamline_core::{Cut, Side, Track};
use seamline_store::Workspace;

use crate::error::Result;
use crate::folder;

fn esc(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%a %-d %b %Y").to_string()).unwrap_or_else(|| "—".into())
}

/// Renders the page for `project_id` as the workspace has it now.
pub fn render(ws: &Workspace, project_id: &str) -> Result<String> {
    let p = ws.projects().get(project_id)?;
    let people = ws.people().list(&p.id)?;
    let name_of = |id: Option<&str>| {
        id.and_then(|id| people.iter().find(|x| x.id == id))
            .map(|x| match &x.title {
                Some(t) => format!("{} ({})", x.name, t),
                None => x.name.clone(),
            })
            .unwrap_or_else(|| "not named yet".into())
    };
    let criteria = ws.scope().criteria(&p.id)?;
    let signatures = ws.scope().signatures(&p.id)?;
    let blockers = ws.blockers().list(&p.id, true)?;
    let milestones = ws.milestones().list(&p.id)?;
    let status = ws.reports().latest_status(&p.id)?;
    let stories = ws.scope().stories(&p.id)?;
    let boundaries = ws.scope().boundaries(&p.id)?;
    let as_of = ws.history().newest_edit_day(&p.id)?;

    let mut h = String::new();
    let w = &mut h;
    // `overflow-wrap:anywhere` on the body: a long unbroken string (a 200-character blocker
    // title, a URL) wraps inside its card. In tables only the cells of text people typed
    // count it as breakable when the columns are sized (`break-word` would not, and the table
    // ran past its card): a blocker's or milestone's title (the first cell of a row, the
    // second of a row of four) and the owners' names (rows of three). The short columns
    // beside them keep their words whole.
    let _ = write!(
        w,
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{name} — project status</title>
<style>
:root{{color-scheme:light dark;--fg:#1b1b24;--muted:#5d5d70;--bg:#f7f7f9;--card:#fff;--line:#e0e0e8;--ours:#0f766e;--partner:#b45309;--warn:#a16207;--bad:#c2261b}}
@media (prefers-color-scheme:dark){{:root{{--fg:#ececf3;--muted:#a3a3b5;--bg:#15151c;--card:#1d1d26;--line:#2e2e3a;--ours:#5eead4;--partner:#fbbf24;--warn:#facc15;--bad:#f87171}}}}
body{{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:2rem;overflow-wrap:anywhere}}
main{{max-width:60rem;margin:0 auto}} h1{{margin:0;font-size:1.5rem}} h2{{font-size:1rem;margin:0 0 .75rem}}
.sub{{color:var(--muted);margin:.25rem 0 1.5rem}} section{{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem 1.25rem;margin-bottom:1rem}}
table{{width:100%;border-collapse:collapse;overflow-wrap:break-word}} td:first-child,td:nth-child(2):nth-last-child(3),td:first-child:nth-last-child(3)~td{{overflow-wrap:anywhere}} th,td{{text-align:left;padding:.35rem .5rem;border-top:1px solid var(--line);vertical-align:top}} th{{font-size:.75rem;text-transform:uppercase;color:var(--muted);border-top:0}}
.ours{{color:var(--ours)}} .partner{{color:var(--partner)}} .esc{{color:var(--bad);font-weight:600}} .stale{{color:var(--warn);font-weight:600}} .muted{{color:var(--muted)}}
.cut{{margin:.5rem 0;border-top:2px dashed var(--line);padding-top:.5rem;color:var(--muted);font-size:.8rem;text-transform:uppercase}}
pre{{white-space:pre-wrap;font:inherit;margin:0}} footer{{color:var(--muted);font-size:.8rem;margin-top:1.5rem}}
</style></head><body><main>
<h1>{name}</h1>
<p class="sub"><span class="ours">{ours}</span> ↔ <span class="partner">{partner}</span> · target launch {target}</p>
"#,
        name = esc(&p.name),
        ours = esc(&p.ours),
        partner = esc(&p.partner),
        target = date(p.target_launch),
    );

    let _ = write!(
        w,
        "<section><h2>Who owns it</h2><table><tr><th>Side</th><th>Owner</th><th>Escalation contact</th></tr>"
    );
    for side in [Side::Ours, Side::Partner] {
        let _ = write!(
            w,
            r#"<tr><td class="{cls}">{company}</td><td>{owner}</td><td>{esc_to}</td></tr>"#,
            cls = side.as_str(),
            company = esc(p.company(side)),
            owner = esc(&name_of(p.owner(side))),
            esc_to = esc(&name_of(p.escalation(side))),
        );
    }
    let _ = write!(w, "</table></section>");

    let _ = write!(w, "<section><h2>Scope and cut line</h2>");
    if signatures.is_empty() {
        let _ = write!(w, r#"<p class="stale">Not signed by either side yet.</p>"#);
    }
    for s in &signatures {
        let _ = write!(
            w,
            "<p>Signed for {} by {} on {}{}</p>",
            esc(p.company(s.side)),
            esc(&s.person_name),
            esc(s.signed_at.get(..10).unwrap_or(&s.signed_at)),
            if s.stale {
                r#" — <span class="stale">the scope changed since: needs re-signing</span>"#
            } else {
                ""
            }
        );
    }
    if !stories.is_empty() {
        let _ = write!(w, "<p><strong>User stories</strong></p><ul>");
        for s in &stories {
            let _ = write!(w, "<li>{}</li>", esc(&s.text));
        }
        let _ = write!(w, "</ul>");
    }
    for cut in [Cut::V1, Cut::V1_1] {
        let list: Vec<_> = criteria.iter().filter(|c| c.cut == cut).collect();
        let _ =
            write!(w, r#"<div class="cut">{} acceptance criteria ({})</div><ul>"#, cut.as_str(), list.len());
        for c in list {
            let met = match c.met_on {
                Some(d) => format!(r#" <span class="muted">— met {}</span>"#, date(Some(d))),
                None => String::new(),
            };
            let _ = write!(w, "<li>{}{}</li>", esc(&c.text), met);
        }
        let _ = write!(w, "</ul>");
    }
    if !boundaries.is_empty() {
        let _ = write!(w, "<p><strong>Out of scope</strong></p><ul>");
        for b in &boundaries {
            let _ = write!(w, "<li>{}</li>", esc(&b.text));
        }
        let _ = write!(w, "</ul>");
    }
    let _ = write!(w, "</section>");

    let _ = write!(w, "<section><h2>Open blockers ({})</h2>", blockers.len());
    if blockers.is_empty() {
        let _ = write!(w, r#"<p class="muted">Nothing is blocked.</p>"#);
    } else {
        let _ = write!(
            w,
            "<table><tr><th>Blocker</th><th>Class</th><th>Waiting on</th><th>Owner</th><th>Opened</th></tr>"
        );
        for b in &blockers {
            let _ = write!(
                w,
                r#"<tr><td>{title}</td><td>{class}</td><td class="{side}">{company}</td><td>{owner}</td><td>{opened}{esc}</td></tr>"#,
                title = esc(&b.title),
                class = b.class.label(),
                side = b.waiting_on.as_str(),
                company = esc(p.company(b.waiting_on)),
                owner = esc(if b.owner_name.is_empty() { "—" } else { &b.owner_name }),
                opened = date(Some(b.opened)),
                // The recorded escalation, not one counted from today: the page must not
                // change with the day it is written on.
                esc = if b.escalated_at.is_some() { r#" <span class="esc">escalated</span>"# } else { "" },
            );
        }
        let _ = write!(w, "</table>");
    }
    let _ = write!(w, "</section>");

    let _ = write!(w, "<section><h2>Milestones</h2>");
    if milestones.is_empty() {
        let _ = write!(w, r#"<p class="muted">No milestones yet.</p>"#);
    } else {
        let _ = write!(w, "<table><tr><th>Track</th><th>Milestone</th><th>Planned</th><th>Done</th></tr>");
        for m in &milestones {
            let _ = write!(
                w,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                if m.track == Track::Legal { "Legal" } else { "Build" },
                esc(&m.title),
                date(m.planned),
                date(m.done),
            );
        }
        let _ = write!(w, "</table>");
    }
    let _ = write!(w, "</section>");

    let _ = write!(w, "<section><h2>Latest weekly status</h2>");
    match status {
        Some(s) => {
            let _ = write!(w, r#"<p class="muted">Week of {}</p><pre>{}</pre>"#, date(s.week), esc(&s.body));
        }
        None => {
            let _ = write!(w, r#"<p class="muted">No status published yet.</p>"#);
        }
    }
    let _ = writeln!(
        w,
        "</section><footer>Written by Seamline{as_of}. Read-only: open the project in Seamline to change it.</footer></main></body></html>",
        as_of = as_of.map(|d| format!(", with the edits made up to {}", date(Some(d)))).unwrap_or_default(),
    );
    Ok(h)
}

/// Largest page read back for comparing; anything larger is not ours and is replaced.
const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

/// Writes the page into the folder (temp file, then rename) unless the folder already holds
/// exactly this page. Returns whether it wrote.
pub fn refresh(ws: &Workspace, project_id: &str, dir: &Path) -> Result<bool> {
    let html = render(ws, project_id)?;
    let path = dir.join(folder::STATUS_PAGE);
    let current = folder::read_bounded(&path, MAX_PAGE_BYTES).ok().flatten();
    if current.as_deref() == Some(html.as_bytes()) {
        // Rewriting an identical page would wake every watcher of the folder for nothing.
        return Ok(false);
    }
    folder::write_atomic(dir, folder::STATUS_PAGE, html.as_bytes())?;
    Ok(true)
}
