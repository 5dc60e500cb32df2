//! Order and reference numbers: after a `#`, or after a word such as "order" or "ref".

use super::{claim, words, Extracted, MAX_ITEMS};

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

fn is_code(word: &str) -> bool {
    (1..=24).contains(&word.len())
        && word.bytes().any(|c| c.is_ascii_digit())
        && word.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
}

pub(super) fn orders(text: &str, used: &mut [bool], out: &mut Extracted) {
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
