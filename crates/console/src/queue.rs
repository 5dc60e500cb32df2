//! The live queue: waiting conversations (most urgent, then longest waiting, first) and the
//! agent's own, each with urgency, waiting time and trigger badges.

use leptos::prelude::*;
use protocol::hub::ConsoleConversation;

use crate::model::{format_wait, seconds_between, trigger_label, urgency, visitor_name};
use crate::store::{Clock, Desk};

/// Both lists.
#[component]
pub fn QueueList() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let waiting = move || desk.queue.with(|q| q.waiting.clone());
    let mine = move || desk.queue.with(|q| q.mine.clone());
    view! {
        <section class="queue" aria-label="Queue">
            <h2>"Waiting " <span class="count" data-testid="waiting-count">{move || desk.queue.with(|q| q.waiting.len())}</span></h2>
            <Show when=move || desk.queue.with(|q| q.waiting.is_empty())>
                <p class="empty">"Nobody is waiting."</p>
            </Show>
            <ol data-testid="waiting">
                <For each=waiting key=|c| (c.id.clone(), c.messages.len(), c.state, c.leads.len()) children=move |c| view! { <Item c=c/> }/>
            </ol>
            <h2>"Mine"</h2>
            <ol data-testid="mine">
                <For each=mine key=|c| (c.id.clone(), c.messages.len(), c.state, c.leads.len()) children=move |c| view! { <Item c=c/> }/>
            </ol>
        </section>
    }
}

/// One conversation in a list.
#[component]
fn Item(c: ConsoleConversation) -> impl IntoView {
    let (desk, clock) = (expect_context::<Desk>(), expect_context::<Clock>());
    let (label, class) = urgency(c.urgency);
    let trigger = c
        .handoff
        .as_ref()
        .map(|h| trigger_label(&h.trigger).to_string());
    let who = visitor_name(&c);
    let last = c
        .messages
        .iter()
        .rev()
        .find(|m| m.author == protocol::hub::Author::Visitor)
        .map(|m| m.text.chars().take(80).collect::<String>())
        .unwrap_or_default();
    let since = c
        .queued_at
        .as_deref()
        .map(js_sys::Date::parse)
        .unwrap_or(f64::NAN);
    let fallback = c.waiting_seconds;
    let queued = c.state == protocol::hub::ConversationState::Queued;
    let wait = move || {
        if queued {
            format_wait(seconds_between(since, clock.now_ms.get(), fallback))
        } else {
            String::new()
        }
    };
    let id = c.id.clone();
    let greeting = c.suggested_greeting.clone();
    let selected = {
        let id = id.clone();
        move || desk.selected.with(|s| s.as_deref() == Some(id.as_str()))
    };
    let open = move |_| desk.select(&id, &greeting);
    view! {
        <li>
            <button class="item" class:selected=selected data-testid="queue-item" data-id=c.id.clone() on:click=open>
                <span class="item-head">
                    <span class=class data-testid="urgency-badge">{label}</span>
                    {trigger.map(|t| view! { <span class="badge" data-testid="trigger-badge">{t}</span> })}
                    <span class="wait" data-testid="waiting-time">{wait}</span>
                </span>
                <strong class="who">{who}</strong>
                <span class="team">{format!("{} · {}", c.site_name, c.team_name.clone().unwrap_or_default())}</span>
                <span class="last" dir="auto">{last}</span>
            </button>
        </li>
    }
}
