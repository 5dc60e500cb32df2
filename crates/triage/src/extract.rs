//! Finding what a human will need in visitor text: email, phone, order numbers, money.

/// Finds emails, phone numbers, order numbers and money amounts in `text`.
pub fn extract(text: &str) -> Extracted {
    let _ = text;
    todo!()
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
        self.emails.is_empty() && self.phones.is_empty() && self.orders.is_empty() && self.amounts.is_empty()
    }
}
