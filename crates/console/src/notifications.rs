//! Notifications that did not go out: each with its channel, the conversation it tells
//! about (a link that opens it), the exact last error, the attempts and when; a Retry
//! button queues it again and follows it until the receiver took it or failed again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::hub::{FailedNotification, FailedNotifications};

use crate::api;
use crate::time::in_words;

/// How long the page follows a retried notification before it stops asking.
const FOLLOW_MS: u32 = 30_000;

/// The row's status in words, its times worded by `when` (in the browser:
/// [`in_words`] in the site's zone).
pub fn status_label(n: &FailedNotification, when: impl Fn(&str) -> String) -> String {
    match (n.status.as_str(), &n.last_error, &n.next_attempt_at) {
        ("delivered", _, _) => match &n.delivered_at {
            Some(at) => format!("Delivered {}", when(at)),
            None => "Delivered".to_string(),
        },
        ("pending", None, _) => "Queued again".to_string(),
        ("pending", Some(_), Some(next)) => format!("Retrying by itself {}", when(next)),
        ("pending", Some(_), None) => "Retrying by itself".to_string(),
        _ => "Failed: no more automatic retries".to_string(),
    }
}

/// True once a retried row has an outcome: delivered, or an error of its own.
pub fn settled(n: &FailedNotification) -> bool {
    n.status == "delivered" || n.last_error.is_some()
}

/// A conversation id short enough for a table: its last eight characters (ids share their
/// site and time prefix, the tail tells them apart).
pub fn short_id(id: &str) -> String {
    let n = id.chars().count();
    if n <= 10 {
        id.to_string()
    } else {
        format!("…{}", id.chars().skip(n - 8).collect::<String>())
    }
}

/// The console's link to the conversation `id`.
pub fn conversation_link(id: &str) -> String {
    format!(
        "/console/?conversation={}",
        String::from(js_sys::encode_uri_component(id))
    )
}

/// The page.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let list =
        LocalResource::new(|| api::get::<FailedNotifications>(api::path::FAILED_NOTIFICATIONS));
    view! {
        <main class="board failures" data-testid="notifications">
            <header class="board-head">
                <h1>"Notifications that did not go out"</h1>
                <button data-testid="failures-refresh" on:click=move |_| list.refetch()>"Refresh"</button>
            </header>
            <Suspense fallback=|| view! { <p class="empty">"Loading…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(l) if l.notifications.is_empty() => view! {
                        <p class="empty" data-testid="failures-empty">"Every notification went out."</p>
                    }.into_any(),
                    Ok(l) => view! {
                        <table class="failures-table">
                            <thead><tr>
                                <th>"Channel"</th><th>"About"</th><th>"Last error"</th><th>"Attempts"</th>
                                <th>"When"</th><th>"Status"</th><th></th>
                            </tr></thead>
                            <tbody>
                                {l.notifications.into_iter().map(|n| view! { <Row n=n/> }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

/// One notification and its Retry button.
#[component]
fn Row(n: FailedNotification) -> impl IntoView {
    let id = n.id.clone();
    let conversation = n.conversation_id.clone();
    // A digest tells of many leads: it has no one conversation to open.
    let about = match n.about.as_str() {
        "lead" => "Lead",
        "digest" => "Morning digest",
        "reply" => "WhatsApp reply",
        _ => "Handoff",
    };
    let created = in_words(&n.created_at, &n.timezone);
    let row = RwSignal::new(n);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let retry = move |_| {
        let id = id.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let path = api::path::notification(&id);
            match api::post_empty(&format!("{path}/retry"))
                .await
                .and_then(|text| api::parse::<FailedNotification>(&text))
            {
                Ok(now) => {
                    row.set(now);
                    follow(&path, row, error).await;
                }
                // Delivered meanwhile (the worker's own retry got there first): show it.
                Err(e) if e.code == "already_delivered" => follow(&path, row, error).await,
                Err(e) => error.set(Some(format!("Retry failed: {}", e.message))),
            }
            busy.set(false);
        });
    };
    view! {
        <tr data-testid="failure" data-id=move || row.with(|r| r.id.clone()) data-status=move || row.with(|r| r.status.clone())>
            <td data-testid="failure-channel">
                <strong>{move || row.with(|r| r.channel.clone())}</strong>
                {move || row.with(|r| r.kind.clone()).map(|k| view! { " " <span class="badge">{k}</span> })}
            </td>
            <td>
                {about}
                {(!conversation.is_empty()).then(|| view! {
                    " " <a data-testid="failure-conversation" href=conversation_link(&conversation)>{short_id(&conversation)}</a>
                })}
            </td>
            <td><code class="failure-error" data-testid="failure-error">{move || row.with(|r| r.last_error.clone().unwrap_or_default())}</code></td>
            <td data-testid="failure-attempts">{move || row.with(|r| r.attempts)}</td>
            <td>{created}</td>
            <td data-testid="failure-status">{move || row.with(|r| status_label(r, |t| in_words(t, &r.timezone)))}</td>
            <td>
                <button data-testid="failure-retry" disabled=move || busy.get() || row.with(|r| r.status == "delivered") on:click=retry>"Retry"</button>
                <Show when=move || error.with(Option::is_some)>
                    <p class="error" role="alert" data-testid="failure-retry-error">{move || error.get().unwrap_or_default()}</p>
                </Show>
            </td>
        </tr>
    }
}

/// Reads the row at `path` until it has an outcome, or [`FOLLOW_MS`] passed.
async fn follow(path: &str, row: RwSignal<FailedNotification>, error: RwSignal<Option<String>>) {
    let mut waited = 0;
    while waited <= FOLLOW_MS {
        match api::get::<FailedNotification>(path).await {
            Ok(now) => {
                let done = settled(&now);
                row.set(now);
                if done {
                    return;
                }
            }
            Err(e) => {
                error.set(Some(format!("Cannot read the notification: {}", e.message)));
                return;
            }
        }
        api::sleep(500).await;
        waited += 500;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: &str, error: Option<&str>, next: Option<&str>) -> FailedNotification {
        FailedNotification {
            id: "n1".into(),
            site: "demo".into(),
            about: "handoff".into(),
            handoff_id: "h1".into(),
            conversation_id: "c1".into(),
            channel: "team-slack".into(),
            kind: Some("slack".into()),
            status: status.into(),
            attempts: 1,
            next_attempt_at: next.map(String::from),
            last_error: error.map(String::from),
            created_at: "2026-03-02T09:55:12Z".into(),
            delivered_at: (status == "delivered").then(|| "2026-03-02T10:01:00Z".into()),
            timezone: "Europe/London".into(),
        }
    }

    #[test]
    fn statuses() {
        let when = |t: &str| format!("<{t}>");
        assert_eq!(
            status_label(&row("failed", Some("refused"), None), when),
            "Failed: no more automatic retries"
        );
        assert_eq!(
            status_label(
                &row("pending", Some("refused"), Some("2026-03-02T10:00:00Z")),
                when
            ),
            "Retrying by itself <2026-03-02T10:00:00Z>"
        );
        assert_eq!(
            status_label(&row("pending", None, Some("2026-03-02T10:00:00Z")), when),
            "Queued again"
        );
        assert_eq!(
            status_label(&row("delivered", None, None), when),
            "Delivered <2026-03-02T10:01:00Z>"
        );
    }

    #[test]
    fn short_ids_keep_the_tail() {
        assert_eq!(short_id("c-42"), "c-42");
        assert_eq!(
            short_id("demo-019a7b3c-9d2e-7f10-8a4b-2c6d8e0f1a3b"),
            "…8e0f1a3b"
        );
    }

    #[test]
    fn a_retry_settles_on_delivery_or_its_own_error() {
        assert!(!settled(&row("pending", None, None)));
        assert!(settled(&row("pending", Some("refused again"), None)));
        assert!(settled(&row("failed", Some("400 Bad Request"), None)));
        assert!(settled(&row("delivered", None, None)));
    }
}
