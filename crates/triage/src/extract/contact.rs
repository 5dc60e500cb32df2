//! Emails and phone numbers: how the visitor can be reached.

use super::{claim, Extracted, MAX_ITEMS};

pub(super) fn emails(text: &str, used: &mut [bool], out: &mut Extracted) {
    let b = text.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let domain = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-');
    for at in 0..b.len() {
        if b[at] != b'@' || out.emails.len() >= MAX_ITEMS {
            continue;
        }
        let mut l = at;
        while l > 0 && local(b[l - 1]) {
            l -= 1;
        }
        while l < at && b[l] == b'.' {
            l += 1;
        }
        let mut r = at + 1;
        while r < b.len() && domain(b[r]) {
            r += 1;
        }
        while r > at + 1 && matches!(b[r - 1], b'.' | b'-') {
            r -= 1;
        }
        if l == at || r <= at + 1 {
            continue;
        }
        let host = &text[at + 1..r];
        let Some(dot) = host.bytes().rposition(|c| c == b'.') else {
            continue;
        };
        let tld = &host[dot + 1..];
        if dot == 0
            || tld.len() < 2
            || !tld.bytes().all(|c| c.is_ascii_alphabetic())
            || host.as_bytes().windows(2).any(|w| w == b"..")
        {
            continue;
        }
        let mut email = String::with_capacity(r - l);
        email.push_str(&text[l..at + 1]);
        email.push_str(&host.to_ascii_lowercase());
        out.emails.push(email);
        claim(used, l, r);
    }
}

pub(super) fn phones(text: &str, used: &[bool], out: &mut Extracted) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() && out.phones.len() < MAX_ITEMS {
        let starts = b[i].is_ascii_digit()
            || (matches!(b[i], b'+' | b'(') && i + 1 < b.len() && b[i + 1].is_ascii_digit());
        if !starts
            || used[i]
            || (i > 0
                && (b[i - 1].is_ascii_alphanumeric()
                    || matches!(b[i - 1], b'#' | b'/' | b'.' | b',')))
        {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut groups: Vec<usize> = Vec::new();
        let mut group = 0;
        let mut has_sep = false;
        if b[i] == b'+' {
            digits.push('+');
        }
        while i < b.len() && !used[i] {
            let c = b[i];
            if c.is_ascii_digit() {
                digits.push(c as char);
                group += 1;
                i += 1;
            } else if matches!(c, b'+' | b' ' | b'-' | b'.' | b'(' | b')') && i == start {
                i += 1;
            } else if matches!(c, b' ' | b'-' | b'.' | b'(' | b')') {
                // A separator counts only when a digit follows within two bytes.
                let next = (i + 1..(i + 3).min(b.len())).find(|&k| b[k].is_ascii_digit());
                let ok = next.is_some_and(|k| {
                    b[i + 1..k]
                        .iter()
                        .all(|&s| matches!(s, b' ' | b'(' | b')' | b'-'))
                });
                if !ok {
                    break;
                }
                if group > 0 {
                    groups.push(group);
                }
                group = 0;
                has_sep = true;
                i = next.unwrap_or(i + 1);
            } else {
                break;
            }
            if digits.len() > 20 {
                break;
            }
        }
        if group > 0 {
            groups.push(group);
        }
        let end = i;
        // A letter right after ("12345678abc") means a code, not a phone.
        if end < b.len() && b[end].is_ascii_alphabetic() {
            continue;
        }
        let n = digits.len() - digits.starts_with('+') as usize;
        let date = groups.len() == 3
            && matches!(
                (groups[0], groups[1], groups[2]),
                (4, 1..=2, 1..=2) | (1..=2, 1..=2, 4)
            );
        let phone_like =
            b[start] == b'+' || b[start] == b'(' || b[start] == b'0' || has_sep || n >= 9;
        if (7..=15).contains(&n) && !date && phone_like {
            out.phones.push(digits);
        }
        let _ = &text[start..end];
        if i == start {
            i += 1;
        }
    }
}
