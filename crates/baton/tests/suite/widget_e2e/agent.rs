//! A person in the console on the other side: the bridge before the handoff, the agent's
//! reply and the rating, typing, a chime for a closed chat, and markup shown as text.

use crate::support;

use std::time::Duration;

use serde_json::{json, Value};
use support::poll;
use support::widget::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_for_a_person_shows_the_bridge_before_the_handoff_request_then_the_agent_answers() {
    scenario(true, |c, hub| async move {
        let agent = Agent::sign_in(&hub).await;
        agent.online().await;
        open_widget(&c).await;
        // Who is there shows at once, before the visitor has said anything.
        until_text(&c, "status", |s| s == "Ava (AI assistant) is answering · team online").await;

        // Enter, then read the DOM in the next animation frame, in the same script.
        let at_frame = send_and_read_next_frame(&c, "can I talk to a real person?").await;
        let bridge = at_frame["bridge"].as_array().expect("bridge texts");
        assert_eq!(bridge.len(), 1, "the bridge is on screen in the next frame: {at_frame:#}");
        assert!(bridge[0].as_str().unwrap().starts_with("Let me connect you with a specialist from our Customer Support team"), "{at_frame:#}");
        assert_eq!(at_frame["handoffRequests"], 0, "no handoff request had started when the bridge was drawn: {at_frame:#}");

        // The handoff request goes afterwards, and the hub records it: it reaches the queue.
        let net = poll("the handoff request to complete", WAIT, || async { c.execute("return { net: window.__net, bridgeAt: window.__bridgeAt }", vec![]).await.unwrap() }, |v| {
            v["net"].as_array().unwrap().iter().any(|r| r["url"].as_str().unwrap().ends_with("/handoff") && !r["end"].is_null())
        })
        .await;
        let handoff = net["net"].as_array().unwrap().iter().find(|r| r["url"].as_str().unwrap().ends_with("/handoff")).unwrap();
        assert!(net["bridgeAt"].as_f64().unwrap() < handoff["start"].as_f64().unwrap(), "bridge before the handoff request: {net:#}");
        let status = text_of(&c, "status").await;
        assert!(status.starts_with("Waiting for Customer Support"), "{status}");

        // The agent claims and answers in the same thread.
        let id = agent.claim_and_reply("Hi, I'm Maria. How can I help?").await;
        let t = until_thread(&c, "the agent's reply", |t| t.iter().any(|l| l.1 == "Hi, I'm Maria. How can I help?")).await;
        let joined = t.iter().position(|l| l.0 == "notice" && l.1.starts_with("Maria joined")).unwrap_or_else(|| panic!("no 'joined' notice: {t:?}"));
        let reply = t.iter().position(|l| l.1 == "Hi, I'm Maria. How can I help?").unwrap();
        assert!(joined < reply, "'joined' comes first: {t:?}");
        assert_eq!(t[reply].2.as_deref(), Some("Maria"), "{t:?}");
        assert_eq!(text_of(&c, "status").await, "Maria is answering");

        // Maria resolves it in the console: the widget asks for a one-tap rating.
        agent.call(reqwest::Method::POST, &format!("conversations/{id}/resolve"), None).await;
        text_of(&c, "csat").await;
        let label = c.execute("return document.querySelector('[data-testid=rate-up]').getAttribute('aria-label')", vec![]).await.unwrap();
        assert_eq!(label, "Yes, that helped");
        until_text(&c, "status", |s| s.starts_with("Ava (AI assistant) is answering")).await;
        // Thumbs drawn by the stylesheet, not emoji (an empty box without an emoji font).
        let drawn = c.execute("return ['rate-up', 'rate-down'].map((t) => { const b = document.querySelector(`[data-testid=${t}]`), s = getComputedStyle(b, '::before'); return [b.textContent.trim(), (s.maskImage || s.webkitMaskImage).startsWith('url(\"data:image/svg+xml'), s.width]; })", vec![]).await.unwrap();
        assert_eq!(drawn, json!([["", true, "22px"], ["", true, "22px"]]));
        std::fs::create_dir_all(support::root().join("target/tmp")).ok();
        std::fs::write(support::root().join("target/tmp/widget-csat.png"), c.screenshot().await.unwrap()).unwrap();
        c.find(fantoccini::Locator::Css("[data-testid=rate-up]")).await.unwrap().click().await.unwrap();
        assert_eq!(text_of(&c, "csat-thanks").await, "Thanks for telling us.");
        // The hub has it: the console's review shows the visitor's score.
        let review = agent.call(reqwest::Method::GET, &format!("review/conversations/{id}"), None).await;
        assert_eq!(review["rating"], 5, "{review}");
        // A reload does not ask again.
        c.enter_parent_frame().await.unwrap();
        c.refresh().await.expect("reload the host page");
        open_widget(&c).await;
        until_thread(&c, "the thread after the reload", |t| t.iter().any(|l| l.1.starts_with("Maria marked this conversation as resolved"))).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let asked = c.execute("return document.querySelectorAll('[data-testid=csat], [data-testid=csat-thanks]').length", vec![]).await.unwrap();
        assert_eq!(asked, 0, "rated once, not asked again");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_going_online_before_the_first_message_shows_at_once_and_then_it_is_one_moment() {
    scenario(true, |c, hub| async move {
        open_widget(&c).await;
        until_text(&c, "status", |s| {
            s == "Ava (AI assistant) is answering · team offline"
        })
        .await;
        let agent = Agent::sign_in(&hub).await;
        agent.online().await;
        until_text(&c, "status", |s| {
            s == "Ava (AI assistant) is answering · team online"
        })
        .await;
        say(&c, "can I speak to someone?").await;
        let t = until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        assert!(
            bridges(&t)[0].starts_with(
                "Let me connect you with a specialist from our Customer Support team — one moment."
            ),
            "{t:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_typed_by_the_visitor_and_by_the_agent_is_shown_as_text() {
    scenario(true, |c, hub| async move {
        let agent = Agent::sign_in(&hub).await;
        agent.online().await;
        open_widget(&c).await;
        let visitor = r#"<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> talk to a person"#;
        say(&c, visitor).await;
        until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        let id = agent.claim_and_reply(r#"<b>bold</b><img src=y onerror="window.__xss=3"> hello"#).await;
        let t = until_thread(&c, "the agent's reply", |t| t.iter().any(|l| l.1.ends_with(" hello"))).await;
        assert!(t.iter().any(|l| l.1 == visitor), "{t:?}");
        assert!(t.iter().any(|l| l.1 == r#"<b>bold</b><img src=y onerror="window.__xss=3"> hello"#), "{t:?}");
        let parsed = c.execute("return [document.querySelectorAll('[data-testid=thread] img, [data-testid=thread] script, [data-testid=thread] p b').length, window.__xss === undefined]", vec![]).await.unwrap();
        assert_eq!(parsed, json!([0, true]), "no element made from the text, no script ran");
        // The console's copy is the same plain text.
        let conversation = agent.call(reqwest::Method::GET, &format!("conversations/{id}"), None).await;
        let texts: Vec<&str> = conversation["messages"].as_array().unwrap().iter().filter_map(|m| m["text"].as_str()).collect();
        assert!(texts.contains(&visitor), "{texts:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_visitor_sees_the_agent_typing_in_the_console_until_the_reply_replaces_it() {
    scenario(true, |c, hub| async move {
        Agent::sign_in(&hub).await.online().await;
        open_widget(&c).await;
        say(&c, "Can I talk to a real person about my order?").await;
        until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        let widget = c.window().await.unwrap();

        // Maria, in the console in another tab: signs in, claims it and types a reply.
        let console = c.new_window(true).await.unwrap().handle;
        c.switch_to_window(console.clone()).await.unwrap();
        c.goto(&format!("{hub}/console/")).await.unwrap();
        let field = |css: &'static str| {
            let c = c.clone();
            async move {
                c.wait()
                    .at_most(WAIT)
                    .for_element(fantoccini::Locator::Css(css))
                    .await
                    .unwrap_or_else(|e| panic!("{css}: {e}"))
            }
        };
        field("[data-testid=login-email]").await.send_keys("maria@example.com").await.unwrap();
        field("[data-testid=login-password]").await.send_keys(PASSWORD).await.unwrap();
        field("[data-testid=login-submit]").await.click().await.unwrap();
        field("[data-testid=queue-item]").await.click().await.unwrap();
        field("[data-testid=claim]").await.click().await.unwrap();
        let reply = field("[data-testid=reply-box]").await;
        reply.clear().await.unwrap();
        reply.send_keys("Hi, I'm Maria. Let me look at your order.").await.unwrap();

        // The widget says so, in the place of the assistant's typing line, politely.
        c.switch_to_window(widget.clone()).await.unwrap();
        open_widget(&c).await;
        until_text(&c, "typing", |t| t == "Maria is typing…").await;
        assert_eq!(text_of(&c, "status").await, "Maria is answering");
        let live = c
            .execute("return document.querySelector('[data-testid=typing]').getAttribute('aria-live')", vec![])
            .await
            .unwrap();
        assert_eq!(live, "polite");
        c.enter_parent_frame().await.unwrap();
        let png = c.screenshot().await.expect("a screenshot");
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("widget-agent-typing.png");
        std::fs::write(&path, png).expect("write the screenshot");
        eprintln!("screenshot: {}", path.display());

        // Maria sends it: her message replaces the line at once, not when its time runs out.
        c.switch_to_window(console).await.unwrap();
        field("[data-testid=reply-send]").await.click().await.unwrap();
        c.switch_to_window(widget).await.unwrap();
        open_widget(&c).await;
        let seen = poll(
            "Maria's reply in the widget",
            WAIT,
            || async {
                c.execute(
                    "return [[...document.querySelectorAll('[data-testid=thread] li p')].some((p) => p.textContent === \"Hi, I'm Maria. Let me look at your order.\"), !!document.querySelector('[data-testid=typing]')]",
                    vec![],
                )
                .await
                .unwrap_or(Value::Null)
            },
            |v| v[0] == true,
        )
        .await;
        assert_eq!(seen, json!([true, false]), "the reply came and the typing line went with it");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_sound_on_a_reply_to_a_closed_chat_chimes_once_and_counts_in_the_tab_title() {
    let site = |host: &str| {
        let site = always_open(host);
        assert!(
            site.contains("sound = false"),
            "demo/baton.toml has no sound line"
        );
        site.replace("sound = false", "sound = true")
    };
    scenario_with(true, site, |c, hub| async move {
        let agent = Agent::sign_in(&hub).await;
        agent.online().await;
        open_widget(&c).await;
        say(&c, "can I talk to a real person?").await;
        let id = agent.claim_and_reply("Hi, I'm Maria. One moment.").await;
        until_thread(&c, "the agent's reply", |t| {
            t.iter().any(|l| l.1 == "Hi, I'm Maria. One moment.")
        })
        .await;
        let notes = c.execute("return window.__notes", vec![]).await.unwrap();
        assert_eq!(notes, 0, "no chime while the chat is open");

        // The visitor closes the chat and reads the page, which keeps a count of its own in
        // the title; Maria writes again.
        c.enter_parent_frame().await.unwrap();
        let title = c
            .execute(
                "document.title = '(3) ' + document.title; return document.title",
                vec![],
            )
            .await
            .unwrap();
        c.execute("Baton('close')", vec![]).await.unwrap();
        assert_eq!(
            c.execute("return document.title", vec![]).await.unwrap(),
            title,
            "the page's own count is left alone"
        );
        agent
            .call(
                reqwest::Method::POST,
                &format!("conversations/{id}/messages"),
                Some(json!({"text": "Found it: it ships today."})),
            )
            .await;
        let titled = poll(
            "the count in the tab's title",
            WAIT,
            || async { c.execute("return document.title", vec![]).await.unwrap() },
            |t| t.as_str().is_some_and(|t| t.starts_with("(1) ")),
        )
        .await;
        assert_eq!(titled, format!("(1) {}", title.as_str().unwrap()));
        open_widget(&c).await;
        let notes = c.execute("return window.__notes", vec![]).await.unwrap();
        assert_eq!(
            notes, 2,
            "one chime (two notes) for the reply to the closed chat"
        );
        // Opened: read, and the title is the page's own again.
        c.enter_parent_frame().await.unwrap();
        poll(
            "the title without the count",
            WAIT,
            || async { c.execute("return document.title", vec![]).await.unwrap() },
            |t| *t == title,
        )
        .await;
    })
    .await;
}
