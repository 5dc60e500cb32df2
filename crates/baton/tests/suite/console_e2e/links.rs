//! Links to `?conversation=ID`: they open the pane, also through a sign-in, or say why
//! they cannot.

use serde_json::json;

use super::PASSWORD;
use crate::support::console::{Browser, Visitor};

/// A visitor of `base` who asks for a person and is handed to `route`.
async fn handed_off(base: &str, text: &str, route: &str) -> Result<Visitor, String> {
    let visitor = Visitor::start(base).await?;
    visitor
        .post("messages", json!({"client_id": "m1", "text": text}))
        .await?;
    let package = json!({
        "transcript": [{"role": "visitor", "text": text}],
        "fields": {},
        "trigger": "human_request",
        "reasons": [{"trigger": "human_request", "signal": "a person", "weight": 1.0}],
        "route": route,
    });
    visitor.post("handoff", package).await?;
    Ok(visitor)
}

/// `/console/?conversation=ID` (the notifications' link) opens that conversation's pane,
/// also when the agent signs in first; one that does not exist or is another team's says so.
pub(super) async fn deep_links(b: &Browser, base: &str, held: &str) -> Result<(), String> {
    // Signed in: the failure's link opens the conversation Maria holds.
    let href = b
        .property("[data-testid=failure-conversation]", "href")
        .await?;
    if href != format!("{base}/console/?conversation={held}") {
        return Err(format!(
            "the failure links to {href}, not to conversation {held}"
        ));
    }
    b.click("[data-testid=failure-conversation]").await?;
    b.wait_text("[data-testid=pane-status]", |t| t == "With Maria")
        .await?;
    b.wait_text("[data-testid=thread]", |t| {
        t.contains("Let me check it now.")
    })
    .await?;
    let url = b.url().await?;
    if url != format!("{base}/console/") {
        return Err(format!("the link stays in the address: {url}"));
    }

    // Signed out: the link survives the sign-in and opens a waiting billing conversation.
    let billing = handed_off(base, "Why was I charged twice? I want a person.", "billing").await?;
    let sales = handed_off(base, "Can a person quote for 40 club jackets?", "sales").await?;
    b.click("[data-testid=logout]").await?;
    b.find("[data-testid=login-email]").await?;
    b.goto(&format!("{base}/console/?conversation={}", billing.id))
        .await?;
    b.type_into("[data-testid=login-email]", "maria@example.com")
        .await?;
    b.type_into("[data-testid=login-password]", PASSWORD)
        .await?;
    b.click("[data-testid=login-submit]").await?;
    b.wait_text("[data-testid=pane-status]", |t| t == "Waiting for a person")
        .await?;
    b.wait_text("[data-testid=thread]", |t| {
        t.contains("Why was I charged twice?")
    })
    .await?;
    b.find("[data-testid=claim]").await?;

    // Another team's conversation, and one that does not exist: the pane says why.
    for id in [sales.id.as_str(), "no-such-conversation"] {
        b.goto(&format!("{base}/console/?conversation={id}"))
            .await?;
        let notice = b
            .wait_text("[data-testid=pane-notice]", |t| !t.is_empty())
            .await?;
        if notice != format!("Conversation {id} cannot be opened: it does not exist, it is not in your teams, or it is back with the assistant.") {
            return Err(format!("unexpected notice for {id}: {notice:?}"));
        }
    }
    Ok(())
}
