//! The lead form when nobody is online: prefilled, validated inline, then the reference and
//! "Continue on WhatsApp".

use leptos::prelude::*;
use protocol::hub::{FieldProblem, LeadCreated};

use crate::i18n::{Key, Lang};
use crate::lead::{validate, LeadDraft};

/// The form.
#[component]
pub fn LeadForm(
    /// The visitor's language.
    lang: Lang,
    /// What the visitor already said.
    prefill: LeadDraft,
    /// Sends a valid form.
    submit: Callback<LeadDraft>,
    /// The hub's answer.
    answer: ReadSignal<Option<Result<LeadCreated, Vec<FieldProblem>>>>,
) -> impl IntoView {
    let draft = RwSignal::new(prefill);
    let errors: RwSignal<Vec<(String, String)>> = RwSignal::new(Vec::new());
    // The hub's field errors, shown like ours.
    Effect::new(move |_| {
        if let Some(Err(problems)) = answer.get() {
            errors.set(problems.into_iter().map(|p| (p.field, p.message)).collect());
        }
    });
    let error = move |field: &'static str| {
        move || errors.with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = draft.get_untracked();
        let problems = validate(&d);
        errors.set(
            problems
                .iter()
                .map(|(f, k)| (f.to_string(), lang.t(*k).to_string()))
                .collect(),
        );
        if problems.is_empty() {
            submit.run(d);
        }
    };
    let text_field = move |field: &'static str,
                           label: Key,
                           kind: &'static str,
                           get: fn(&LeadDraft) -> String,
                           set: fn(&mut LeadDraft, String)| {
        let id = format!("baton-lead-{field}");
        let err_id = format!("baton-lead-{field}-error");
        let has_error = move || error(field)().is_some();
        view! {
            <label for=id.clone()>{lang.t(label)}</label>
            <input id=id type=kind data-testid=format!("lead-{field}") aria-invalid=move || has_error().to_string() aria-describedby=err_id.clone()
                prop:value=move || draft.with(get)
                on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev)))/>
            <small class="baton-error" id=err_id.clone() data-testid=format!("error-{field}") role="alert">{error(field)}</small>
        }
    };
    let done = move || answer.get().and_then(|a| a.ok());
    view! {
        <Show
            when=move || done().is_none()
            fallback=move || {
                let created = done().unwrap_or_default();
                view! {
                    <div class="baton-lead-done" role="status">
                        <p data-testid="reference">{lang.fill(Key::LeadDone, &[("reference", &created.reference)])}</p>
                        {created.whatsapp_link.map(|href| view! {
                            <a class="baton-whatsapp" data-testid="whatsapp" href=href target="_blank" rel="noopener noreferrer">{lang.t(Key::ContinueWhatsapp)}</a>
                        })}
                        {created.messenger_link.map(|href| view! {
                            <a class="baton-whatsapp" data-testid="messenger" href=href target="_blank" rel="noopener noreferrer">{lang.t(Key::ContinueMessenger)}</a>
                        })}
                        {created.instagram_link.map(|href| view! {
                            <a class="baton-whatsapp" data-testid="instagram" href=href target="_blank" rel="noopener noreferrer">{lang.t(Key::ContinueInstagram)}</a>
                        })}
                    </div>
                }
            }
        >
            <form class="baton-lead" data-testid="lead-form" novalidate on:submit=on_submit>
                <p>{lang.t(Key::LeadIntro)}</p>
                {text_field("name", Key::Name, "text", |d| d.name.clone(), |d, v| d.name = v)}
                {text_field("email", Key::Email, "email", |d| d.email.clone(), |d, v| d.email = v)}
                {text_field("phone", Key::Phone, "tel", |d| d.phone.clone(), |d, v| d.phone = v)}
                <small class="baton-error" data-testid="error-contact" role="alert">{error("contact")}</small>
                <label for="baton-lead-question">{lang.t(Key::Question)}</label>
                <textarea id="baton-lead-question" data-testid="lead-question" dir="auto" prop:value=move || draft.with(|d| d.question.clone())
                    on:input=move |ev| draft.update(|d| d.question = event_target_value(&ev))></textarea>
                <small class="baton-error" data-testid="error-question" role="alert">{error("question")}</small>
                <label class="baton-consent">
                    <input type="checkbox" data-testid="lead-consent" prop:checked=move || draft.with(|d| d.consent)
                        on:change=move |ev| draft.update(|d| d.consent = event_target_checked(&ev))/>
                    {lang.t(Key::Consent)}
                </label>
                <small class="baton-error" data-testid="error-consent" role="alert">{error("consent")}</small>
                <button type="submit" data-testid="lead-submit">{lang.t(Key::LeadSubmit)}</button>
            </form>
        </Show>
    }
}
