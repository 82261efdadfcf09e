//! Which language to speak, from the command line or the environment.

use crate::core::catalog::Lang;

/// `--lang` wins; then ACTWIZ_LANG, then the POSIX locale variables in their
/// order of precedence (LC_ALL, LC_MESSAGES, LANG). A value starting with
/// `fr` means French; anything else set means English.
pub fn resolve(flag: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
    if let Some(lang) = flag {
        return lang;
    }
    for var in ["ACTWIZ_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Some(value) = env(var).filter(|v| !v.trim().is_empty()) {
            return if value.trim().to_ascii_lowercase().starts_with("fr") {
                Lang::Fr
            } else {
                Lang::En
            };
        }
    }
    Lang::En
}

/// An environment made of `pairs`, for tests of code that reads variables
/// through a lookup function (as [`resolve`] does).
#[cfg(test)]
pub(crate) fn env_of<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |k| {
        pairs
            .iter()
            .find(|(name, _)| *name == k)
            .map(|(_, v)| v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_environment() {
        assert_eq!(
            resolve(Some(Lang::En), env_of(&[("ACTWIZ_LANG", "fr")])),
            Lang::En
        );
    }

    #[test]
    fn environment_in_order_of_precedence() {
        assert_eq!(resolve(None, env_of(&[("LANG", "fr_FR.UTF-8")])), Lang::Fr);
        assert_eq!(
            resolve(None, env_of(&[("LC_ALL", "C"), ("LANG", "fr_FR.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            resolve(None, env_of(&[("ACTWIZ_LANG", "fr"), ("LC_ALL", "en_US")])),
            Lang::Fr
        );
        assert_eq!(resolve(None, env_of(&[("LC_MESSAGES", "fr_CA")])), Lang::Fr);
        assert_eq!(resolve(None, env_of(&[("LC_ALL", "")])), Lang::En);
        assert_eq!(resolve(None, env_of(&[])), Lang::En);
    }
}
