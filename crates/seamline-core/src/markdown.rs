//! Markdown as the screens show it (a status, the agenda, a published week): headings, lists,
//! emphasis, code, quotes, tables and strikethrough, with line breaks kept. The text may have
//! come through the shared folder from the other company's device, so nothing in what is made
//! can run, load or navigate: raw HTML is shown as the text it is, a link as its words, an
//! image as its description, and no element carries an attribute but a list's `start` number.
//!
//! Made here rather than in the window: parsing and sanitising it in the web view (JavaScript
//! without a JIT) was most of the Cadence screen's switch time (195 ms on the large workspace;
//! 66 without it), and one renderer serves every screen.

use pulldown_cmark::{html, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The HTML of `text`, safe to put in the page as it is.
pub fn to_html(text: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(text, options).filter_map(|event| match event {
        // Raw HTML, inline or as a block, is shown as written.
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        // A link keeps its words, an image its description: nothing loads or navigates.
        Event::Start(Tag::Link { .. } | Tag::Image { .. }) | Event::End(TagEnd::Link | TagEnd::Image) => None,
        // A fenced block's language would become a class.
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
            Some(Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)))
        }
        // A column's alignment would become a style.
        Event::Start(Tag::Table(columns)) => {
            Some(Event::Start(Tag::Table(vec![pulldown_cmark::Alignment::None; columns.len()])))
        }
        // A line break in the text is a line break on screen, as it was typed.
        Event::SoftBreak => Some(Event::HardBreak),
        other => Some(other),
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::to_html;
    use proptest::prelude::*;

    /// The elements an output may hold, and the one attribute.
    const ALLOWED: &[&str] = &[
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "del",
    ];

    /// Every tag of `html`: its name, and what follows the name inside the brackets.
    fn tags(html: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            let end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
            let inside = rest[at + 1..end].trim_start_matches('/').trim_end_matches('/').trim();
            let (name, attrs) = inside.split_once(' ').unwrap_or((inside, ""));
            out.push((name.to_ascii_lowercase(), attrs.trim().to_string()));
            rest = &rest[(end + 1).min(rest.len())..];
        }
        out
    }

    fn only_allowed(html: &str) -> Result<(), String> {
        for (name, attrs) in tags(html) {
            if !ALLOWED.contains(&name.as_str()) {
                return Err(format!("<{name}> in {html}"));
            }
            let numbered = name == "ol"
                && attrs
                    .strip_prefix("start=\"")
                    .is_some_and(|n| n.trim_end_matches('"').chars().all(|c| c.is_ascii_digit()));
            if !attrs.is_empty() && !numbered {
                return Err(format!("<{name} {attrs}> in {html}"));
            }
        }
        Ok(())
    }

    #[test]
    fn a_status_reads_formatted() {
        let html = to_html("# Week\n\n## Shipped\n\n- **Met** (v1): *sync*\n- `429` ~~retried~~\nnext line\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n");
        for part in [
            "<h1>Week</h1>",
            "<h2>Shipped</h2>",
            "<strong>Met</strong>",
            "<em>sync</em>",
            "<code>429</code>",
            "<del>retried</del>",
            "<br />",
            "<table>",
            "<td>2</td>",
        ] {
            assert!(html.contains(part), "{part} in {html}");
        }
        only_allowed(&html).unwrap();
    }

    #[test]
    fn what_could_run_load_or_navigate_is_shown_as_text() {
        let hostile = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n\
            [click](javascript:alert(1)) ![pic](http://x/y.png \"t\") <a href=\"http://x\">a</a>\n\n\
            ```js onload=x\ncode\n```\n\n<div onclick=\"x\">block</div>\n\n<iframe src=//x></iframe>";
        let html = to_html(hostile);
        only_allowed(&html).unwrap();
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(html.contains("click") && html.contains("pic"), "the words stay: {html}");
        // A link's and an image's address are gone; raw HTML's are shown as text, in no tag.
        for gone in ["javascript:", "http://x/y.png"] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
    }

    proptest! {
        // Whatever arrives through the folder, only the allowed elements come out, bare.
        #[test]
        fn any_text_makes_only_the_allowed_elements(
            text in proptest::collection::vec(
                prop_oneof![
                    Just("<".to_string()), Just(">".to_string()), Just("\"".to_string()),
                    Just("[a](b)".to_string()), Just("![a](b)".to_string()), Just("<img src=x>".to_string()),
                    Just("```x\n".to_string()), Just("\n".to_string()), Just("| a |\n|-|\n".to_string()),
                    Just("<a href='".to_string()), Just("1. ".to_string()), Just("<!--".to_string()),
                    "[ -~]{0,12}",
                ],
                0..24,
            )
        ) {
            let html = to_html(&text.concat());
            prop_assert!(only_allowed(&html).is_ok(), "{:?}", only_allowed(&html));
        }
    }
}
