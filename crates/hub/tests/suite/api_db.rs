//! The storage layer on its own: migrations apply, seq numbering, idempotent appends,
//! presence counts, the handoff queue order and lead references.

use hub::db::handoffs::NewHandoff;
use hub::db::leads::NewLead;
use hub::db::Db;

async fn db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = crate::api_support::open_db(dir.path()).await;
    (dir, db)
}

#[tokio::test]
async fn conversation_messages_and_retries() {
    let (_dir, db) = db().await;
    let (id, intro) = db
        .conversations_create("demo", "hash-1", &["disclosure", "greeting"])
        .await
        .unwrap();
    assert_eq!(intro.iter().map(|m| m.seq).collect::<Vec<_>>(), [1, 2]);
    let (first, new) = db
        .messages_create_visitor(&id, "c1", "hello")
        .await
        .unwrap();
    assert!(new);
    assert_eq!(first.seq, 3);
    let (again, new) = db
        .messages_create_visitor(&id, "c1", "hello")
        .await
        .unwrap();
    assert!(!new);
    assert_eq!(again, first);
    assert!(db
        .conversation_for_visitor(&id, "hash-2")
        .await
        .unwrap()
        .is_none());
    assert!(db
        .conversation_for_visitor(&id, "hash-1")
        .await
        .unwrap()
        .is_some());
    let all = db.messages_after(&id, 0, 100).await.unwrap();
    assert_eq!(all.len(), 3);
}

#[tokio::test]
async fn presence_queue_and_leads() {
    let (_dir, db) = db().await;
    let agent = db
        .agents_create("sam@example.com", "Sam", "$argon2id$x")
        .await
        .unwrap();
    db.set_presence(&agent, "demo", "support", true)
        .await
        .unwrap();
    db.set_presence(&agent, "demo", "billing", false)
        .await
        .unwrap();
    let online = db.agents_online("demo").await.unwrap();
    assert_eq!(online.get("support"), Some(&1));
    assert_eq!(online.get("billing"), None);

    let (a, _) = db.conversations_create("demo", "ha", &[]).await.unwrap();
    let (b, _) = db.conversations_create("demo", "hb", &[]).await.unwrap();
    let handoff = |urgency| NewHandoff {
        team: "support",
        package: "{}",
        widget_trigger: "human_request",
        hub_verdict: "{}",
        hub_trigger: None,
        urgency,
        available: true,
        next_open: None,
    };
    let (h1, new) = db.handoffs_create(&a, &handoff(0)).await.unwrap();
    assert!(new);
    let (h1b, new) = db.handoffs_create(&a, &handoff(5)).await.unwrap();
    assert!(!new);
    assert_eq!(h1, h1b);
    db.handoffs_create(&b, &handoff(2)).await.unwrap();
    let queue: Vec<_> = db
        .queue("demo")
        .await
        .unwrap()
        .into_iter()
        .map(|q| q.conversation_id)
        .collect();
    assert_eq!(queue, [b.clone(), a.clone()]);

    // The first two references clash with each other; the store tries again.
    let mut codes = vec!["BTN-BBBBBB", "BTN-AAAAAA", "BTN-AAAAAA"];
    let lead = NewLead {
        name: "Maria",
        email: Some("m@example.com"),
        phone: None,
        question: "",
        consent: true,
    };
    let one = db
        .leads_create(
            &a,
            "demo",
            &lead,
            || codes.pop().unwrap().to_string(),
            |_| None,
        )
        .await
        .unwrap();
    let two = db
        .leads_create(
            &a,
            "demo",
            &lead,
            || codes.pop().unwrap().to_string(),
            |r| Some(format!("wa/{r}")),
        )
        .await
        .unwrap();
    assert_eq!(one.reference, "BTN-AAAAAA");
    assert_eq!(two.reference, "BTN-BBBBBB");
    assert_eq!(two.whatsapp_link.as_deref(), Some("wa/BTN-BBBBBB"));
    assert_eq!(
        db.lead_by_reference("BTN-BBBBBB")
            .await
            .unwrap()
            .unwrap()
            .id,
        two.id
    );
}

#[tokio::test]
async fn foreign_keys_hold_and_sqlite_keeps_its_settings() {
    let (dir, db) = db().await;
    // Foreign keys are enforced on both backends (on SQLite, a setting of each connection).
    let err = db
        .agent_teams_add("no-such-agent", "demo", "support")
        .await
        .expect_err("an unknown agent is refused");
    assert!(!err.is_unique_violation(), "{err}");
    let backend = db.backend();
    assert_eq!(
        backend == hub::db::Backend::Postgres,
        crate::api_support::on_postgres()
    );
    // SQLite only: the journal mode is a property of the file, which Postgres has none of.
    if backend == hub::db::Backend::Sqlite {
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&crate::api_support::sql_at(dir.path()).await)
            .await
            .expect("journal mode");
        assert_eq!(mode, "wal");
    }
}
