//! Small helpers for reasons and tables, without pulling in formatting machinery or one
//! sort routine per element type.

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

/// `s` without a trailing `*` (a prefix entry's stem). Byte helpers like this one stand in
/// for `str` pattern methods, whose generic searchers cost kilobytes of WebAssembly.
pub(crate) fn stem(s: &str) -> &str {
    match s.as_bytes().last() {
        Some(b'*') => &s[..s.len() - 1],
        _ => s,
    }
}

/// `s` with every `byte` (an ASCII character) removed.
pub(crate) fn without(s: &str, byte: u8) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c != byte as char {
            out.push(c);
        }
    }
    out
}

/// `s` split at the first (or, with `last`, the last) `byte`, an ASCII character.
pub(crate) fn split_at_byte(s: &str, byte: u8, last: bool) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let at = if last {
        b.iter().rposition(|&c| c == byte)
    } else {
        b.iter().position(|&c| c == byte)
    }?;
    Some((&s[..at], &s[at + 1..]))
}

/// Sorts `v` ascending. Every sort in the engine goes through this one heapsort on `u64`
/// keys: a few hundred bytes of WebAssembly, where each `sort`/`sort_unstable`
/// instantiation costs kilobytes. Inputs are small (a message's trigrams) or sorted once
/// (`Engine::new`), where O(n log n) without the constant tuning is plenty.
pub(crate) fn sort_u64(v: &mut [u64]) {
    let n = v.len();
    let sift = |v: &mut [u64], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && v[child + 1] > v[child] {
            child += 1;
        }
        if v[root] >= v[child] {
            break;
        }
        v.swap(root, child);
        root = child;
    };
    for i in (0..n / 2).rev() {
        sift(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
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

    #[test]
    fn sorts() {
        let mut v = [5u64, 1, 9, 1, 0, u64::MAX, 7];
        sort_u64(&mut v);
        assert_eq!(v, [0, 1, 1, 5, 7, 9, u64::MAX]);
        let mut e: [u64; 0] = [];
        sort_u64(&mut e);
    }
}
