//! The dashboard: is the handoff working? Headline numbers for the chosen period (7, 30 or
//! 90 days) and inline SVG charts — handoff rate per day, handoffs per trigger, time to a
//! human (median and p90) per trigger, CSAT with and without a person, lead conversion.
//! The numbers come from `GET /console/api/metrics`; the geometry from `chart.rs`.

use leptos::prelude::*;
use protocol::hub::{Me, MetricsReport};

use crate::api;
use crate::chart::{self, Frame};
use crate::model::trigger_label;
use crate::store::Agent;

/// The periods offered, in days.
pub const PERIODS: [i64; 3] = [7, 30, 90];

/// The sites the agent serves, by key and name, in first-seen order.
pub fn sites(me: &Me) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for t in &me.teams {
        if !out.iter().any(|(k, _)| *k == t.site) {
            out.push((t.site.clone(), t.site_name.clone()));
        }
    }
    out
}

/// The period buttons and, for agents of several sites, the site chooser. Shared with the
/// review page.
#[component]
pub fn Scope(
    site: RwSignal<Option<String>>,
    days: RwSignal<i64>,
    periods: &'static [i64],
) -> impl IntoView {
    let agent = expect_context::<Agent>();
    let choices = move || agent.me.with(|m| m.as_ref().map(sites).unwrap_or_default());
    view! {
        <div class="scope">
            <Show when=move || { choices().len() > 1 }>
                <select data-testid="site-choice" aria-label="Site" on:change=move |ev| site.set(Some(event_target_value(&ev)))>
                    {move || choices().into_iter().map(|(key, name)| {
                        let selected = site.with(|s| s.as_deref() == Some(key.as_str()));
                        view! { <option value=key selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </Show>
            <div class="periods" role="group" aria-label="Period">
                {periods.iter().map(|&n| view! {
                    <button data-testid=format!("period-{n}") class:on=move || days.get() == n
                        aria-pressed=move || if days.get() == n { "true" } else { "false" }
                        on:click=move |_| days.set(n)>{format!("{n} days")}</button>
                }).collect_view()}
            </div>
        </div>
    }
}

/// `?site=…&days=…` for the metrics and review endpoints.
pub fn scope_query(site: Option<&str>, days: i64) -> String {
    match site {
        Some(s) => format!(
            "site={}&days={days}",
            String::from(js_sys::encode_uri_component(s))
        ),
        None => format!("days={days}"),
    }
}

/// The dashboard page.
#[component]
pub fn Dashboard() -> impl IntoView {
    let site = RwSignal::new(None::<String>);
    let days = RwSignal::new(30);
    let report = LocalResource::new(move || {
        let query = scope_query(site.get().as_deref(), days.get());
        async move { api::get::<MetricsReport>(&api::path::metrics(&query)).await }
    });
    view! {
        <main class="board" data-testid="dashboard">
            <header class="board-head">
                <h1>"How the handoff is doing"</h1>
                <Scope site=site days=days periods=&PERIODS/>
            </header>
            <Suspense fallback=|| view! { <p class="empty">"Loading…"</p> }>
                {move || report.get().map(|r| match r {
                    Ok(r) => view! { <Report r=r/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Report(r: MetricsReport) -> impl IntoView {
    let headline = vec![
        (
            "Handoff rate",
            chart::percent(r.handoff_rate),
            format!("{} of {} conversations", r.handed_off, r.conversations),
            "kpi-handoff-rate",
        ),
        (
            "Time to a human",
            chart::duration(r.time_to_human.median_seconds),
            format!(
                "median · p90 {}",
                chart::duration(r.time_to_human.p90_seconds)
            ),
            "kpi-time-to-human",
        ),
        (
            "Resolution after handoff",
            chart::duration(r.resolution.median_seconds),
            format!("median · p90 {}", chart::duration(r.resolution.p90_seconds)),
            "kpi-resolution",
        ),
        (
            "Nobody answered",
            r.unanswered.to_string(),
            format!("of {} handoffs", r.handoffs),
            "kpi-unanswered",
        ),
        (
            "Came back within 30 days",
            chart::percent(r.repeat_contact.rate),
            format!(
                "{} of {} known visitors",
                r.repeat_contact.repeats, r.repeat_contact.identified
            ),
            "kpi-repeat",
        ),
        (
            "Leads won",
            chart::percent(r.conversion.rate),
            format!("{} of {} leads", r.conversion.won, r.conversion.leads),
            "kpi-conversion",
        ),
        (
            "On WhatsApp",
            began_on(&r, "whatsapp").to_string(),
            format!(
                "began there; {} more went on there from the website",
                r.continued_on_whatsapp
            ),
            "kpi-whatsapp",
        ),
    ];
    view! {
        <section class="kpis" aria-label="Headline numbers">
            {headline.into_iter().map(|(label, value, note, id)| view! {
                <div class="kpi" data-testid=id>
                    <span class="kpi-label">{label}</span>
                    <strong class="kpi-value">{value}</strong>
                    <span class="kpi-note">{note}</span>
                </div>
            }).collect_view()}
        </section>
        <div class="charts">
            <figure class="chart wide" data-testid="chart-rate">
                <figcaption>"Handoff rate per day"</figcaption>
                <RateLine r=r.clone()/>
            </figure>
            <figure class="chart" data-testid="chart-triggers">
                <figcaption>"Handoffs by trigger (share of conversations)"</figcaption>
                <TriggerBars r=r.clone()/>
            </figure>
            <figure class="chart" data-testid="chart-time-to-human">
                <figcaption>"Time to a human by trigger: " <span class="key key-a">"median"</span> " " <span class="key key-b">"p90"</span></figcaption>
                <WaitBars r=r.clone()/>
            </figure>
            <figure class="chart" data-testid="chart-csat">
                <figcaption>"CSAT (rated 4–5): assistant alone vs handed to a person"</figcaption>
                <CsatBars r=r.clone()/>
            </figure>
            <figure class="chart" data-testid="chart-conversion">
                <figcaption>"Leads: won, lost, open"</figcaption>
                <ConversionBar r=r.clone()/>
            </figure>
        </div>
    }
}

/// Gridlines and value labels at 0, ½ and the top of the scale.
fn grid(frame: Frame, max: f64, label: impl Fn(f64) -> String) -> impl IntoView {
    [0.0, 0.5, 1.0]
        .into_iter()
        .map(|share| {
            let y = frame.y(max * share, max);
            view! {
                <line class="grid" x1=frame.left x2=frame.width - 8.0 y1=y y2=y/>
                <text class="axis" x=frame.left - 6.0 y=y + 4.0 text-anchor="end">{label(max * share)}</text>
            }
        })
        .collect_view()
}

#[component]
fn RateLine(r: MetricsReport) -> impl IntoView {
    let f = Frame::WIDE;
    let values: Vec<Option<f64>> = r.daily.iter().map(|d| d.rate).collect();
    let max = chart::nice_max(values.iter().flatten().copied().fold(0.0, f64::max), 0.1).min(1.0);
    let runs = chart::line_runs(&f, &values, max);
    let every = chart::label_every(r.daily.len());
    let n = r.daily.len();
    let step = if n > 1 {
        f.plot_width() / (n - 1) as f64
    } else {
        0.0
    };
    let labels = r
        .daily
        .iter()
        .enumerate()
        .filter(|(i, _)| (n - 1 - i).is_multiple_of(every))
        .map(|(i, d)| {
            // The last label ends at the chart's edge rather than running past it.
            let anchor = if i + 1 == n { "end" } else { "middle" };
            view! { <text class="axis" x=f.left + step * i as f64 y=f.height - 8.0 text-anchor=anchor>{chart::day_label(&d.date)}</text> }
        })
        .collect_view();
    let dots = runs
        .iter()
        .flatten()
        .map(|&(x, y)| view! { <circle class="dot" cx=x cy=y r="2.5"/> })
        .collect_view();
    view! {
        <svg viewBox=format!("0 0 {} {}", f.width, f.height) role="img" aria-label="Handoff rate per day">
            {grid(f, max, |v| chart::percent(Some(v)))}
            {runs.iter().map(|run| view! { <polyline class="line" points=chart::points_attr(run)/> }).collect_view()}
            {dots}
            {labels}
        </svg>
    }
}

#[component]
fn TriggerBars(r: MetricsReport) -> impl IntoView {
    let f = Frame::STANDARD;
    let groups: Vec<Vec<Option<f64>>> = r.by_trigger.iter().map(|t| vec![t.rate]).collect();
    let max = chart::nice_max(chart::highest(&groups), 0.1).min(1.0);
    bars(
        f,
        "Handoffs by trigger, share of conversations",
        &r.by_trigger
            .iter()
            .map(|t| trigger_label(&t.trigger).to_string())
            .collect::<Vec<_>>(),
        &groups,
        max,
        |v| chart::percent(Some(v)),
        |v| chart::percent(Some(v)),
    )
}

#[component]
fn WaitBars(r: MetricsReport) -> impl IntoView {
    let f = Frame::STANDARD;
    let groups: Vec<Vec<Option<f64>>> = r
        .by_trigger
        .iter()
        .map(|t| {
            vec![
                t.time_to_human.median_seconds.map(|s| s as f64),
                t.time_to_human.p90_seconds.map(|s| s as f64),
            ]
        })
        .collect();
    let max = chart::nice_seconds(chart::highest(&groups));
    let names: Vec<String> = r
        .by_trigger
        .iter()
        .map(|t| trigger_label(&t.trigger).to_string())
        .collect();
    bars(
        f,
        "Time to a human by trigger, median and p90",
        &names,
        &groups,
        max,
        chart::axis_duration,
        |v| chart::duration(Some(v as i64)),
    )
}

#[component]
fn CsatBars(r: MetricsReport) -> impl IntoView {
    let f = Frame::STANDARD;
    let names = vec![
        format!(
            "Assistant alone · {} ratings · {}",
            r.csat.ai_only.ratings,
            chart::score(r.csat.ai_only.mean)
        ),
        format!(
            "Handed to a person · {} ratings · {}",
            r.csat.handed_off.ratings,
            chart::score(r.csat.handed_off.mean)
        ),
    ];
    let groups = vec![vec![r.csat.ai_only.rate], vec![r.csat.handed_off.rate]];
    bars(
        f,
        "Rated 4 or 5",
        &names,
        &groups,
        1.0,
        |v| chart::percent(Some(v)),
        |v| chart::percent(Some(v)),
    )
}

#[component]
fn ConversionBar(r: MetricsReport) -> impl IntoView {
    let c = r.conversion;
    let open = c.leads.saturating_sub(c.won + c.lost);
    let total = c.leads.max(1) as f64;
    let width = 560.0;
    let parts = [("won", c.won), ("lost", c.lost), ("open", open)];
    let mut x = 20.0;
    let segments = parts
        .iter()
        .map(|&(name, n)| {
            let w = width * n as f64 / total;
            let at = x;
            x += w;
            view! {
                <rect class=format!("seg seg-{name}") x=at y="30" width=w height="36"/>
                <text class="axis" x=at + w / 2.0 y="90" text-anchor="middle">{if n > 0 { format!("{name} {n}") } else { String::new() }}</text>
            }
        })
        .collect_view();
    view! {
        <svg viewBox="0 0 600 110" role="img" aria-label=format!("Leads: {} won, {} lost, {open} open.", c.won, c.lost)>
            <rect class="track" x="20" y="30" width=width height="36"/>
            {segments}
            <text class="axis" x="20" y="20">{format!("{} leads · {} won", c.leads, chart::percent(c.rate))}</text>
        </svg>
    }
}

/// A bar chart of `groups` named by `names`, values labelled above each bar; a value not
/// measured yet (`None`) has no bar and the label `–`.
fn bars(
    f: Frame,
    title: &str,
    names: &[String],
    groups: &[Vec<Option<f64>>],
    max: f64,
    axis: impl Fn(f64) -> String,
    value: impl Fn(f64) -> String,
) -> AnyView {
    if groups.is_empty() {
        return view! { <p class="empty">"No handoffs in this period."</p> }.into_any();
    }
    let geometry = chart::grouped_bars(&f, groups, max);
    let drawn = geometry
        .iter()
        .zip(groups)
        .flat_map(|(bars, values)| bars.iter().copied().zip(values.iter().copied()).enumerate())
        .map(|(i, (b, v))| {
            view! {
                <rect class=if i == 0 { "bar bar-a" } else { "bar bar-b" } x=b.x y=b.y width=b.width height=b.height/>
                <text class="value" x=b.x + b.width / 2.0 y=b.y - 4.0 text-anchor="middle">{chart::or_dash(v, &value)}</text>
            }
        })
        .collect_view();
    let labels = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            view! { <text class="axis" x=chart::group_centre(&f, i, names.len()) y=f.height - 8.0 text-anchor="middle">{name.clone()}</text> }
        })
        .collect_view();
    let alt = chart::describe(title, names, groups, &value);
    view! {
        <svg viewBox=format!("0 0 {} {}", f.width, f.height) role="img" aria-label=alt>
            {grid(f, max, axis)}
            {drawn}
            {labels}
        </svg>
    }
    .into_any()
}

/// Conversations of the report that began on `channel` (`web`, `whatsapp`).
fn began_on(r: &MetricsReport, channel: &str) -> u64 {
    r.by_channel
        .iter()
        .find(|c| c.channel == channel)
        .map_or(0, |c| c.conversations)
}
