//! The launcher's icon: a few built in, or the owner's own, as SVG path data on a 24 × 24
//! grid, handed to the loader with the site's theme (`api::loader::launcher_script`).

/// The built-in icons by name (`[sites.theme] icon`), the first the default.
pub const BUILT_IN: [(&str, &str); 3] = [
    ("chat", "M3 4h18v13H9l-5 4v-4H3z"),
    (
        "dots",
        "M3 4h18v13H9l-5 4v-4H3zM6.5 10.5a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0zM10.5 10.5a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0zM14.5 10.5a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0z",
    ),
    (
        "mail",
        "M2 5h20v14H2zM4 7v.8l8 5.2 8-5.2V7l-8 5.2z",
    ),
];

/// Longest path data an owner may give, in characters.
const MAX_PATH: usize = 2000;

/// The path data of `[sites.theme]`'s `icon` (a built-in name) or `icon_path` (the owner's
/// own, on a 24 × 24 grid); `None` keeps the loader's own. An unknown name, both keys at
/// once, or path data with anything but commands and numbers is an error that says which.
pub fn path(icon: Option<&str>, own: Option<&str>) -> Result<Option<String>, String> {
    match (icon, own) {
        (Some(_), Some(_)) => Err("theme: give icon or icon_path, not both".into()),
        (Some(name), None) => BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, d)| Some(d.to_string()))
            .ok_or_else(|| {
                let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
                format!("theme: icon {name:?} is not one of {}", names.join(", "))
            }),
        (None, Some(d)) => {
            let plain = d.chars().all(|c| {
                c.is_ascii_digit()
                    || " \n\t,.-+eE".contains(c)
                    || "MmLlHhVvCcSsQqTtAaZz".contains(c)
            });
            if d.trim().is_empty() || d.len() > MAX_PATH || !plain {
                return Err(format!(
                    "theme: icon_path must be SVG path data (commands and numbers, at most {MAX_PATH} characters), as in <path d=\"…\"> on a 24 × 24 viewBox"
                ));
            }
            Ok(Some(d.trim().to_string()))
        }
        (None, None) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_built_in_name_or_the_owners_path_data_and_nothing_else() {
        assert_eq!(path(None, None), Ok(None));
        assert_eq!(
            path(Some("mail"), None),
            Ok(Some(BUILT_IN[2].1.to_string()))
        );
        assert!(path(Some("rocket"), None)
            .unwrap_err()
            .contains("\"rocket\" is not one of chat, dots, mail"));
        assert_eq!(
            path(None, Some(" M2 2h20v20H2z ")),
            Ok(Some("M2 2h20v20H2z".to_string()))
        );
        for bad in ["", "M2 2\"/><script>", "url(x)", &"M1 1".repeat(600)] {
            assert!(path(None, Some(bad)).is_err(), "{bad}");
        }
        assert!(path(Some("chat"), Some("M1 1z")).is_err());
    }
}
