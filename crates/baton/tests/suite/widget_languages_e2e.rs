//! The widget in a visitor's language, end to end (the real `baton serve`, the owner's host
//! page, headless Chromium; helpers in `support::widget`): an Arabic-speaking visitor asks
//! for a person in Arabic, on a page that sets `data-locale="ar"`. The widget carries only
//! English: the Arabic comes from the hub with the site's settings.

use std::path::Path;

use crate::support;

use support::widget::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_arabic_visitor_asks_for_a_person_in_arabic_and_is_handed_over_in_arabic() {
    scenario(true, |c, hub| async move {
        let agent = Agent::sign_in(&hub).await;
        agent.online().await;
        let host = c.current_url().await.unwrap();
        c.goto(host.join("/ar").unwrap().as_str()).await.unwrap();
        open_widget(&c).await;
        until_text(&c, "status", |s| s.ends_with("متصل")).await;
        // The widget carries English only: the Arabic came from the hub with the settings,
        // before the panel was drawn.
        assert_eq!(text_of(&c, "talk-to-human").await.trim(), "التحدث إلى شخص");
        say(&c, "أريد التحدث مع موظف").await;
        let t = until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        let bridge = bridges(&t)[0];
        assert!(
            bridge.starts_with("سأوصلك بأحد المختصين من فريق Customer Support — لحظة من فضلك."),
            "the bridge in Arabic, promising a moment (someone is online): {bridge}"
        );
        let line = c
            .execute(
                "return document.querySelector('[data-triggers]').dataset.triggers",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(line, "human_request", "the widget's own triage read the Arabic");
        // The panel is right to left, Close in the header's left corner.
        let layout = c
            .execute(
                "const p = document.querySelector('[data-testid=panel]'); const h = document.querySelector('.baton-header').getBoundingClientRect(); const b = document.querySelector('[data-testid=close]').getBoundingClientRect(); return [p.dir, b.left - h.left < 64 && b.top >= h.top && b.bottom <= h.bottom]",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(layout, serde_json::json!(["rtl", true]), "{layout}");
        // The site's English greeting reads left to right inside the Arabic panel (its
        // question mark at its end), the visitor's Arabic right to left.
        let directions = c
            .execute(
                "return [...document.querySelectorAll('[data-testid=thread] li p')].map((p) => getComputedStyle(p).direction)",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            directions,
            serde_json::json!(["ltr", "ltr", "rtl", "rtl"]),
            "disclosure, greeting, the visitor's words, the bridge"
        );
        let composer = c
            .execute("return getComputedStyle(document.querySelector('[data-testid=composer]')).direction", vec![])
            .await
            .unwrap();
        assert_eq!(composer, "rtl", "the empty composer's placeholder reads right to left");
        let png = c.screenshot().await.expect("a screenshot");
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("widget-arabic.png");
        std::fs::write(&path, png).expect("write the screenshot");
        // The agent has it, with the visitor's words, and answers in the same thread.
        agent.claim_and_reply("مرحبا، أنا ماريا. كيف أساعدك؟").await;
        until_thread(&c, "the agent's reply", |t| {
            t.iter().any(|l| l.1 == "مرحبا، أنا ماريا. كيف أساعدك؟")
        })
        .await;
        // A reload draws the panel in Arabic from the settings the widget kept.
        c.enter_parent_frame().await.unwrap();
        c.refresh().await.unwrap();
        open_widget(&c).await;
        assert_eq!(text_of(&c, "talk-to-human").await.trim(), "التحدث إلى شخص");
        until_thread(&c, "the thread again", |t| {
            t.iter().any(|l| l.1 == "مرحبا، أنا ماريا. كيف أساعدك؟")
        })
        .await;
    })
    .await;
}
