//! The widget's root component: the thread, the composer and the "Talk to a human" action.

use leptos::prelude::*;

use crate::chat::{Author, Chat};

/// The chat panel.
#[component]
pub fn App(
    /// The assistant's name, shown in the disclosure.
    #[prop(into, default = "Baton's assistant".to_string())]
    assistant: String,
) -> impl IntoView {
    let chat = RwSignal::new(Chat::new(&assistant));
    let draft = RwSignal::new(String::new());

    let send = move || {
        let text = draft.get_untracked();
        chat.update(|c| {
            c.send(&text);
        });
        draft.set(String::new());
    };

    view! {
        <section class="baton-panel" role="dialog" aria-label="Chat">
            <header class="baton-header">
                <span class="baton-title">{assistant.clone()}</span>
                <button
                    class="baton-human"
                    data-testid="talk-to-human"
                    on:click=move |_| chat.update(|c| c.ask_for_human())
                >
                    "Talk to a human"
                </button>
            </header>
            <ol class="baton-thread" data-testid="thread" aria-live="polite">
                <For
                    each=move || chat.with(|c| c.messages().to_vec())
                    key=|m| m.id
                    children=move |m| {
                        let class = match (m.author, m.bridge) {
                            (_, true) => "baton-msg baton-bridge",
                            (Author::Visitor, _) => "baton-msg baton-visitor",
                            (Author::Assistant, _) => "baton-msg baton-assistant",
                        };
                        let testid = if m.bridge { "bridge" } else { "message" };
                        let triggers = m.triggers.join(", ");
                        view! {
                            <li class=class data-testid=testid>
                                <p>{m.text}</p>
                                <Show when={
                                    let empty = triggers.is_empty();
                                    move || !empty
                                }>
                                    <small class="baton-why" data-testid="why">{triggers.clone()}</small>
                                </Show>
                            </li>
                        }
                    }
                />
            </ol>
            <form
                class="baton-composer"
                on:submit=move |ev| {
                    ev.prevent_default();
                    send();
                }
            >
                <input
                    data-testid="composer"
                    aria-label="Your message"
                    placeholder="Type your message…"
                    maxlength="4000"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                />
                <button type="submit" data-testid="send">"Send"</button>
            </form>
        </section>
    }
}
