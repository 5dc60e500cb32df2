//! Small text helpers for reasons, without pulling in float formatting machinery.

/// `label "text"`.
pub(crate) fn quoted(label: &str, text: &str) -> String {
    let mut s = String::with_capacity(label.len() + text.len() + 3);
    s.push_str(label);
    s.push_str(" \"");
    s.push_str(text);
    s.push('"');
    s
}

/// Appends an integer.
pub(crate) fn push_u32(s: &mut String, mut n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        s.push(b as char);
    }
}

/// Appends `x` (in `0..=1`) with two decimals: `0.21`.
pub(crate) fn push_fixed2(s: &mut String, x: f32) {
    let hundredths = (x.clamp(0.0, 1000.0) * 100.0 + 0.5) as u32;
    push_u32(s, hundredths / 100);
    s.push('.');
    let frac = hundredths % 100;
    if frac < 10 {
        s.push('0');
    }
    push_u32(s, frac);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let mut s = String::new();
        push_fixed2(&mut s, 0.21);
        s.push(' ');
        push_u32(&mut s, 86);
        s.push(' ');
        push_fixed2(&mut s, 1.0);
        assert_eq!(s, "0.21 86 1.00");
    }
}
