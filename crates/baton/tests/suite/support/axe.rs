//! axe-core's WCAG 2.2 A and AA rules, run in the document the browser session is in (the
//! host page, the widget's frame, a console page). `scripts/setup` installs axe-core into
//! `.tools/`; the script is handed to the page through WebDriver, which a strict content
//! security policy does not block.

use std::sync::OnceLock;

use fantoccini::Client;
use serde_json::Value;

/// The rule sets every page is held to.
const TAGS: &str = r#"["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]"#;

fn source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = super::root().join(".tools/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core is not installed ({}: {e}): run scripts/setup",
                path.display()
            )
        })
    })
}

/// The violations in the current document: each rule's id, impact and help, with up to five
/// offending elements (selector, markup, what to fix).
pub async fn violations(c: &Client) -> Vec<Value> {
    let script = format!(
        "{}\n;const done = arguments[arguments.length - 1];
        axe.run(document, {{ runOnly: {{ type: 'tag', values: {TAGS} }}, resultTypes: ['violations'] }})
          .then((r) => done(r.violations.map((v) => ({{
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => ({{ target: n.target, html: n.html.slice(0, 300), fix: n.failureSummary }})),
          }}))), (e) => done([{{ id: 'axe-error', help: String(e) }}]));",
        source()
    );
    let found = c
        .execute_async(&script, vec![])
        .await
        .expect("run axe-core in the page");
    found.as_array().cloned().unwrap_or_default()
}

/// Fails with axe-core's findings when `what` (a page, a state) breaks a WCAG 2.2 A/AA rule.
pub async fn assert_accessible(c: &Client, what: &str) {
    let found = violations(c).await;
    assert!(
        found.is_empty(),
        "{what}: axe-core finds WCAG 2.2 A/AA violations:\n{}",
        serde_json::to_string_pretty(&found).unwrap_or_default()
    );
}
