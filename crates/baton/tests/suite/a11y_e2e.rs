//! The widget against axe-core's WCAG 2.2 A/AA rules in headless Chromium, on the real hub,
//! in the states a visitor meets: just opened, in a conversation, the lead form when nobody
//! is online (and its errors), the reference after it, dark mode, a phone's screen, and the
//! host page around the closed launcher. The console's pages are checked in `console_e2e`.
//!
//! Needs the release widget in `dist/`, axe-core in `.tools/` (`scripts/setup`), `chromium`
//! and `chromedriver`.

use crate::support;

use fantoccini::{Client, Locator};
use support::axe::{assert_accessible, violations};
use support::widget::*;

async fn click(c: &Client, testid: &str) {
    c.find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .unwrap_or_else(|e| panic!("no {testid}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {testid}: {e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widget_meets_wcag_when_open_in_a_conversation_at_the_lead_form_dark_and_on_a_phone() {
    scenario(false, |c, _hub| async move {
        // The host page with the closed launcher: no invisible stop, a named button.
        poll_loader(&c).await;
        assert_accessible(&c, "the host page with the launcher").await;
        // The checker can fail: an image without a text alternative is found.
        c.execute("const i = document.createElement('img'); i.id = 'bad'; i.src = 'data:,'; document.body.append(i)", vec![]).await.unwrap();
        let found = violations(&c).await;
        assert!(found.iter().any(|v| v["id"] == "image-alt"), "{found:?}");
        c.execute("document.getElementById('bad').remove()", vec![]).await.unwrap();

        // A first visit: the widget does not load before the visitor reaches for it (the
        // host page's storage has no conversation with the site).
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        let frames = c
            .execute("return window.__roots[0].querySelectorAll('iframe').length", vec![])
            .await
            .unwrap();
        assert_eq!(frames, 0, "no widget frame before any intent");
        // The keyboard: the first Tab on the page is the launcher (no invisible stop before
        // it), Enter opens the panel with the composer focused.
        let body = c.find(Locator::Css("body")).await.unwrap();
        body.send_keys("\u{E004}").await.unwrap();
        let focused = c
            .execute("return window.__roots[0].activeElement?.getAttribute('aria-label')", vec![])
            .await
            .unwrap();
        assert_eq!(
            focused, "Chat with us",
            "the first Tab lands on the launcher (the demo's label)"
        );
        c.active_element().await.unwrap().send_keys("\u{E007}").await.unwrap();
        open_widget(&c).await;
        // (The widget loads on that intent; the composer takes the focus once drawn.)
        support::poll(
            "the composer to have the focus",
            WAIT,
            || async {
                c.execute("return document.activeElement?.dataset.testid", vec![])
                    .await
                    .unwrap()
            },
            |v| v == "composer",
        )
        .await;
        // On through the panel: Send, then Close, the last stop, drawn in the header's corner.
        let order = c
            .execute(
                "return [...document.querySelectorAll('[data-testid=panel] :is(button, input, textarea, a[href], [tabindex]:not([tabindex=\"-1\"]))')].filter((e) => !e.disabled).map((e) => e.dataset.testid)",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            order,
            serde_json::json!(["talk-to-human", "scroll", "composer", "send", "close"]),
            "the panel's focus order"
        );
        for next in ["send", "close"] {
            c.active_element().await.unwrap().send_keys("\u{E004}").await.unwrap();
            let focused = c
                .execute("return document.activeElement?.dataset.testid", vec![])
                .await
                .unwrap();
            assert_eq!(focused, next, "Tab from the composer");
        }
        let corner = c
            .execute(
                "const h = document.querySelector('.baton-header').getBoundingClientRect(); const b = document.querySelector('[data-testid=close]').getBoundingClientRect(); return b.top >= h.top && b.bottom <= h.bottom && b.right <= h.right && b.left > h.right - 64",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(corner, true, "Close is drawn inside the header's corner");
        until_text(&c, "status", |s| s.ends_with("team offline")).await;
        assert_accessible(&c, "the widget, just opened").await;

        say(&c, "can I talk to a real person?").await;
        text_of(&c, "lead-form").await;
        assert_accessible(&c, "the lead form").await;
        // Sent without the consent box: the form says what is missing.
        click(&c, "lead-submit").await;
        until_text(&c, "error-consent", |s| !s.is_empty()).await;
        assert_accessible(&c, "the lead form with an error").await;
        c.find(Locator::Css("[data-testid=lead-name]"))
            .await
            .unwrap()
            .send_keys("Jamie")
            .await
            .unwrap();
        c.find(Locator::Css("[data-testid=lead-email]"))
            .await
            .unwrap()
            .send_keys("jamie@example.com")
            .await
            .unwrap();
        click(&c, "lead-consent").await;
        click(&c, "lead-submit").await;
        text_of(&c, "reference").await;
        assert_accessible(&c, "the reference after the lead form").await;
        say(&c, "How much does delivery cost?").await;
        until_thread(&c, "the assistant's answer", |t| {
            t.iter().any(|l| l.1.starts_with("UK standard delivery is"))
        })
        .await;
        assert_accessible(&c, "the widget in a conversation, after the lead form").await;


        // Dark mode, on the host page that asks for it.
        c.enter_parent_frame().await.unwrap();
        let host = c.current_url().await.unwrap();
        c.goto(host.join("/dark").unwrap().as_str()).await.unwrap();
        open_widget(&c).await;
        assert_accessible(&c, "the widget in dark mode").await;

        // A phone's screen: the panel fills it.
        c.enter_parent_frame().await.unwrap();
        c.set_window_size(390, 844).await.unwrap();
        c.refresh().await.unwrap();
        open_widget(&c).await;
        assert_accessible(&c, "the widget on a phone").await;
    })
    .await;
}

/// Waits for the loader on the host page (the launcher drawn), staying on the host page.
async fn poll_loader(c: &Client) {
    support::poll(
        "the launcher",
        WAIT,
        || async {
            c.execute(
                "return window.__roots.length > 0 && !!window.__roots[0].querySelector('button')",
                vec![],
            )
            .await
            .unwrap()
        },
        |v| v == true,
    )
    .await;
}
