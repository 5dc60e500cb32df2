//! Prints what `widget-config?lang=CODE` adds for each language the widget speaks besides
//! English (the widget's words and the bridge's), one JSON object per line:
//! `scripts/size-report` measures them.

fn main() {
    for lang in protocol::bridge::LANGUAGES {
        if let Some(words) = protocol::ui::LangWords::builtin(lang) {
            println!(
                "{}",
                serde_json::to_string(&words).expect("words serialise")
            );
        }
    }
}
