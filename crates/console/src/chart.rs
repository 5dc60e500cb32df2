//! Chart geometry and number formats for the dashboard, as plain functions: the components
//! turn these into inline SVG, so there is no chart library, no script and no network.

/// A chart's drawing area inside its `viewBox`: room for axis labels on the left and below.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// `viewBox` width.
    pub width: f64,
    /// `viewBox` height.
    pub height: f64,
    /// Left margin (value labels).
    pub left: f64,
    /// Bottom margin (category labels).
    pub bottom: f64,
    /// Top margin.
    pub top: f64,
}

impl Frame {
    /// The frame of a half-width dashboard chart.
    pub const STANDARD: Frame = Frame {
        width: 600.0,
        height: 220.0,
        left: 48.0,
        bottom: 28.0,
        top: 12.0,
    };
    /// The frame of a full-width chart: twice as wide, so its text is the same size.
    pub const WIDE: Frame = Frame {
        width: 1200.0,
        height: 240.0,
        left: 48.0,
        bottom: 28.0,
        top: 12.0,
    };

    /// Width of the plotting area.
    pub fn plot_width(&self) -> f64 {
        self.width - self.left - 8.0
    }

    /// Height of the plotting area.
    pub fn plot_height(&self) -> f64 {
        self.height - self.top - self.bottom
    }

    /// The y coordinate of `value` on a scale from 0 to `max`.
    pub fn y(&self, value: f64, max: f64) -> f64 {
        let share = if max > 0.0 {
            (value / max).clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.top + self.plot_height() * (1.0 - share)
    }

    /// The baseline's y.
    pub fn baseline(&self) -> f64 {
        self.top + self.plot_height()
    }
}

/// Points of a line chart of `values` (one per day, `None` where there is nothing to
/// plot) on a scale from 0 to `max`, spread evenly across the plot. The line breaks at gaps:
/// each inner `Vec` is one unbroken run.
pub fn line_runs(frame: &Frame, values: &[Option<f64>], max: f64) -> Vec<Vec<(f64, f64)>> {
    let n = values.len();
    let step = if n > 1 {
        frame.plot_width() / (n - 1) as f64
    } else {
        0.0
    };
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => current.push((
                round1(frame.left + step * i as f64),
                round1(frame.y(*v, max)),
            )),
            None if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// `points` as an SVG `points` attribute.
pub fn points_attr(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{x},{y}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One bar: where it starts, its size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// Bars for `groups` of values (e.g. median and p90 per trigger) on a scale from 0 to
/// `max`: groups spread evenly, the bars of a group side by side, a gap between groups. A
/// value not measured yet (`None`) keeps its place with no height.
pub fn grouped_bars(frame: &Frame, groups: &[Vec<Option<f64>>], max: f64) -> Vec<Vec<Bar>> {
    let n = groups.len().max(1) as f64;
    let slot = frame.plot_width() / n;
    let gap = slot * 0.25;
    groups
        .iter()
        .enumerate()
        .map(|(g, values)| {
            let k = values.len().max(1) as f64;
            let width = (slot - gap) / k;
            values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let y = frame.y(v.unwrap_or(0.0), max);
                    Bar {
                        x: round1(frame.left + slot * g as f64 + gap / 2.0 + width * i as f64),
                        y: round1(y),
                        width: round1(width),
                        height: round1(frame.baseline() - y),
                    }
                })
                .collect()
        })
        .collect()
}

/// A round upper bound for an axis: 1, 2 or 5 × a power of ten, at least `value`
/// (and at least `floor`, so an empty chart still has a scale).
pub fn nice_max(value: f64, floor: f64) -> f64 {
    let v = value.max(floor);
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * magnitude >= v - 1e-9 {
            return m * magnitude;
        }
    }
    10.0 * magnitude
}

/// A round upper bound for a time axis in seconds: round seconds under two minutes, round
/// minutes under two hours, round hours beyond.
pub fn nice_seconds(seconds: f64) -> f64 {
    if seconds < 120.0 {
        nice_max(seconds, 10.0)
    } else if seconds < 7200.0 {
        nice_max(seconds / 60.0, 1.0) * 60.0
    } else {
        nice_max(seconds / 3600.0, 1.0) * 3600.0
    }
}

/// A short time-axis label: `45 s`, `20 min`, `2.5 h`.
pub fn axis_duration(seconds: f64) -> String {
    let s = seconds.round() as i64;
    match s {
        0 => "0".into(),
        1..=119 => format!("{s} s"),
        120..=7199 => format!("{} min", (seconds / 60.0).round()),
        _ => {
            let h = seconds / 3600.0;
            if (h - h.round()).abs() < 0.05 {
                format!("{} h", h.round())
            } else {
                format!("{h:.1} h")
            }
        }
    }
}

/// The x of the centre of group `i` of `n`.
pub fn group_centre(frame: &Frame, i: usize, n: usize) -> f64 {
    let slot = frame.plot_width() / n.max(1) as f64;
    round1(frame.left + slot * (i as f64 + 0.5))
}

/// A share as a whole percentage (`0.4` → `40%`), `–` when there is none.
pub fn percent(share: Option<f64>) -> String {
    share.map_or("–".into(), |s| format!("{:.0}%", s * 100.0))
}

/// Seconds for people: `45 s`, `12 min`, `3 h 05 min`, `2 d 4 h`; `–` when there is none.
pub fn duration(seconds: Option<i64>) -> String {
    match seconds {
        None => "–".into(),
        Some(s) if s >= 86_400 => format!("{} d {} h", s / 86_400, (s % 86_400) / 3600),
        Some(s) => crate::model::format_wait(s),
    }
}

/// A mean score out of 5 (`3.7 / 5`).
pub fn score(mean: Option<f64>) -> String {
    mean.map_or("–".into(), |m| format!("{m:.1} / 5"))
}

/// `2026-03-02` → `2 Mar`.
pub fn day_label(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = date.split('-');
    let (_, m, d) = (
        parts.next(),
        parts.next().and_then(|m| m.parse::<usize>().ok()),
        parts.next().and_then(|d| d.parse::<u32>().ok()),
    );
    match (m, d) {
        (Some(m @ 1..=12), Some(d)) => format!("{d} {}", MONTHS[m - 1]),
        _ => date.to_string(),
    }
}

/// Which of `n` day labels to print so they do not overlap: about 7 of them, always the last.
pub fn label_every(n: usize) -> usize {
    n.div_ceil(7).max(1)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A chart's text alternative: its title, then each group's name and values in words
/// ("Time to a human, median and p90: Asked for a person 1m 20s and 4m; …"), so a screen
/// reader hears the numbers the bars show.
pub fn describe(
    title: &str,
    names: &[String],
    groups: &[Vec<Option<f64>>],
    value: impl Fn(f64) -> String,
) -> String {
    let parts: Vec<String> = names
        .iter()
        .zip(groups)
        .map(|(name, values)| {
            let values: Vec<String> = values.iter().map(|&v| or_dash(v, &value)).collect();
            format!("{name} {}", values.join(" and "))
        })
        .collect();
    if parts.is_empty() {
        return format!("{title}: no data in this period.");
    }
    format!("{title}: {}.", parts.join("; "))
}

/// The largest value of `groups`, 0 when none is measured.
pub fn highest(groups: &[Vec<Option<f64>>]) -> f64 {
    groups
        .iter()
        .flatten()
        .flatten()
        .copied()
        .fold(0.0, f64::max)
}

/// A bar's label: the value in words, or `–` when there is nothing to measure (no person
/// has answered yet, nobody has rated): never a `0 s` or `0%` that reads as a result.
pub fn or_dash(v: Option<f64>, value: impl Fn(f64) -> String) -> String {
    v.map_or_else(|| "–".to_string(), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_described_in_words_with_its_numbers() {
        let names = ["Asked for a person".to_string(), "Frustration".to_string()];
        let groups = [vec![Some(80.0), Some(240.0)], vec![Some(30.0), Some(90.0)]];
        assert_eq!(
            describe("Time to a human, median and p90", &names, &groups, |v| {
                duration(Some(v as i64))
            }),
            format!(
                "Time to a human, median and p90: Asked for a person {} and {}; Frustration {} and {}.",
                duration(Some(80)),
                duration(Some(240)),
                duration(Some(30)),
                duration(Some(90))
            )
        );
        assert_eq!(
            describe("CSAT", &[], &[], |v| v.to_string()),
            "CSAT: no data in this period."
        );
        // Nothing measured yet is said so, not drawn as zero.
        assert_eq!(
            describe("Time to a human", &names[..1], &[vec![None, None]], |v| {
                duration(Some(v as i64))
            }),
            "Time to a human: Asked for a person – and –."
        );
    }

    const F: Frame = Frame {
        width: 110.0,
        height: 120.0,
        left: 2.0,
        bottom: 10.0,
        top: 10.0,
    };
    // Plot: x from 2 to 102 (width 100), y from 10 (top) to 110 (baseline).

    #[test]
    fn lines_scale_and_break_at_gaps() {
        let runs = line_runs(
            &F,
            &[Some(0.0), Some(0.5), None, Some(1.0), Some(0.25)],
            1.0,
        );
        // 5 points → step 25: x = 2, 27, (52), 77, 102.
        assert_eq!(
            runs,
            vec![
                vec![(2.0, 110.0), (27.0, 60.0)],
                vec![(77.0, 10.0), (102.0, 85.0)]
            ]
        );
        assert_eq!(points_attr(&runs[0]), "2,110 27,60");
        assert!(line_runs(&F, &[None, None], 1.0).is_empty());
        // Above the scale is clamped to the top.
        assert_eq!(line_runs(&F, &[Some(3.0)], 1.0), vec![vec![(2.0, 10.0)]]);
    }

    #[test]
    fn bars_in_groups() {
        let bars = grouped_bars(
            &F,
            &[vec![Some(50.0), Some(100.0)], vec![None, Some(25.0)]],
            100.0,
        );
        // Two slots of 50, gap 12.5, two bars of 18.75 (rounded 18.8) per slot.
        assert_eq!(
            bars[0][0],
            Bar {
                x: 8.3,
                y: 60.0,
                width: 18.8,
                height: 50.0
            }
        );
        assert_eq!(
            bars[0][1],
            Bar {
                x: 27.0,
                y: 10.0,
                width: 18.8,
                height: 100.0
            }
        );
        assert_eq!(bars[1][0].height, 0.0);
        assert_eq!(bars[1][1].height, 25.0);
        assert_eq!(group_centre(&F, 1, 2), 77.0);
    }

    #[test]
    fn nice_bounds() {
        assert_eq!(nice_max(0.37, 0.0), 0.5);
        assert_eq!(nice_max(900.0, 0.0), 1000.0);
        assert_eq!(nice_max(120.0, 0.0), 200.0);
        assert_eq!(nice_max(0.0, 60.0), 100.0);
        assert_eq!(nice_max(0.0, 0.0), 1.0);
        assert_eq!(nice_max(1.0, 0.0), 1.0);
    }

    #[test]
    fn time_axes() {
        assert_eq!(nice_seconds(95.0), 100.0);
        assert_eq!(nice_seconds(900.0), 1200.0); // 15 min → 20 min
        assert_eq!(nice_seconds(13_260.0), 18_000.0); // 3.7 h → 5 h
        assert_eq!(axis_duration(0.0), "0");
        assert_eq!(axis_duration(50.0), "50 s");
        assert_eq!(axis_duration(600.0), "10 min");
        assert_eq!(axis_duration(9000.0), "2.5 h");
        assert_eq!(axis_duration(18_000.0), "5 h");
    }

    #[test]
    fn formats() {
        assert_eq!(percent(Some(0.4)), "40%");
        assert_eq!(percent(Some(2.0 / 3.0)), "67%");
        assert_eq!(percent(None), "–");
        assert_eq!(duration(Some(120)), "2 min");
        assert_eq!(duration(Some(3 * 86_400 + 7200)), "3 d 2 h");
        assert_eq!(duration(None), "–");
        assert_eq!(score(Some(11.0 / 3.0)), "3.7 / 5");
        assert_eq!(day_label("2026-03-02"), "2 Mar");
        assert_eq!(day_label("nonsense"), "nonsense");
        assert_eq!(label_every(7), 1);
        assert_eq!(label_every(30), 5);
        assert_eq!(label_every(90), 13);
    }
}
