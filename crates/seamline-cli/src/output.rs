//! Printing: exactly one JSON value with `--json`, otherwise tables and sentences for people.

use comfy_table::{presets::NOTHING, Table};
use serde::Serialize;

pub fn json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("error: cannot encode the output as JSON: {e}"),
    }
}

pub fn table(header: &[&str], rows: Vec<Vec<String>>) {
    if rows.is_empty() {
        return;
    }
    let mut t = Table::new();
    t.load_preset(NOTHING).set_header(header.iter().copied());
    for r in rows {
        t.add_row(r);
    }
    println!("{t}");
}

pub fn or_dash(v: Option<impl ToString>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}

pub fn removed(json: bool, id: &str) {
    if json {
        self::json(&serde_json::json!({ "removed": id }));
    } else {
        println!("Removed.");
    }
}
