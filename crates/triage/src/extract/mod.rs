//! Finding what a human will need in visitor text: email, phone, order numbers, money.
//!
//! Hand-written scanners instead of regular expressions (the `regex` crate would dominate the
//! widget's bundle). Each pass is linear; later passes skip bytes that earlier ones claimed,
//! so an order number or an amount is never also read as a phone number.

mod contact;
mod money;
mod orders;

use contact::{emails, phones};
use money::money;
use orders::orders;

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
