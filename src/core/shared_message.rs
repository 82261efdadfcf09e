//! Codes whose messages say the same thing, or open the same way.
//!
//! Three DNS codes (0x8007232B, 0x80092328, 0x8007007B) carry the very same
//! message ("DNS name does not exist."), and many others open with one
//! long preamble ("The Software Protection Service reported that the
//! computer could not be activated."). A row, a header or a line read out on
//! a call should show what tells a code apart, not that preamble; and an
//! agent who picks one of several codes with the same message should know
//! whether picking the wrong one matters (their trees differ) or not.
//!
//! [`parts`] gives, for one code in one language, its message split into
//! the shared preamble and the distinguishing rest, the codes sharing that
//! preamble, and the codes with the same message and whether their trees
//! differ. It reads only the catalog: no terminal, no search index.
//!
//! A preamble ends at a sentence end (". ") or right after a clause word
//! ("that", "que", "qu’"), so the rest reads on its own ("the product key is
//! invalid.") and never cuts a word or a sentence in two ("…key is
//! invalid" vs "…key is blocked" share "…key is", which is no preamble).

use crate::core::catalog::{Catalog, Code, CodeEntry, FlowFile, Lang, Node};

/// One code's message, taken apart against the other codes' messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MessageParts<'a> {
    pub code: Code,
    /// The message as the catalog has it, without a leading code number
    /// ("0x8007007b DNS name does not exist." gives "DNS name does not
    /// exist.").
    pub message: &'a str,
    /// The opening this message shares with other codes' messages, ending
    /// at a sentence or clause boundary; empty when it shares none.
    pub preamble: &'a str,
    /// What tells the code apart: the message after the preamble (the
    /// whole message when there is no preamble).
    pub distinct: &'a str,
    /// The other codes whose messages open with the same preamble, in
    /// numeric order (empty when there is no preamble).
    pub preamble_shared_with: Vec<Code>,
    /// The other codes with the same message in some language (a leading
    /// code number, case, spacing and a final full stop aside), in numeric
    /// order.
    pub same_message: Vec<SameMessage>,
}

/// Another code with the same message, and whether it is answered by the
/// same tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SameMessage {
    pub code: Code,
    pub tree: Tree,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tree {
    /// The same questions and resolutions: picking one code or the other
    /// leads to the same fix.
    Same,
    /// Another tree: the agent must tell the codes apart.
    Different,
}

impl MessageParts<'_> {
    /// Whether some other code has the same message.
    pub(crate) fn is_shared(&self) -> bool {
        !self.same_message.is_empty()
    }

    /// Whether some code with the same message is answered by another tree.
    pub(crate) fn trees_differ(&self) -> bool {
        self.same_message.iter().any(|s| s.tree == Tree::Different)
    }
}

/// `code`'s message in `lang` taken apart against every other code of the
/// catalog; `None` for a code the catalog does not hold.
pub(crate) fn parts(catalog: &Catalog, code: Code, lang: Lang) -> Option<MessageParts<'_>> {
    // The entries alone: a file's trees are decoded only to compare the
    // trees of codes with the same message.
    let (entry, _) = catalog.card(code)?;
    let message = without_code_number(entry.messages.get(lang));
    let others: Vec<(Code, &str)> = catalog
        .cards()
        .filter(|(other, _)| other.code != code)
        .map(|(other, _)| (other.code, without_code_number(other.messages.get(lang))))
        .collect();

    let preamble = longest_shared_opening(message, others.iter().map(|(_, m)| *m));
    let preamble_shared_with = if preamble.is_empty() {
        Vec::new()
    } else {
        sorted(
            others
                .iter()
                .filter(|(_, m)| m.starts_with(preamble))
                .map(|(c, _)| *c),
        )
    };
    let mut same_message: Vec<SameMessage> = catalog
        .cards()
        .filter(|(other, _)| other.code != code && same_words(entry, other))
        .filter_map(|(other, _)| {
            let trees = (catalog.get(code)?, catalog.get(other.code)?);
            Some(SameMessage {
                code: other.code,
                tree: if same_tree(trees.0, trees.1) {
                    Tree::Same
                } else {
                    Tree::Different
                },
            })
        })
        .collect();
    same_message.sort_by_key(|s| s.code);

    Some(MessageParts {
        code,
        message,
        preamble,
        distinct: message[preamble.len()..].trim_start(),
        preamble_shared_with,
        same_message,
    })
}

fn sorted(codes: impl Iterator<Item = Code>) -> Vec<Code> {
    let mut codes: Vec<Code> = codes.collect();
    codes.sort();
    codes.dedup();
    codes
}

/// The message without a code number that opens it ("0x8007007b DNS name
/// does not exist.", "Error: 0x8007232B DNS name does not exist.").
pub(crate) fn without_code_number(message: &str) -> &str {
    let text = message.trim();
    let rest = text
        .strip_prefix("Error:")
        .or_else(|| text.strip_prefix("Erreur\u{a0}:"))
        .or_else(|| text.strip_prefix("Erreur :"))
        .map(str::trim_start)
        .unwrap_or(text);
    let Some(hex) = rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X")) else {
        return text;
    };
    let digits = hex.len()
        - hex
            .trim_start_matches(|c: char| c.is_ascii_hexdigit())
            .len();
    let after = &hex[digits..];
    // Eight hex digits followed by the words: a code number, not a message
    // that happens to start with "0x".
    if digits == 8 && after.starts_with(|c: char| c.is_whitespace()) && !after.trim().is_empty() {
        after.trim_start()
    } else {
        text
    }
}

/// Whether two codes carry the same message in some language: one
/// official English message may have two French translations
/// (0x800706BA and 0xC0020017, "The RPC server is unavailable.").
fn same_words(a: &CodeEntry, b: &CodeEntry) -> bool {
    Lang::ALL.into_iter().any(|lang| {
        let (x, y) = (a.messages.exact(lang), b.messages.exact(lang));
        match (x, y) {
            (Some(x), Some(y)) => {
                let key = comparable(without_code_number(x));
                !key.is_empty() && key == comparable(without_code_number(y))
            }
            _ => false,
        }
    })
}

/// The form two messages are compared in: lower case, single spaces, no
/// final full stop.
fn comparable(message: &str) -> String {
    let words: Vec<&str> = message.split_whitespace().collect();
    words
        .join(" ")
        .trim_end_matches('.')
        .trim_end()
        .to_lowercase()
}

/// The ends of the openings a preamble may stop at, shortest first: after
/// a sentence end (". "), after "that " / "que ", after "qu’" / "qu'".
fn boundaries(message: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    for (at, c) in message.char_indices() {
        let next = at + c.len_utf8();
        let before = &message[..next];
        let is_boundary = if c.is_whitespace() {
            let word = before[..at]
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("");
            word.ends_with('.') || word.eq_ignore_ascii_case("that") || word == "que"
        } else {
            // "qu’il", "qu'il": the clause word is elided into the next.
            (c == '’' || c == '\'') && (before.ends_with(" qu’") || before.ends_with(" qu'"))
        };
        if is_boundary && !message[next..].trim().is_empty() {
            ends.push(next);
        }
    }
    ends
}

/// The longest opening of `message` that ends at a boundary and opens one
/// of `others` too ("" when none does).
fn longest_shared_opening<'m, 'o>(
    message: &'m str,
    others: impl Iterator<Item = &'o str> + Clone,
) -> &'m str {
    boundaries(message)
        .into_iter()
        .rev()
        .map(|end| &message[..end])
        .find(|opening| others.clone().any(|other| other.starts_with(opening)))
        .unwrap_or("")
}

/// Whether two codes are answered by the same tree: the same start in the
/// same file, or trees with the same nodes (a team's copy of a tree).
fn same_tree(a: (&CodeEntry, &FlowFile), b: (&CodeEntry, &FlowFile)) -> bool {
    if std::ptr::eq(a.1, b.1) && a.0.start == b.0.start {
        return true;
    }
    let left = a.1.reachable([a.0.start.as_str()]);
    let right = b.1.reachable([b.0.start.as_str()]);
    left.len() == right.len()
        && left
            .iter()
            .zip(&right)
            .all(|((id_a, node_a), (id_b, node_b))| id_a == id_b && same_node(node_a, node_b))
}

fn same_node(a: &Node<'_>, b: &Node<'_>) -> bool {
    match (a, b) {
        (Node::Question(x), Node::Question(y)) => x == y,
        (Node::Resolution(x), Node::Resolution(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Catalog {
        Catalog::builtin().expect("built-in flows load")
    }

    fn code(text: &str) -> Code {
        let hex = text.trim_start_matches("0x");
        Code(u32::from_str_radix(hex, 16).expect("hex code"))
    }

    #[test]
    fn the_three_dns_name_codes_share_their_message_and_their_tree() {
        let catalog = builtin();
        for (this, others) in [
            ("0x8007232B", ["0x8007007B", "0x80092328"]),
            ("0x80092328", ["0x8007007B", "0x8007232B"]),
            ("0x8007007B", ["0x8007232B", "0x80092328"]),
        ] {
            for lang in Lang::ALL {
                let parts = parts(&catalog, code(this), lang).expect("code");
                let shared: Vec<Code> = parts.same_message.iter().map(|s| s.code).collect();
                assert_eq!(shared, others.map(code).to_vec(), "{this} {lang}");
                assert!(parts.is_shared());
                assert!(
                    !parts.trees_differ(),
                    "{this}: all start at kms_host_exists"
                );
            }
        }
        // 0x8007007B's message carries its number: the number is dropped.
        let parts = parts(&catalog, code("0x8007007B"), Lang::En).expect("code");
        assert_eq!(parts.message, "DNS name does not exist.");
        assert_eq!(parts.distinct, "DNS name does not exist.");
        assert_eq!(parts.preamble, "");
    }

    #[test]
    fn a_long_preamble_is_set_apart_from_what_tells_the_code_apart() {
        let catalog = builtin();
        let en = parts(&catalog, code("0xC004F074"), Lang::En).expect("code");
        assert_eq!(
            en.preamble,
            "The Software Protection Service reported that the computer could not be activated. "
        );
        assert!(
            en.distinct
                .starts_with("No Key Management Service (KMS) could be contacted."),
            "{en:?}"
        );
        assert!(en.preamble_shared_with.contains(&code("0xC004F038")));
        assert!(en.same_message.is_empty());

        let fr = parts(&catalog, code("0xC004F074"), Lang::Fr).expect("code");
        assert!(
            fr.distinct.starts_with("Aucun Gestionnaire de clés (KMS)"),
            "{fr:?}"
        );
        assert_eq!(format!("{}{}", fr.preamble, fr.distinct), fr.message);
    }

    #[test]
    fn a_preamble_ends_after_a_clause_word_never_inside_a_sentence() {
        let catalog = builtin();
        // "…determined the specified product key is invalid" and "…is
        // blocked" share words up to "is", but no boundary: no preamble.
        let invalid = parts(&catalog, code("0xC004C001"), Lang::En).expect("code");
        assert_eq!(invalid.preamble, "", "{invalid:?}");
        // "…reported that the product key is invalid." opens like many.
        let key = parts(&catalog, code("0xC004F050"), Lang::En).expect("code");
        assert_eq!(
            key.preamble,
            "The Software Protection Service reported that "
        );
        assert_eq!(key.distinct, "the product key is invalid.");
        let fr = parts(&catalog, code("0xC004F050"), Lang::Fr).expect("code");
        assert_eq!(fr.distinct, "la clé de produit n’est pas valide.");
    }

    #[test]
    fn one_english_message_with_two_french_wordings_is_still_shared() {
        let catalog = builtin();
        for lang in Lang::ALL {
            let parts = parts(&catalog, code("0x800706BA"), lang).expect("code");
            assert_eq!(
                parts.same_message,
                vec![SameMessage {
                    code: code("0xC0020017"),
                    tree: Tree::Different
                }],
                "{lang}"
            );
        }
    }

    #[test]
    fn a_message_shared_by_no_other_code_is_whole() {
        let catalog = builtin();
        let parts = parts(&catalog, code("0x8007232A"), Lang::En).expect("code");
        assert_eq!(parts.preamble, "");
        assert_eq!(parts.distinct, "DNS server failure.");
        assert!(parts.preamble_shared_with.is_empty() && !parts.is_shared());
        assert!(super::parts(&catalog, Code(0xDEAD_BEEF), Lang::En).is_none());
    }

    const TWO_TREES: &str = r#"
family: demo
title: { en: "Demo", fr: "Démo" }
source: "test fixture"
codes:
  - code: "0xC0DE0001"
    messages: { en: "Same words.", fr: "Mêmes mots." }
    activation_types: [kms_client]
    start: fix_a
    source: "test"
  - code: "0xC0DE0002"
    messages: { en: "0xC0DE0002 same words", fr: "Mêmes mots." }
    activation_types: [kms_client]
    start: fix_b
    source: "test"
resolutions:
  fix_a:
    title: { en: "A", fr: "A" }
    cause: { en: "A.", fr: "A." }
    steps: [{ en: "Do A.", fr: "Faire A." }]
    source: "test"
  fix_b:
    title: { en: "B", fr: "B" }
    cause: { en: "B.", fr: "B." }
    steps: [{ en: "Do B.", fr: "Faire B." }]
    source: "test"
tests:
  - { code: "0xC0DE0001", answers: [], expect: fix_a }
  - { code: "0xC0DE0002", answers: [], expect: fix_b }
"#;

    #[test]
    fn codes_with_one_message_and_two_trees_say_their_trees_differ() {
        let catalog = Catalog::from_sources(&[("demo.yaml", TWO_TREES)]).expect("fixture");
        let parts = parts(&catalog, Code(0xC0DE0001), Lang::En).expect("code");
        assert_eq!(
            parts.same_message,
            vec![SameMessage {
                code: Code(0xC0DE0002),
                tree: Tree::Different
            }]
        );
        assert!(parts.trees_differ());
    }

    #[test]
    fn code_numbers_open_messages_only_when_they_are_whole() {
        assert_eq!(without_code_number("0x8007007b DNS name"), "DNS name");
        assert_eq!(
            without_code_number("Error: 0x8007232B DNS name does not exist."),
            "DNS name does not exist."
        );
        assert_eq!(without_code_number("0x80070"), "0x80070");
        assert_eq!(without_code_number("0x8007007b"), "0x8007007b");
        assert_eq!(without_code_number("  plain text "), "plain text");
    }

    #[test]
    fn boundaries_fall_after_sentences_and_clause_words() {
        let text = "A b. C said that d e. F a signalé qu’il g.";
        let ends: Vec<&str> = boundaries(text).iter().map(|&e| &text[..e]).collect();
        assert_eq!(
            ends,
            vec![
                "A b. ",
                "A b. C said that ",
                "A b. C said that d e. ",
                "A b. C said that d e. F a signalé qu’"
            ]
        );
    }
}
