//! French typography for a document: a no-break space (U+00A0) before `:`,
//! `;`, `?` and `!`, so that a ticket tool never wraps "Cause" away from its
//! colon. The flows and the interface write a plain space there (the
//! terminal does not care); a transcript is a document, so it gets the real
//! thing. Commands (fenced blocks and `inline code`) are left exactly as
//! they are: a shell needs plain spaces.

use crate::core::catalog::Lang;

/// `text` with French spacing when `lang` is French; English is unchanged.
pub(crate) fn for_document(lang: Lang, text: &str) -> String {
    if lang != Lang::Fr {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut fenced = false;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            out.push_str(line);
        } else if fenced {
            out.push_str(line);
        } else {
            push_spaced(&mut out, line);
        }
    }
    out
}

/// One line of prose: outside `inline code`, a space before `: ; ? !`
/// becomes a no-break space.
fn push_spaced(out: &mut String, line: &str) {
    let mut in_code = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '`' {
            in_code = !in_code;
        }
        let before_punct = matches!(chars.peek(), Some(':' | ';' | '?' | '!'));
        if c == ' ' && before_punct && !in_code {
            out.push('\u{a0}');
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_prose_gets_no_break_spaces_and_commands_do_not() {
        let text = "Cause : pas d’hôte ; vraiment ? oui !\n\
                    - Port : `a ; b`\n  ```\n  echo a ; echo b\n  ```\nFin : ok\n";
        assert_eq!(
            for_document(Lang::Fr, text),
            "Cause\u{a0}: pas d’hôte\u{a0}; vraiment\u{a0}? oui\u{a0}!\n\
             - Port\u{a0}: `a ; b`\n  ```\n  echo a ; echo b\n  ```\nFin\u{a0}: ok\n"
        );
    }

    #[test]
    fn english_and_urls_are_untouched() {
        let text = "Note : kept in English\n";
        assert_eq!(for_document(Lang::En, text), text);
        let link = "- [Options](https://learn.microsoft.com/a)\n";
        assert_eq!(for_document(Lang::Fr, link), link);
    }
}
