//! Reference codes: drawn for a new lead, read back as someone typed them, and found in what
//! a visitor sends.

/// Reference code letters: no 0/O, 1/I/L, so a code read aloud or copied by hand survives.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Prefix of every reference code.
pub const CODE_PREFIX: &str = "BTN-";
const CODE_LEN: usize = 6;

/// A short reference code such as `BTN-7KQ3XM`: 6 characters from 31 (about 887 million
/// codes), so clashes are rare; storage retries on a unique-constraint clash.
pub fn reference_code(rng: &mut impl rand::Rng) -> String {
    let mut code = String::with_capacity(CODE_PREFIX.len() + CODE_LEN);
    code.push_str(CODE_PREFIX);
    for _ in 0..CODE_LEN {
        code.push(CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char);
    }
    code
}

/// Reads a reference code as someone typed it into a search box: any case, spaces or dashes,
/// with or without the prefix (`btn 7kq3xm`, `7KQ-3XM`). `None` if it cannot be a code.
pub fn parse_reference(input: &str) -> Option<String> {
    let mut compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    if let Some(rest) = compact.strip_prefix("BTN") {
        compact = rest.to_string();
    }
    let ok = compact.len() == CODE_LEN && compact.bytes().all(|b| CODE_ALPHABET.contains(&b));
    ok.then(|| format!("{CODE_PREFIX}{compact}"))
}

/// The first reference code written anywhere in `text` (`… (ref BTN-7KQ3XM)`, `btn 7kq3xm`),
/// as [`parse_reference`] would read it; the prefix is required here, so an ordinary word
/// is never taken for a code.
pub fn find_reference(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let mut from = 0;
    while let Some(at) = upper[from..].find("BTN") {
        let start = from + at;
        from = start + 3;
        if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let mut i = from;
        if matches!(bytes.get(i), Some(b'-' | b' ')) {
            i += 1;
        }
        let Some(code) = upper.get(i..i + CODE_LEN) else {
            continue;
        };
        let ends = bytes
            .get(i + CODE_LEN)
            .is_none_or(|b| !b.is_ascii_alphanumeric());
        if ends && code.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
            return Some(format!("{CODE_PREFIX}{code}"));
        }
    }
    None
}
