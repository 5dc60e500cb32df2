//! Finding what a human will need in visitor text: email, phone, order numbers, money.
//!
//! Hand-written scanners instead of regular expressions (the `regex` crate would dominate the
//! widget's bundle). Each pass is linear; later passes skip bytes that earlier ones claimed,
//! so an order number or an amount is never also read as a phone number.

/// Finds emails, phone numbers, order numbers and money amounts in `text`.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    // Order numbers, amounts and phone numbers all hold a digit, emails an '@': most
    // messages have neither and need no pass at all.
    let digits = text.bytes().any(|b| b.is_ascii_digit());
    if !digits && !text.bytes().any(|b| b == b'@') {
        return out;
    }
    let mut used = vec![false; text.len()];
    emails(text, &mut used, &mut out);
    if digits {
        orders(text, &mut used, &mut out);
        money(text, &mut used, &mut out);
        phones(text, &used, &mut out);
    }
    out
}

/// An amount of money mentioned by the visitor.
#[derive(Clone, Debug, PartialEq)]
pub struct Money {
    /// The amount in units of the currency (`"$10k"` → 10000.0).
    pub amount: f64,
    /// ISO 4217 code when the text names or symbolises the currency (`"EUR"`, `"USD"`,
    /// `"GBP"`, `"INR"`, `"BRL"`…), otherwise `None`.
    pub currency: Option<&'static str>,
    /// The text as the visitor wrote it, e.g. `"€5,000"`.
    pub text: String,
}

/// Everything extracted from one message, in order of appearance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extracted {
    /// Email addresses, lower-cased domain.
    pub emails: Vec<String>,
    /// Phone numbers as written, normalised to digits with an optional leading `+`.
    pub phones: Vec<String>,
    /// Order or reference numbers (`#4471`, `order 4471`, `ref AB-1234`), without the `#`.
    pub orders: Vec<String>,
    /// Money amounts.
    pub amounts: Vec<Money>,
}

impl Extracted {
    /// True when the visitor gave a way to reach them (email or phone).
    pub fn has_contact(&self) -> bool {
        !self.emails.is_empty() || !self.phones.is_empty()
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.emails.is_empty()
            && self.phones.is_empty()
            && self.orders.is_empty()
            && self.amounts.is_empty()
    }
}

/// At most this many of each kind are kept: a message is not a phone book.
const MAX_ITEMS: usize = 16;

fn claim(used: &mut [bool], start: usize, end: usize) {
    used[start..end].iter_mut().for_each(|u| *u = true);
}

fn emails(text: &str, used: &mut [bool], out: &mut Extracted) {
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

/// Words that introduce an order or reference number, in the supported languages, folded
/// as [`order_word`] folds the visitor's ("Referência" → "referencia").
const ORDER_WORDS: &[&str] = &[
    "order",
    "orders",
    "ref",
    "reference",
    "booking",
    "invoice",
    "ticket",
    "tracking",
    "reservation",
    "pedido",
    "encomenda",
    "factura",
    "fatura",
    "commande",
    "facture",
    "bestellung",
    "bestellnummer",
    "rechnung",
    "auftrag",
    "ordine",
    "fattura",
    "bestelling",
    "ordernummer",
    "factuur",
    "referencia",
    "referenz",
    "riferimento",
];
/// Words that may stand between the keyword and the number ("order number AB-1234").
const ORDER_LINKS: &[&str] = &[
    "number", "no", "nr", "num", "numero", "número", "numéro", "nummer", "n", "id", "is", "code",
    "de", "del", "do", "da", "di", "van",
];

/// Byte ranges of "words": ASCII letters, digits and inner hyphens, or any non-ASCII run.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c >= 0x80;
    let mut i = 0;
    core::iter::from_fn(move || {
        while i < b.len() && !is_word(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        while i < b.len()
            && (is_word(b[i])
                || (b[i] == b'-' && i + 1 < b.len() && b[i + 1].is_ascii_alphanumeric()))
        {
            i += 1;
        }
        Some((start, i))
    })
}

fn is_code(word: &str) -> bool {
    (1..=24).contains(&word.len())
        && word.bytes().any(|c| c.is_ascii_digit())
        && word.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
}

fn orders(text: &str, used: &mut [bool], out: &mut Extracted) {
    let b = text.as_bytes();
    // "#4471": the hash sign alone is enough.
    let mut pending: Option<usize> = None;
    let mut links = 0;
    for (s, e) in words(text) {
        if out.orders.len() >= MAX_ITEMS {
            break;
        }
        let word = &text[s..e];
        if s > 0 && b[s - 1] == b'#' && is_code(word) {
            out.orders.push(word.to_string());
            claim(used, s - 1, e);
            pending = None;
            continue;
        }
        if let Some(_kw) = pending {
            if is_code(word) && word.len() >= 3 {
                out.orders.push(word.to_string());
                claim(used, s, e);
                pending = None;
                continue;
            }
            if links < 2 && ORDER_LINKS.iter().any(|l| l.eq_ignore_ascii_case(word)) {
                links += 1;
                continue;
            }
            pending = None;
        }
        if order_word(word) {
            pending = Some(s);
            links = 0;
        }
    }
}

/// Whether `word` is one of `ORDER_WORDS`, ignoring case and, on the visitor's side, the
/// accents of the supported languages. The word is folded once into a small buffer: a word
/// longer than any entry, or with a character that does not fold to ASCII, is none.
fn order_word(word: &str) -> bool {
    let mut folded = [0u8; 16];
    let mut n = 0;
    for c in word.chars() {
        let f = match c.to_ascii_lowercase() {
            'á' | 'à' | 'â' | 'ã' | 'Á' => 'a',
            'é' | 'è' | 'ê' | 'É' => 'e',
            'í' | 'Í' => 'i',
            'ó' | 'ô' | 'õ' | 'Ó' => 'o',
            'ú' | 'ü' | 'Ú' => 'u',
            c => c,
        };
        if n == folded.len() || !f.is_ascii() {
            return false;
        }
        folded[n] = f as u8;
        n += 1;
    }
    ORDER_WORDS.iter().any(|k| k.as_bytes() == &folded[..n])
}

/// Currency symbols and codes written before the amount.
const PREFIXES: &[(&str, &str)] = &[
    ("R$", "BRL"),
    ("US$", "USD"),
    ("€", "EUR"),
    ("$", "USD"),
    ("£", "GBP"),
    ("₹", "INR"),
    ("Rs.", "INR"),
    ("Rs", "INR"),
    ("INR", "INR"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("BRL", "BRL"),
    ("CHF", "CHF"),
];
/// Currency symbols and words written after the amount.
const SUFFIXES: &[(&str, &str)] = &[
    ("€", "EUR"),
    ("$", "USD"),
    ("£", "GBP"),
    ("₹", "INR"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("eur", "EUR"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("usd", "USD"),
    ("dólares", "USD"),
    ("pounds", "GBP"),
    ("pound", "GBP"),
    ("quid", "GBP"),
    ("gbp", "GBP"),
    ("rupees", "INR"),
    ("rupee", "INR"),
    ("rupaye", "INR"),
    ("rs", "INR"),
    ("inr", "INR"),
    ("reais", "BRL"),
    ("real", "BRL"),
    ("brl", "BRL"),
    ("chf", "CHF"),
    ("franken", "CHF"),
];
/// Multipliers between the number and the currency ("$10k", "2,5 mil euros", "£1.2m"), each
/// with its power of ten: written like the currency tables, so one lookup serves all three.
const MULTIPLIERS: &[(&str, &str)] = &[
    ("k", "3"),
    ("thousand", "3"),
    ("mil", "3"),
    ("m", "6"),
    ("mn", "6"),
    ("million", "6"),
    ("millions", "6"),
    ("millones", "6"),
    ("milhões", "6"),
    ("millionen", "6"),
    ("lakh", "5"),
    ("lakhs", "5"),
    ("lac", "5"),
    ("crore", "7"),
    ("crores", "7"),
    ("bn", "9"),
    ("billion", "9"),
];

fn money(text: &str, used: &mut [bool], out: &mut Extracted) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() && out.amounts.len() < MAX_ITEMS {
        if !b[i].is_ascii_digit() || used[i] || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        // The number: digits with inner '.' or ','.
        let start = i;
        while i < b.len()
            && (b[i].is_ascii_digit()
                || (matches!(b[i], b'.' | b',') && i + 1 < b.len() && b[i + 1].is_ascii_digit())
                || thin_group(b, i))
        {
            i += 1;
        }
        let end = i;
        if (end < b.len() && b[end].is_ascii_alphanumeric() && !is_multiplier_start(text, end))
            || used[start..end].iter().any(|&u| u)
        {
            continue;
        }
        let spaced: String;
        // Not `contains`: for a few bytes it would bring memchr's search into the widget.
        #[allow(clippy::manual_contains)]
        let number = if b[start..end].iter().any(|&c| c == b' ') {
            spaced = crate::text::without(&text[start..end], b' ');
            &spaced
        } else {
            &text[start..end]
        };
        let Some(value) = parse_number(number) else {
            continue;
        };
        // Before: "€", "USD ", "Rs. ".
        let mut trimmed = start;
        while trimmed > 0 && b[trimmed - 1] == b' ' {
            trimmed -= 1;
        }
        let before = &text[..trimmed];
        let before = if start - before.len() <= 1 {
            before
        } else {
            &text[..start]
        };
        let mut from = start;
        let mut currency = None;
        for &(sym, code) in PREFIXES {
            if before.len() >= sym.len()
                && before.is_char_boundary(before.len() - sym.len())
                && before[before.len() - sym.len()..].eq_ignore_ascii_case(sym)
            {
                let at = before.len() - sym.len();
                // A code must be a word of its own ("USD 2500", not "thUSD").
                if at > 0
                    && sym.as_bytes()[0].is_ascii_alphabetic()
                    && b[at - 1].is_ascii_alphanumeric()
                {
                    continue;
                }
                currency = Some(code);
                from = at;
                break;
            }
        }
        // After: multiplier, then currency.
        let mut to = end;
        let mut amount = value;
        let mut multiplied = false;
        if let Some((len, power)) = word_after(text, to, MULTIPLIERS) {
            for _ in 0..power.as_bytes()[0] - b'0' {
                amount *= 10.0;
            }
            to = len;
            multiplied = true;
        }
        if currency.is_none() {
            if let Some((len, code)) = word_after(text, to, SUFFIXES) {
                currency = Some(code);
                to = len;
            }
        }
        // "25k" with no currency is money only where money is being discussed ("a quote for
        // 25k", "budget 25k"), not in "I ran 10k" or "our 25k subscribers"; a bare "25" never.
        if currency.is_none()
            && !(multiplied && to > end && b[end] != b' ' && money_context(text, from, to))
        {
            continue;
        }
        out.amounts.push(Money {
            amount,
            currency,
            text: text[from..to].to_string(),
        });
        claim(used, from, to);
        i = to.max(i);
    }
}

/// Stems of words that make a bare amount money, in the supported languages, folded
/// (lower case, no accents): budget, price, quote, cost, pay, spend, order, invoice, worth.
const MONEY_CONTEXT: &str = concat!(
    "budget|pric|quot|cost|pay|paid|spend|spent|order|invoic|worth|presupuest|precio|cotiza|",
    "coste|pagar|pago|gast|pedido|factur|vale|orcament|preco|cotac|custo|pagament|encomend|",
    "fatur|prix|devis|cout|paie|paiement|depens|command|vaut|valeur|preis|angebot|kost|",
    "zahl|bezahl|ausgeb|bestell|auftrag|rechnung|wert|prezz|preventiv|ordine|ordini|spes|",
    "valor|valore|prijs|offerte|betal|uitgev|factuur|waard|kimat|keemat|daam|kharch|",
    "bhugtan|bill",
);

/// How many words either side of an amount may carry its money context.
const CONTEXT_WORDS: usize = 8;

/// Whether a word of `MONEY_CONTEXT` stands within `CONTEXT_WORDS` words of `from..to`.
fn money_context(text: &str, from: usize, to: usize) -> bool {
    let near: Vec<(usize, usize)> = words(text).collect();
    let first = near
        .iter()
        .position(|&(_, e)| e > from)
        .unwrap_or(near.len());
    let last = near
        .iter()
        .rposition(|&(s, _)| s < to)
        .map_or(first, |i| i + 1);
    let lo = first.saturating_sub(CONTEXT_WORDS);
    let hi = (last + CONTEXT_WORDS).min(near.len());
    near[lo..hi].iter().any(|&(s, e)| {
        // The word's tokens joined: the folded text without the spaces between them.
        let word = crate::text::without(&crate::normalize::tokenize(&text[s..e]).text, b' ');
        crate::lexicon::items(MONEY_CONTEXT).any(|stem| word.starts_with(stem))
    })
}

/// A space inside a number, as in "15 000": followed by exactly three digits and a non-digit.
fn thin_group(b: &[u8], i: usize) -> bool {
    b[i] == b' '
        && i > 0
        && b[i - 1].is_ascii_digit()
        && i + 3 < b.len() + 1
        && b.get(i + 1..i + 4)
            .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
        && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
}

fn is_multiplier_start(text: &str, at: usize) -> bool {
    word_after(text, at, MULTIPLIERS).is_some_and(|(to, _)| to > at)
}

/// The entry of `table` written at `at` (after at most one space), as a whole word;
/// returns where it ends.
fn word_after(
    text: &str,
    at: usize,
    table: &[(&'static str, &'static str)],
) -> Option<(usize, &'static str)> {
    let b = text.as_bytes();
    let mut s = at;
    if s < b.len() && b[s] == b' ' {
        s += 1;
    }
    let rest = &text[s..];
    for &(w, v) in table {
        if rest.len() >= w.len()
            && rest.is_char_boundary(w.len())
            && rest[..w.len()].eq_ignore_ascii_case(w)
        {
            let e = s + w.len();
            let whole = e >= b.len() || !(b[e].is_ascii_alphanumeric() || b[e] >= 0x80);
            let symbol = !w.as_bytes()[0].is_ascii_alphabetic();
            if whole || symbol {
                return Some((e, v));
            }
        }
    }
    None
}

/// Reads "5,000", "5.000", "2,5", "1.2", "10,000.50", "10.000,50".
fn parse_number(s: &str) -> Option<f64> {
    // The separators: how many, where the first and the last stand, whether they differ.
    let (mut seps, mut head, mut pos, mut first, mut mixed) = (0, 0, 0, 0u8, false);
    for (i, c) in s.bytes().enumerate() {
        if !c.is_ascii_digit() {
            if seps == 0 {
                head = i;
                first = c;
            }
            mixed |= c != first;
            pos = i;
            seps += 1;
        }
    }
    let decimal_at = match seps {
        0 => None,
        _ => {
            let tail = s.len() - pos - 1;
            let repeated = seps > 1;
            if mixed {
                Some(pos)
            } else if tail == 3 && (repeated || head <= 3) {
                None
            } else if repeated {
                // "1.2.3": not a number we understand.
                return None;
            } else {
                Some(pos)
            }
        }
    };
    // By hand rather than `str::parse::<f64>`, whose exact algorithm and tables would add
    // kilobytes to the widget for amounts that need no last-bit precision.
    let (mut value, mut scale, mut count) = (0f64, 0f64, 0);
    for (i, c) in s.bytes().enumerate() {
        if c.is_ascii_digit() {
            count += 1;
            let d = (c - b'0') as f64;
            if scale == 0.0 {
                value = value * 10.0 + d;
            } else {
                value += d * scale;
                scale /= 10.0;
            }
        } else if Some(i) == decimal_at {
            scale = 0.1;
        }
    }
    (count > 0 && count <= 30).then_some(value)
}

fn phones(text: &str, used: &[bool], out: &mut Extracted) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number("5,000"), Some(5000.0));
        assert_eq!(parse_number("5.000"), Some(5000.0));
        assert_eq!(parse_number("2,5"), Some(2.5));
        assert_eq!(parse_number("1.2"), Some(1.2));
        assert_eq!(parse_number("10,000.50"), Some(10000.5));
        assert_eq!(parse_number("10.000,50"), Some(10000.5));
        assert_eq!(parse_number("1,000,000"), Some(1e6));
    }
}
