//! The open conversation: the whole context (who the visitor is; why it was handed over —
//! the widget's and the hub's reasons, merged, each with who saw it —; captured fields,
//! leads, the transcript scrolled to its newest line), and the actions: claim, reply
//! (prefilled with the suggested greeting; while the agent types, the visitor is told so),
//! hand back, resolve.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::hub::{AgentReply, ConsoleConversation, ConversationState, Message};

use crate::api;
use crate::leads::LeadContact;
use crate::model::{
    author_label, channel_note, context_line, find, merged_reasons, merged_triggers, reason_text,
    reply_text, trigger_label, TypingThrottle,
};
use crate::store::Desk;
use crate::time::in_words;

/// The pane.
#[component]
pub fn Pane() -> impl IntoView {
    let desk = expect_context::<Desk>();
    // The queue's copy is live; one opened by link shows as fetched until the queue has it.
    // A memo, so a queue update that leaves this conversation as it was does not redraw the
    // pane under the agent's cursor.
    let current = Memo::new(move |_| {
        desk.selected.get().and_then(|id| {
            desk.queue.with(|q| find(q, &id).cloned()).or_else(|| {
                desk.fetched
                    .with(|f| f.as_ref().filter(|c| c.id == id).cloned())
            })
        })
    });
    // The conversation's view is built once per conversation and follows its changes part by
    // part, so a new line neither resets the thread nor takes the reply box from the agent.
    let shown = Memo::new(move |_| current.with(|c| c.as_ref().map(|c| c.id.clone())));
    let opening = Memo::new(move |_| desk.opening.get());
    let notice = Memo::new(move |_| desk.notice.get());
    view! {
        <section class="pane" aria-label="Conversation">
            {move || match (shown.get(), opening.get(), notice.get()) {
                (Some(id), _, _) => view! { <Conversation id=id current=current/> }.into_any(),
                (None, true, _) => view! { <p class="empty" data-testid="pane-loading">"Opening the conversation…"</p> }.into_any(),
                (None, false, Some(notice)) => view! { <p class="error" role="alert" data-testid="pane-notice">{notice}</p> }.into_any(),
                (None, false, None) => view! { <p class="empty" data-testid="pane-empty">"Pick a conversation from the queue."</p> }.into_any(),
            }}
        </section>
    }
}

/// Conversation `id`, as `current` holds it now.
#[component]
fn Conversation(id: String, current: Memo<Option<ConsoleConversation>>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The visitor last wrote on WhatsApp over a day ago: only the approved template goes.
    let needs_template = RwSignal::new(false);
    let reply_id = id.clone();
    let template_id = id.clone();
    let typing_id = id.clone();
    // The visitor sees "Maria is typing…" while keys keep coming (told at most every 3 s).
    let throttle = StoredValue::new(TypingThrottle::default());
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let tell = throttle
            .try_update_value(|t| t.key(&text, js_sys::Date::now()))
            .unwrap_or(false);
        desk.draft.set(text);
        if tell {
            let id = typing_id.clone();
            spawn_local(async move { api::typing(&id).await });
        }
    };
    let action = move |what: &'static str| {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            busy.set(true);
            spawn_local(async move {
                match api::post_empty(&api::path::conversation_action(&id, what)).await {
                    Ok(_) => error.set(None),
                    Err(e) => error.set(Some(e.message)),
                }
                if what != "claim" && error.with_untracked(Option::is_none) {
                    desk.selected.set(None);
                }
                busy.set(false);
                desk.refresh();
            });
        }
    };
    let (claim, handback, resolve) = (action("claim"), action("handback"), action("resolve"));
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reply_text(&desk.draft.get_untracked());
        let id = reply_id.clone();
        busy.set(true);
        spawn_local(async move {
            match api::call::<_, Message>(
                "POST",
                &api::path::conversation_action(&id, "messages"),
                &AgentReply { text },
            )
            .await
            {
                Ok(_) => {
                    error.set(None);
                    desk.draft.set(String::new());
                    throttle.update_value(TypingThrottle::sent);
                }
                Err(e) => {
                    needs_template.set(e.code == "whatsapp_window_closed");
                    error.set(Some(e.message));
                }
            }
            busy.set(false);
            desk.refresh();
        });
    };
    let send_template = move |_| {
        let id = template_id.clone();
        busy.set(true);
        spawn_local(async move {
            match api::post_empty(&api::path::conversation_action(&id, "whatsapp-template")).await {
                Ok(_) => {
                    needs_template.set(false);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
            desk.refresh();
        });
    };
    let state = move || current.with(|c| c.as_ref().map(|c| (c.state, c.mine)));
    let queued = move || state().is_some_and(|(s, _)| s == ConversationState::Queued);
    let mine = move || state().is_some_and(|(_, mine)| mine);
    let messages = Memo::new(move |_| {
        current.with(|c| c.as_ref().map(|c| c.messages.clone()).unwrap_or_default())
    });
    // Opened, and whenever a line arrives: the newest line in view, once it is drawn.
    let thread = NodeRef::<leptos::html::Ol>::new();
    Effect::new(move |_| {
        messages.with(Vec::len);
        if let Some(list) = thread.get() {
            request_animation_frame(move || list.set_scroll_top(list.scroll_height()));
        }
    });
    view! {
        {move || current.get().map(|c| view! { <Context c=c/> })}
        <ol class="thread" data-testid="thread" node_ref=thread tabindex="0" aria-label="Conversation">
            <For each=move || messages.get() key=|m| m.seq children=|m| {
                let class = format!("msg msg-{}", serde_json::to_value(m.author).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default());
                view! {
                    <li class=class data-testid="pane-message">
                        <small class="author">{author_label(&m)}{channel_note(&m)}</small>
                        <p dir="auto">{m.text.clone()}</p>
                    </li>
                }
            }/>
        </ol>
        <Show when=move || error.with(Option::is_some)>
            <p class="error" role="alert" data-testid="pane-error">{move || error.get().unwrap_or_default()}</p>
        </Show>
        <Show when=move || needs_template.get()>
            <button data-testid="send-template" disabled=move || busy.get() on:click=send_template.clone()>"Send the approved WhatsApp template"</button>
        </Show>
        <div class="actions">
            <Show when=queued>
                <button data-testid="claim" disabled=move || busy.get() on:click=claim.clone()>"Claim"</button>
            </Show>
            <Show when=move || mine() || queued()>
                <button data-testid="handback" disabled=move || busy.get() on:click=handback.clone()>"Hand back to the bot"</button>
                <button data-testid="resolve" disabled=move || busy.get() on:click=resolve.clone()>"Resolve"</button>
            </Show>
        </div>
        <Show when=mine>
            <form class="reply" on:submit=send.clone()>
                <textarea data-testid="reply-box" dir="auto" aria-label="Your reply" maxlength="4000" rows="4"
                    prop:value=move || desk.draft.get() on:input=on_input.clone()></textarea>
                <button type="submit" data-testid="reply-send" disabled=move || busy.get()>"Send"</button>
            </form>
        </Show>
    }
}

/// What is known of the conversation, above the thread: where it is, who the visitor is,
/// why it was handed over, captured fields and leads. Drawn again when any of it changes.
#[component]
fn Context(c: ConsoleConversation) -> impl IntoView {
    let status = match (c.state, &c.claimed_by) {
        (ConversationState::Queued, _) => "Waiting for a person".to_string(),
        (ConversationState::Agent, Some(by)) => format!("With {by}"),
        (ConversationState::Agent, None) => "With an agent".to_string(),
        (ConversationState::Bot, _) => "With the assistant".to_string(),
    };
    let fields: Vec<(String, String)> = c
        .handoff
        .as_ref()
        .map(|h| h.fields.clone().into_iter().collect())
        .unwrap_or_default();
    let zone = c.timezone.clone();
    view! {
        <header class="pane-head">
            <h2>{format!("{} · {}", c.site_name, c.team_name.clone().unwrap_or_default())}</h2>
            <span class="status" data-testid="pane-status">{status}</span>
        </header>
        {context_line(&c.context).map(|line| view! { <p class="context" data-testid="context">{line}</p> })}
        {c.handoff.as_ref().and_then(|h| h.identity.clone()).map(|id| {
            let (class, words) = if id.verified {
                ("identity verified", "verified: signed by the site")
            } else {
                ("identity unverified", "given by the page, not verified")
            };
            view! { <p class=class data-testid="identity">"Identified as " <b>{id.email}</b> " — " {words}</p> }
        })}
        {c.handoff.clone().map(|h| {
            let badges = merged_triggers(&h.trigger, h.hub.trigger.as_deref());
            let lines = merged_reasons(&h.reasons, &h.hub.reasons);
            let told = (!h.available).then(|| match &h.next_open {
                Some(at) => format!("The visitor was told nobody was available and that we are back {}.", in_words(at, &zone)),
                None => "The visitor was told nobody was available.".to_string(),
            });
            view! {
                <section class="why" aria-label="Why it was handed over">
                    <h3>"Why"</h3>
                    <p class="badges">
                        {badges.into_iter().map(|(t, source)| view! {
                            <span class="badge" data-testid="pane-trigger">{trigger_label(&t).to_string()}</span>
                            <span class="source">{source.label()}</span>
                        }).collect_view()}
                    </p>
                    <ul class="reasons" data-testid="reasons">
                        {lines.into_iter().map(|l| view! {
                            <li data-testid="reason">
                                <span data-testid="reason-text">{reason_text(&l)}</span>" "
                                <span class="source" data-testid="reason-source">{l.source.label()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    <p class="note" data-testid="handed-over">{format!("Handed over {}.", in_words(&h.created_at, &zone))}</p>
                    {told.map(|t| view! { <p class="note" data-testid="told">{t}</p> })}
                </section>
            }
        })}
        <Show when={let empty = fields.is_empty(); move || !empty}>
            <dl class="fields" data-testid="fields">
                {fields.iter().map(|(k, v)| view! { <dt>{k.clone()}</dt><dd>{v.clone()}</dd> }).collect_view()}
            </dl>
        </Show>
        {c.leads.iter().map(|l| view! { <LeadContact lead=l.clone() testid="pane-lead"/> }).collect_view()}
    }
}
