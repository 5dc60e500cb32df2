//! Which conversation an inbound WhatsApp message joins — the matching rules, as one plain
//! function (docs/whatsapp.md lists them for site owners):
//!
//! 1. The text quotes a reference code (`BTN-7KQ3XM`) of one of the site's leads: the message
//!    joins that lead's conversation, and the sender's number is linked to it — unless the
//!    conversation is already linked to another number. Then nothing is merged: the message
//!    goes where rules 2–3 put it, with a notice for the agent naming the reference.
//! 2. The sender's number is linked to a conversation of the site: it joins the most recent.
//! 3. Otherwise a new conversation starts for the site, on the WhatsApp channel.

/// The conversation a quoted reference belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceMatch {
    /// The code, as `BTN-XXXXXX`.
    pub reference: String,
    /// The lead's conversation.
    pub conversation: String,
    /// The WhatsApp number already linked to it, if any.
    pub linked: Option<String>,
}

/// Where the message goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// This existing conversation.
    Existing(String),
    /// A new conversation on the WhatsApp channel.
    New,
}

/// The decision: where, and a notice for the agent if the reference was not honoured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// Where the message goes.
    pub target: Target,
    /// Link the sender's number to the target (it is not linked to it yet).
    pub link_number: bool,
    /// A notice written into the target before the message, for the agent to decide.
    pub notice: Option<String>,
}

/// Applies the rules to what the database holds for sender `from`: the conversation a quoted
/// reference belongs to, and the most recent conversation linked to `from`.
pub fn decide(from: &str, by_reference: Option<&ReferenceMatch>, by_number: Option<&str>) -> Link {
    if let Some(r) = by_reference {
        match r.linked.as_deref() {
            None => {
                return Link {
                    target: Target::Existing(r.conversation.clone()),
                    link_number: true,
                    notice: None,
                }
            }
            Some(linked) if linked == from => {
                return Link {
                    target: Target::Existing(r.conversation.clone()),
                    link_number: false,
                    notice: None,
                }
            }
            Some(_) => {
                let notice = format!(
                    "This WhatsApp sender quoted reference {}, whose conversation already continues on WhatsApp from another number. Not merged: check who this is before sharing anything from it.",
                    r.reference
                );
                return Link {
                    notice: Some(notice),
                    ..by_number_only(by_number)
                };
            }
        }
    }
    by_number_only(by_number)
}

fn by_number_only(by_number: Option<&str>) -> Link {
    match by_number {
        Some(c) => Link {
            target: Target::Existing(c.to_string()),
            link_number: false,
            notice: None,
        },
        None => Link {
            target: Target::New,
            link_number: true,
            notice: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(linked: Option<&str>) -> ReferenceMatch {
        ReferenceMatch {
            reference: "BTN-7KQ3XM".into(),
            conversation: "web-conv".into(),
            linked: linked.map(str::to_string),
        }
    }

    #[test]
    fn a_reference_joins_its_conversation_and_links_the_number() {
        let l = decide("4477", Some(&reference(None)), Some("older-wa-conv"));
        assert_eq!(l.target, Target::Existing("web-conv".into()));
        assert!(l.link_number && l.notice.is_none());
        // The same number again: joins, nothing to link.
        let l = decide("4477", Some(&reference(Some("4477"))), None);
        assert_eq!(l.target, Target::Existing("web-conv".into()));
        assert!(!l.link_number && l.notice.is_none());
    }

    #[test]
    fn a_reference_from_a_second_number_is_not_merged() {
        let l = decide("4499", Some(&reference(Some("4477"))), None);
        assert_eq!(l.target, Target::New);
        assert!(l.notice.as_deref().unwrap().contains("BTN-7KQ3XM"));
        let l = decide("4499", Some(&reference(Some("4477"))), Some("own-conv"));
        assert_eq!(l.target, Target::Existing("own-conv".into()));
        assert!(l.notice.is_some());
    }

    #[test]
    fn a_known_number_joins_its_conversation_and_a_stranger_starts_one() {
        let l = decide("4477", None, Some("wa-conv"));
        assert_eq!(l.target, Target::Existing("wa-conv".into()));
        assert!(!l.link_number);
        let l = decide("4477", None, None);
        assert_eq!(l.target, Target::New);
        assert!(l.link_number);
    }
}
