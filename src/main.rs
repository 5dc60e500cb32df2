//! Mounts the widget on the page.

use baton_widget::App;
use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| view! { <App/> });
}
