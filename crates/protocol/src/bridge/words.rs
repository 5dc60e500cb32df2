//! The bridge's default words: English built in everywhere, the other languages (feature
//! `languages`, on by default) where the hub and `baton check` render them. The widget gets
//! its visitor's from the hub as a list of strings ([`Words::strings`] order) and turns them
//! back into [`Words`] with [`Words::from_strings`].

macro_rules! words {
    ($($field:ident),* $(,)?) => {
        /// The default words of one language.
        #[derive(Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub struct Words {
            $(pub $field: &'static str,)*
        }

        impl Words {
            /// Every string, in field order: what travels to the widget.
            pub fn strings(&self) -> Vec<&'static str> {
                vec![$(self.$field),*]
            }

            /// The words from `strings` in [`Words::strings`] order, or `None` when there are
            /// not exactly as many. The strings live as long as the program: the widget turns
            /// its visitor's language into words once per page.
            pub fn from_strings(strings: Vec<String>) -> Option<Words> {
                if strings.len() != [$(stringify!($field)),*].len() {
                    return None;
                }
                let mut it = strings.into_iter();
                Some(Words {
                    $($field: Box::leak(it.next()?.into_boxed_str()),)*
                })
            }
        }
    };
}

words!(
    specialist,
    frustration,
    unsure,
    moment,
    stop,
    busy,
    busy_wait,
    minutes,
    sorry,
    no_guess,
    closed,
    closed_no_time,
    shared,
    nothing_shared,
    order,
    email,
    phone,
    and,
);

impl Words {
    /// The built-in words of `lang` (a code from [`LANGUAGES`](super::LANGUAGES)); English
    /// for any other code, and for every code but English in a build without the feature
    /// `languages`.
    pub fn of(lang: &str) -> &'static Words {
        #[cfg(feature = "languages")]
        if let Some((_, _, words)) = crate::ui::OTHERS.iter().find(|(code, _, _)| *code == lang) {
            return words;
        }
        let _ = lang;
        &EN
    }
}

pub(super) static EN: Words = Words {
    specialist: "Let me connect you with a specialist from our {team} team",
    frustration:
        "I'm sorry this has been frustrating. Let me connect you with our {team} team right away",
    unsure: "I don't want to guess on this one. Let me connect you with our {team} team",
    moment: " — one moment.",
    stop: ".",
    busy: ". Nobody is free this minute — they'll answer right here as soon as someone is.",
    busy_wait: ". Nobody is free this minute — they usually reply within {wait}.",
    minutes: "{n} minutes",
    sorry: "I'm sorry this has been frustrating.",
    no_guess: "I don't want to guess on this one.",
    closed: "Our {team} team is offline now — they're back {when} your time.",
    closed_no_time: "Our {team} team is offline now — they'll reply as soon as they're back.",
    shared: "I've passed {list} to {team}, along with our conversation.",
    nothing_shared: "They'll see our conversation, so you won't need to repeat yourself.",
    order: "your order #{order}",
    email: "your email",
    phone: "your phone number",
    and: "and",
};
