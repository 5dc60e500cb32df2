//! Theming: the owner's colours made readable. When text in the default colour on the
//! owner's accent fails WCAG AA (4.5:1), the widget picks the readable one itself.

/// `#rgb` or `#rrggbb` → `(r, g, b)`.
pub fn parse_hex(colour: &str) -> Option<(u8, u8, u8)> {
    let hex = colour.trim().strip_prefix('#')?;
    let digit = |i: usize, n: usize| u8::from_str_radix(hex.get(i..i + n)?, 16).ok();
    match hex.len() {
        3 => Some((digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
        6 => Some((digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
        _ => None,
    }
}

/// WCAG relative luminance.
pub fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG contrast ratio, 1 to 21.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// WCAG AA for normal text.
pub const AA: f64 = 4.5;

/// The text colour for the accent: white when it passes AA, otherwise whichever of white
/// and near-black contrasts more. `None` for a colour that is not `#rgb`/`#rrggbb`.
pub fn text_on(accent: &str) -> Option<&'static str> {
    const WHITE: (u8, u8, u8) = (255, 255, 255);
    const DARK: (u8, u8, u8) = (0x11, 0x14, 0x18);
    let accent = parse_hex(accent)?;
    let white = contrast(accent, WHITE);
    Some(if white >= AA || white >= contrast(accent, DARK) {
        "#ffffff"
    } else {
        "#111418"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse() {
        assert_eq!(parse_hex("#2f6b4f"), Some((0x2f, 0x6b, 0x4f)));
        assert_eq!(parse_hex("#fff"), Some((255, 255, 255)));
        assert_eq!(parse_hex("red"), None);
        assert_eq!(parse_hex("#12345"), None);
        assert_eq!(parse_hex("#ggg"), None);
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast((0x77, 0x77, 0x77), (255, 255, 255)) - 4.48).abs() < 0.01);
    }

    #[test]
    fn readable_text_is_picked() {
        assert_eq!(text_on("#2f6b4f"), Some("#ffffff")); // dark green: white passes
        assert_eq!(text_on("#ffd400"), Some("#111418")); // yellow: white fails
        assert_eq!(text_on("#7fdbff"), Some("#111418")); // light blue
        assert_eq!(text_on("#000"), Some("#ffffff"));
        assert_eq!(text_on("url(x)"), None);
    }
}
