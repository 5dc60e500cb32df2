//! Money amounts: the number, a currency written before or after it, and multipliers.

use super::{claim, words, Extracted, Money, MAX_ITEMS};

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

pub(super) fn money(text: &str, used: &mut [bool], out: &mut Extracted) {
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
