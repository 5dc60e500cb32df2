//! Mounts the agent console on the page. Build: `trunk build --offline --release` in
//! `crates/console`; the hub serves `dist/` at `/console/`.

use console::App;
use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| view! { <App/> });
}
