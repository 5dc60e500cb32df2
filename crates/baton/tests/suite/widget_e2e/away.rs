//! Nobody there: nobody online, a closed day and a holiday, told in the visitor's own time,
//! with the lead form, WhatsApp and a reload.

use crate::support;

use fantoccini::Client;
use support::widget::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_online_captures_a_lead_and_whatsapp_carries_the_summary_and_reference() {
    scenario(false, |c, _hub| async move {
        open_widget(&c).await;
        // Away shows at once, before the visitor has said anything.
        until_text(&c, "status", |s| s == "Ava (AI assistant) is answering · team offline").await;
        say(&c, "can I talk to a real person? I'm jamie@example.com").await;
        text_of(&c, "lead-form").await;
        // Open, but nobody online: no "one moment", no time that nobody measured.
        let t = thread(&c).await;
        assert_eq!(
            bridges(&t),
            ["Let me connect you with a specialist from our Customer Support team. Nobody is free this minute — they'll answer right here as soon as someone is. I've passed your email to Customer Support, along with our conversation."],
            "{t:?}"
        );
        let status = text_of(&c, "status").await;
        assert_eq!(status, "Nobody from Customer Support is online right now.");
        let email = c.execute("return document.querySelector('[data-testid=lead-email]').value", vec![]).await.unwrap();
        assert_eq!(email, "jamie@example.com", "prefilled from the chat");
        let question = c.execute("return document.querySelector('[data-testid=lead-question]').value", vec![]).await.unwrap();
        assert_eq!(question, "can I talk to a real person? I'm jamie@example.com");
        c.find(fantoccini::Locator::Css("[data-testid=lead-name]")).await.unwrap().send_keys("Jamie").await.unwrap();
        c.find(fantoccini::Locator::Css("[data-testid=lead-consent]")).await.unwrap().click().await.unwrap();
        c.find(fantoccini::Locator::Css("[data-testid=lead-submit]")).await.unwrap().click().await.unwrap();
        let reference = text_of(&c, "reference").await;
        let code = reference.strip_prefix("Thanks! Your reference is ").and_then(|r| r.strip_suffix('.')).unwrap_or_else(|| panic!("{reference}"));
        assert!(code.starts_with("BTN-"), "{reference}");
        let href = c.execute("return document.querySelector('[data-testid=whatsapp]').href", vec![]).await.unwrap();
        let url = url::Url::parse(href.as_str().unwrap()).unwrap();
        assert_eq!((url.host_str(), url.path()), (Some("wa.me"), "/447700900123"), "{url}");
        let text = url.query_pairs().find(|(k, _)| k == "text").map(|(_, v)| v.into_owned()).expect("a prefilled text");
        assert_eq!(text, format!("Hi, I'm Jamie. My question: can I talk to a real person? I'm jamie@example.com (ref {code})"));
        // The assistant still answers while the visitor waits; a reload keeps the reference.
        say(&c, "How much does delivery cost?").await;
        let t = until_thread(&c, "the assistant's answer while waiting", |t| t.iter().any(|l| l.1.starts_with("UK standard delivery is"))).await;
        assert_eq!(t.iter().find(|l| l.1.starts_with("UK standard delivery is")).unwrap().2.as_deref(), Some("Ava · AI assistant"), "{t:?}");
        c.enter_parent_frame().await.unwrap();
        c.refresh().await.expect("reload the host page");
        open_widget(&c).await;
        assert_eq!(text_of(&c, "reference").await, reference);
        assert_eq!(text_of(&c, "status").await, "Nobody from Customer Support is online right now.");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_closed_day_the_visitor_in_tokyo_is_told_when_in_their_time_before_and_after_asking_and_after_a_reload(
) {
    // Open only the day after tomorrow (UTC), 09:00-17:00 UTC: 18:00 in Tokyo.
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let opens = chrono::Utc::now().date_naive() + chrono::Days::new(2);
    let key = DAYS[chrono::Datelike::weekday(&opens).num_days_from_monday() as usize];
    let when = in_visitor_words(
        opens.and_hms_opt(9, 0, 0).unwrap().and_utc(),
        chrono_tz::Asia::Tokyo,
    );
    scenario_with(false, move |host| with_hours(host, "UTC", &format!("{key} = [\"09:00-17:00\"]")), move |c, _hub| async move {
        open_as_gb_visitor_in(&c, "Asia/Tokyo").await;
        until_text(&c, "status", |s| s == "Ava (AI assistant) is answering · team offline").await;
        assert_eq!(text_of(&c, "expect").await, format!("We're back {when} your time."), "before the first message");
        let sent = c.execute("return window.__net.filter((r) => r.method === 'POST').length", vec![]).await.unwrap();
        assert_eq!(sent, 0, "the visitor has sent nothing");

        say(&c, "can I talk to someone?").await;
        let t = until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        assert_eq!(
            bridges(&t)[0],
            format!("Our Customer Support team is offline now — they're back {when} your time. They'll see our conversation, so you won't need to repeat yourself.")
        );
        say(&c, "How much does delivery cost?").await;
        let t = until_thread(&c, "the assistant's answer while waiting", |t| t.iter().any(|l| l.1.starts_with("UK standard delivery is"))).await;
        assert_eq!(t.iter().find(|l| l.1.starts_with("UK standard delivery is")).unwrap().2.as_deref(), Some("Ava · AI assistant"), "{t:?}");

        c.enter_parent_frame().await.unwrap();
        c.refresh().await.expect("reload the host page");
        open_widget(&c).await;
        assert_eq!(until_text(&c, "status", |s| s.contains("offline")).await, format!("Customer Support is offline · back {when}"));
        text_of(&c, "lead-form").await;
    })
    .await;
}

/// "tomorrow at 04:00" as an `en-GB` visitor in `zone` reads the instant `at`.
fn in_visitor_words(at: chrono::DateTime<chrono::Utc>, zone: chrono_tz::Tz) -> String {
    use chrono::Datelike;
    let local = at.with_timezone(&zone);
    let days =
        (local.date_naive() - chrono::Utc::now().with_timezone(&zone).date_naive()).num_days();
    let day = match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        _ => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][local.weekday().num_days_from_monday() as usize]
            .to_string(),
    };
    format!("{day} at {}", local.format("%H:%M"))
}

const EVERY_DAY_9_TO_5: &str = "mon = [\"09:00-17:00\"]\ntue = [\"09:00-17:00\"]\nwed = [\"09:00-17:00\"]\nthu = [\"09:00-17:00\"]\n\
    fri = [\"09:00-17:00\"]\nsat = [\"09:00-17:00\"]\nsun = [\"09:00-17:00\"]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_holiday_the_visitor_is_told_when_in_their_own_time_the_assistant_keeps_helping_and_a_reload_keeps_it_all(
) {
    // Open 09:00-17:00 UTC every day, but today (UTC) is a holiday: back tomorrow at 09:00 UTC,
    // which a visitor in New York reads as 04:00 or 05:00, today or tomorrow by their clock.
    let today = chrono::Utc::now().date_naive();
    let back = today
        .succ_opt()
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_utc();
    let when = in_visitor_words(back, chrono_tz::America::New_York);
    let site = move |host: &str| {
        with_hours(host, "UTC", EVERY_DAY_9_TO_5).replace(
            "[sites.hours.weekly]",
            &format!("holidays = [\"{today}\"]\n\n[sites.hours.weekly]"),
        )
    };
    scenario_with(false, site, move |c, _hub| async move {
        open_as_gb_visitor_in(&c, "America/New_York").await;
        until_text(&c, "status", |s| s == "Ava (AI assistant) is answering · team offline").await;
        assert_eq!(text_of(&c, "expect").await, format!("We're back {when} your time."), "before the first message");

        say(&c, "I want a refund for order #4471, my email is jo@example.com").await;
        let t = until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        assert_eq!(
            bridges(&t)[0],
            format!("Our Billing team answers refunds and payments on weekdays and Saturday mornings — they're back {when} your time. I've passed your order #4471 and your email to Billing, along with our conversation."),
            "the demo's own words for a closed Billing team, in the visitor's time, never 'one moment'"
        );
        assert_eq!(until_text(&c, "status", |s| s.contains("offline")).await, format!("Billing is offline · back {when}"));
        text_of(&c, "lead-form").await;

        // The assistant still answers what it knows, marked as the assistant's.
        say(&c, "How long does delivery take?").await;
        let t = until_thread(&c, "the assistant's answer while waiting", |t| t.iter().any(|l| l.1.starts_with("Standard UK delivery"))).await;
        let answer = t.iter().find(|l| l.1.starts_with("Standard UK delivery")).unwrap();
        assert_eq!(answer.2.as_deref(), Some("Ava · AI assistant"), "{t:?}");

        // The lead, then a reload: the reference, the WhatsApp link and the honest words stay.
        c.find(fantoccini::Locator::Css("[data-testid=lead-name]")).await.unwrap().send_keys("Jo").await.unwrap();
        for testid in ["lead-consent", "lead-submit"] {
            c.execute(&format!("document.querySelector('[data-testid={testid}]').scrollIntoView({{ block: 'center' }})"), vec![]).await.unwrap();
            c.find(fantoccini::Locator::Css(&format!("[data-testid={testid}]"))).await.unwrap().click().await.unwrap();
        }
        let reference = text_of(&c, "reference").await;
        assert!(reference.starts_with("Thanks! Your reference is BTN-"), "{reference}");
        c.enter_parent_frame().await.unwrap();
        c.refresh().await.expect("reload the host page");
        open_widget(&c).await;
        assert_eq!(text_of(&c, "reference").await, reference, "the reference survives a reload");
        let href = c.execute("const a = document.querySelector('[data-testid=whatsapp]'); return a && a.href", vec![]).await.unwrap();
        assert!(href.as_str().is_some_and(|h| h.starts_with("https://wa.me/447700900123")), "{href}");
        assert_eq!(until_text(&c, "status", |s| s.contains("offline")).await, format!("Billing is offline · back {when}"), "never 'waiting' on a holiday");
        let t = until_thread(&c, "the bridge after the reload", |t| bridges(t).first().is_some_and(|b| b.starts_with("Our Billing team answers refunds"))).await;
        assert_eq!(bridges(&t).len(), 1, "{t:?}");
    })
    .await;
}

/// The host page as an `en-GB` visitor whose browser is in `zone`, with the chat open.
async fn open_as_gb_visitor_in(c: &Client, zone: &str) {
    visitor_zone(c, zone).await;
    let gb = c.current_url().await.unwrap().join("/gb").unwrap();
    c.goto(gb.as_str()).await.unwrap();
    open_widget(c).await;
}
