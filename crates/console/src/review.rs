//! The weekly review: the conversations worth reading — the longest waits for a person,
//! the lowest ratings, escalations nobody answered, and those the hub's re-check says
//! should have escalated and did not. Each opens its transcript with the turns' triggers
//! marked; a download gives them all as `baton triage replay` input.

use leptos::prelude::*;
use protocol::hub::{Review, ReviewHandoff, ReviewItem, ReviewReason, ReviewTranscript};

use crate::api;
use crate::chart;
use crate::dashboard::{scope_query, Scope};
use crate::model::trigger_label;
use crate::time::in_words;

/// The periods the review offers, in days.
pub const PERIODS: [i64; 3] = [7, 30, 90];

/// The replay file's name, as the hub names the download.
pub fn replay_file(r: &Review) -> String {
    format!(
        "baton-review-{}-{}.jsonl",
        r.site,
        r.from.get(..10).unwrap_or(&r.from)
    )
}

/// What an item says about itself, beside its first message.
pub fn item_detail(item: &ReviewItem) -> String {
    let trigger = item.trigger.as_deref().map(trigger_label).unwrap_or("");
    match item.reason {
        ReviewReason::LongWait => format!(
            "Waited {} for a person · {trigger}",
            chart::duration(item.seconds)
        ),
        ReviewReason::LowRating => match trigger {
            "" => format!("Rated {}/5 · assistant alone", item.score.unwrap_or(0)),
            t => format!("Rated {}/5 · {t}", item.score.unwrap_or(0)),
        },
        ReviewReason::Unanswered => format!("Nobody answered · {trigger}"),
        ReviewReason::Missed => format!("Should have escalated: {trigger}"),
    }
}

/// A handoff of the open transcript: "Handed off today at 09:55 (Europe/London) (Asked for
/// a person) · first reply today at 09:58 (Europe/London)", times worded by `when`.
pub fn handoff_line(h: &ReviewHandoff, when: impl Fn(&str) -> String) -> String {
    let reply = h
        .first_reply_at
        .as_deref()
        .map_or("never answered".to_string(), |r| {
            format!("first reply {}", when(r))
        });
    format!(
        "Handed off {} ({}) · {reply}",
        when(&h.created_at),
        trigger_label(&h.trigger)
    )
}

/// The review page.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let site = RwSignal::new(None::<String>);
    let days = RwSignal::new(7);
    let open = RwSignal::new(None::<String>);
    let review = LocalResource::new(move || {
        let query = scope_query(site.get().as_deref(), days.get());
        async move { api::get::<Review>(&api::path::review(&query)).await }
    });
    view! {
        <main class="review" data-testid="review">
            <header class="board-head">
                <h1>"Weekly review"</h1>
                <Scope site=site days=days periods=&PERIODS/>
            </header>
            <Suspense fallback=|| view! { <p class="empty">"Loading…"</p> }>
                {move || review.get().map(|r| match r {
                    Ok(r) => view! { <Lists r=r open=open/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Lists(r: Review, open: RwSignal<Option<String>>) -> impl IntoView {
    let file = replay_file(&r);
    let zone = r.timezone.clone();
    let sections = [
        (
            "Longest waits for a person",
            "list-long-waits",
            r.long_waits.clone(),
        ),
        ("Lowest ratings", "list-low-ratings", r.low_ratings.clone()),
        (
            "Escalations nobody answered",
            "list-unanswered",
            r.unanswered.clone(),
        ),
        (
            "Should have escalated, did not",
            "list-missed",
            r.missed.clone(),
        ),
    ];
    view! {
        <section class="replay" data-testid="replay">
            <a class="download" data-testid="replay-download" href=r.replay_path.clone() download=file.clone()>"Download these conversations"</a>
            " and replay them against edited rules: "
            <code data-testid="replay-command">{format!("baton triage replay {file} --config edited.toml")}</code>
        </section>
        <div class="review-grid">
            <div class="review-lists">
                {sections.into_iter().map(|(title, id, items)| view! {
                    <section class="review-list" data-testid=id>
                        <h2>{title}" "<span class="count">{items.len()}</span></h2>
                        {items.is_empty().then(|| view! { <p class="empty">"None this period."</p> })}
                        <ol>
                            {items.into_iter().map(|item| {
                                let id = item.conversation_id.clone();
                                let selected = { let id = id.clone(); move || open.with(|o| o.as_deref() == Some(id.as_str())) };
                                view! {
                                    <li>
                                        <button class="item" class:selected=selected data-testid="review-item" data-id=id.clone()
                                            on:click=move |_| open.set(Some(id.clone()))>
                                            <span class="detail">{item_detail(&item)}</span>
                                            <small class="when">{in_words(&item.created_at, &zone)}</small>
                                            <span class="last">{item.first_message.clone()}</span>
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    </section>
                }).collect_view()}
            </div>
            <section class="pane review-pane" aria-label="Transcript">
                {move || match open.get() {
                    None => view! { <p class="empty">"Pick a conversation to read it with its triggers marked."</p> }.into_any(),
                    Some(id) => view! { <Transcript id=id/> }.into_any(),
                }}
            </section>
        </div>
    }
}

#[component]
fn Transcript(id: String) -> impl IntoView {
    let path = api::path::review_conversation(&id);
    let transcript = LocalResource::new(move || {
        let path = path.clone();
        async move { api::get::<ReviewTranscript>(&path).await }
    });
    view! {
        <Suspense fallback=|| view! { <p class="empty">"Loading…"</p> }>
            {move || transcript.get().map(|t| match t {
                Ok(t) => view! { <Marked t=t/> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Marked(t: ReviewTranscript) -> impl IntoView {
    let handoffs = t
        .handoffs
        .iter()
        .map(|h| handoff_line(h, |at| in_words(at, &t.timezone)))
        .collect::<Vec<_>>();
    view! {
        <header class="pane-head">
            <h2>"Transcript"</h2>
            <span class="status">{t.rating.map(|s| format!("Rated {s}/5")).unwrap_or_else(|| "Not rated".into())}</span>
        </header>
        <ul class="handoffs">{handoffs.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ul>
        <ol class="thread" data-testid="review-thread" tabindex="0" aria-label="Conversation">
            {t.lines.iter().map(|l| {
                let author = serde_json::to_value(l.author).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
                let class = format!("msg msg-{author}{}", if l.escalates { " escalates" } else { "" });
                let who = match author.as_str() {
                    "visitor" => "Visitor".to_string(),
                    "bot" => "Assistant".to_string(),
                    "agent" => l.agent_name.clone().unwrap_or_else(|| "Agent".into()),
                    _ => "Notice".to_string(),
                };
                let reasons = l.reasons.iter().map(|r| format!("{}: “{}”", trigger_label(&r.trigger), r.signal)).collect::<Vec<_>>().join(" · ");
                view! {
                    <li class=class data-testid="review-line">
                        <small class="author">{who}</small>
                        {l.triggers.iter().map(|t| view! { <span class="badge trigger" data-testid="line-trigger">{trigger_label(t).to_string()}</span> }).collect_view()}
                        {l.escalates.then(|| view! { <span class="badge escalate" data-testid="line-escalates">"Rules escalate here"</span> })}
                        <p>{l.text.clone()}</p>
                        {(!reasons.is_empty()).then(|| view! { <small class="reasons-line">{reasons}</small> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(
        reason: ReviewReason,
        trigger: Option<&str>,
        seconds: Option<i64>,
        score: Option<u8>,
    ) -> ReviewItem {
        ReviewItem {
            conversation_id: "c1".into(),
            reason,
            created_at: "2026-03-02T09:55:00Z".into(),
            trigger: trigger.map(String::from),
            seconds,
            score,
            first_message: String::new(),
        }
    }

    #[test]
    fn details() {
        assert_eq!(
            item_detail(&item(
                ReviewReason::LongWait,
                Some("human_request"),
                Some(900),
                None
            )),
            "Waited 15 min for a person · Asked for a person"
        );
        assert_eq!(
            item_detail(&item(ReviewReason::LowRating, None, None, Some(2))),
            "Rated 2/5 · assistant alone"
        );
        assert_eq!(
            item_detail(&item(
                ReviewReason::LowRating,
                Some("frustration"),
                None,
                Some(1)
            )),
            "Rated 1/5 · Frustrated"
        );
        assert_eq!(
            item_detail(&item(
                ReviewReason::Unanswered,
                Some("high_risk"),
                None,
                None
            )),
            "Nobody answered · High value / risk"
        );
        assert_eq!(
            item_detail(&item(
                ReviewReason::Missed,
                Some("human_request"),
                None,
                None
            )),
            "Should have escalated: Asked for a person"
        );
    }

    #[test]
    fn handoffs_say_when_in_words() {
        let h = |reply: Option<&str>| ReviewHandoff {
            trigger: "human_request".into(),
            created_at: "2026-03-02T09:55:00Z".into(),
            first_reply_at: reply.map(String::from),
            resolved_at: None,
        };
        let when = |t: &str| format!("<{t}>");
        assert_eq!(
            handoff_line(&h(None), when),
            "Handed off <2026-03-02T09:55:00Z> (Asked for a person) · never answered"
        );
        assert_eq!(
            handoff_line(&h(Some("2026-03-02T09:58:00Z")), when),
            "Handed off <2026-03-02T09:55:00Z> (Asked for a person) · first reply <2026-03-02T09:58:00Z>"
        );
    }

    #[test]
    fn replay_file_names_the_site_and_start() {
        let r = Review {
            site: "shop".into(),
            from: "2026-03-02T00:00:00Z".into(),
            ..Review::default()
        };
        assert_eq!(replay_file(&r), "baton-review-shop-2026-03-02.jsonl");
    }
}
