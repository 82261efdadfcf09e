//! Every string the front ends print themselves, in each language.
//!
//! Content (messages, questions, resolutions) comes from the flows; this file
//! holds only the interface's own words: fixed ones in the `texts!` table
//! (English and French on the same line), those with parameters as one
//! function each, its parameters typed. The core's own words are in
//! `core::i18n`, the evidence texts in `strings/evidence.rs`.

use crate::core::catalog::{Lang, LayerKind};

/// Declares the interface's words: one line per message, its English and
/// its French side by side, so that no language can lack one (the struct
/// and both tables come from the same lines).
macro_rules! texts {
    (
        $vis:vis struct $ty:ident;
        $getter_vis:vis fn $getter:ident;
        $( $(#[$doc:meta])* $name:ident: $en:expr, $fr:expr; )*
    ) => {
        $vis struct $ty {
            $( $(#[$doc])* pub $name: &'static str, )*
        }

        static EN: $ty = $ty { $( $name: $en, )* };
        static FR: $ty = $ty { $( $name: $fr, )* };

        /// The table in `lang`.
        $getter_vis fn $getter(lang: crate::core::catalog::Lang) -> &'static $ty {
            match lang {
                crate::core::catalog::Lang::En => &EN,
                crate::core::catalog::Lang::Fr => &FR,
            }
        }

        /// Every message of a table, with its name (for the tests).
        #[cfg(test)]
        fn every(s: &$ty) -> Vec<(&'static str, &'static str)> {
            vec![$( (stringify!($name), s.$name) ),*]
        }
    };
}

/// Every message of a table exists in both languages: not empty, not left
/// in the other language by mistake (but for the few words both share,
/// `same_in_both`), without a `{parameter}` left to fill (those are
/// functions).
#[cfg(test)]
pub(crate) fn assert_both_languages(
    en: &[(&'static str, &'static str)],
    fr: &[(&'static str, &'static str)],
    same_in_both: &[&str],
) {
    assert_eq!(en.len(), fr.len());
    for ((name, en), (_, fr)) in en.iter().zip(fr) {
        assert!(
            !en.trim().is_empty() && !fr.trim().is_empty(),
            "{name} is empty"
        );
        assert!(
            en != fr || same_in_both.contains(name),
            "{name} is the same in both languages: {en}"
        );
        for text in [en, fr] {
            assert!(!text.contains('{'), "{name} has a parameter: {text}");
        }
    }
}

pub(crate) mod evidence;
pub(crate) mod plain;
pub(crate) mod powershell;

texts! {
    pub(crate) struct Strings;
    pub(crate) fn strings;
    message: "Message", "Message";
    family: "Family", "Famille";
    activation_types: "Activation types", "Types d’activation";
    keywords: "Keywords", "Mots-clés";
    symptoms: "Symptoms", "Symptômes";
    see_also: "See also", "Voir aussi";
    source: "Source", "Source";
    decision_tree: "Decision tree", "Arbre de décision";
    how_to_check: "How to check", "Comment vérifier";
    cause: "Cause", "Cause";
    steps: "Steps", "Étapes";
    commands: "Commands", "Commandes";
    links: "Documentation", "Documentation";
    elevated: "administrator prompt", "invite administrateur";
    run_on: "run on", "à exécuter sur";
    /// The elevation note of a command shown for PowerShell.
    elevated_powershell: "administrator PowerShell", "PowerShell administrateur";
    /// A command shown for PowerShell while the chosen shell is cmd.
    powershell_only: "PowerShell", "PowerShell";
    /// A command with no PowerShell form, shown while PowerShell is chosen.
    cmd_only: "cmd.exe only", "cmd.exe seulement";
    /// Names the shell the commands are shown for: "Shell: PowerShell".
    shell: "Shell", "Shell";
    /// The label of a caution, shown before what it warns about.
    caution: "CAUTION", "ATTENTION";
    same_as_above: "same resolution as above", "même résolution que plus haut";
    resolution: "Resolution", "Résolution";
    question: "Question", "Question";
    path_so_far: "Path so far", "Chemin parcouru";
    answer_with:
        "Answer with --answer and a choice number or id",
        "Répondez avec --answer et le numéro ou l’identifiant d’un choix";
    missing_values:
        "Give these values with --set NAME=VALUE",
        "Donnez ces valeurs avec --set NOM=VALEUR";
    /// Before "NAME (why)": a value typed earlier that this command refuses.
    value_refused: "Value not used", "Valeur non utilisée";
    unofficial_translation:
        "our translation; Microsoft publishes no French text for this code",
        "notre traduction ; Microsoft ne publie pas de texte français pour ce code";
    no_results: "No match.", "Aucun résultat.";
    unknown_code: "Unknown code", "Code inconnu";
    nearest_codes: "nearest known codes", "codes connus les plus proches";
    flows_clean: "flows are valid", "les flux sont valides";
    overrides: "replaces the definition from", "remplace la définition de";
    /// "layer" of flows (built-in, system, config, user, --flows).
    layer: "layer", "couche";
    /// Before the other codes an entry carries: "same tree as 0x8007139F".
    same_tree_as: "same tree as", "même arbre que";
    /// Label of where a code comes from (its layer and file).
    code_from: "From", "Provenance";
    copied_to: "Copied to", "Copié vers";
    commands_copied: "Commands copied", "Commandes copiées";
    field_code: "Code", "Code";
    field_alias: "Other wording", "Autre formulation";
    copy_needs_resolution:
        "--copy needs a resolution: answer the remaining questions with --answer",
        "--copy demande une résolution : répondez aux questions restantes avec --answer";
    no_such_command: "This resolution has no command", "Cette résolution n’a pas de commande";
    plain_intro:
        "actwiz, plain mode. Type an error code, part of one, or words of the message. q quits.",
        "actwiz, mode texte. Tapez un code d’erreur, une partie du code ou des mots du message. q pour quitter.";
    plain_search_prompt:
        "Search (a code, part of one, or words; q = quit):",
        "Recherche (un code, une partie du code ou des mots ; q = quitter) :";
    plain_after_prompt:
        "Enter = new search, b = back, r = restart, q = quit:",
        "Entrée = nouvelle recherche, b = retour, r = recommencer, q = quitter :";
    plain_leave_unfilled: "Enter = leave it unfilled", "Entrée = laisser vide";
    plain_refused: "Refused", "Refusé";
    plain_filled: "Commands with your values", "Commandes avec vos valeurs";
    plain_still_missing: "Still without a value", "Toujours sans valeur";
    // Full-screen wizard (src/tui).
    tui_title:
        "actwiz: from an activation error to its fix",
        "actwiz : d’une erreur d’activation à sa solution";
    tui_search_label:
        "Search: a code, part of one, or words of the message",
        "Recherche : un code, un fragment ou des mots du message";
    tui_search_hint:
        "Type an error code (0xC004F074, C004F074, F074) or words (kms, dns, key), then Enter.",
        "Tapez un code d’erreur (0xC004F074, C004F074, F074) ou des mots (kms, dns, clé), puis Entrée.";
    tui_results: "Results", "Résultats";
    tui_preview: "Preview", "Aperçu";
    tui_first_question: "The wizard will ask first", "L’assistant demandera d’abord";
    tui_straight_to: "Goes straight to the resolution", "Mène directement à la résolution";
    tui_unknown_nearest: "nearest:", "les plus proches :";
    tui_your_answer: "Your answer", "Votre réponse";
    tui_form_title: "Values for the command", "Valeurs pour la commande";
    tui_form_help:
        "Enter checks the value, then goes to the next field; on the last field it copies the command.",
        "Entrée vérifie la valeur, puis passe au champ suivant ; sur le dernier champ, elle copie la commande.";
    tui_copy_failed: "Could not copy", "Copie impossible";
    tui_transcript: "transcript", "compte rendu";
    tui_saved: "Transcript saved to", "Compte rendu enregistré dans";
    tui_save_failed: "Could not save the transcript", "Impossible d’enregistrer le compte rendu";
    tui_too_small: "Enlarge the window", "Agrandissez la fenêtre";
    tui_too_small_need: "needs at least", "il faut au moins";
    tui_now: "now", "actuellement";
    tui_help_title: "Keys", "Touches";
    tui_ctx_search: "Search", "Recherche";
    tui_ctx_question: "Question", "Question";
    tui_ctx_resolution: "Resolution", "Résolution";
    tui_ctx_form: "Values form", "Formulaire de valeurs";
    tui_ctx_help: "This help", "Cette aide";
    tui_ctx_paste:
        "Evidence box (F4; Enter starts a new line)",
        "Boîte à éléments (F4 ; Entrée passe à la ligne)";
    tui_help_fields:
        "In the search and form fields and the evidence box, letters are typed: use Esc, Enter, arrows, F1, F2, F4 and Ctrl- keys there.",
        "Dans les champs de recherche et de formulaire et dans la boîte à éléments, les lettres s’écrivent : utilisez-y Échap, Entrée, les flèches, F1, F2, F4 et les touches Ctrl.";
    tui_no_check_command:
        "This question has no command to copy.",
        "Cette question n’a pas de commande à copier.";
    tui_no_command:
        "This resolution has no command to copy.",
        "Cette résolution n’a pas de commande à copier.";
    tui_more: "more below", "suite plus bas";
    tui_language: "Language: English", "Langue : français";
    tui_flow_broken: "This flow cannot be followed", "Ce parcours ne peut pas être suivi";
    tui_commands_copied: "Commands copied", "Commandes copiées";
    tui_select_to_copy:
        "select one, then Enter or c to copy",
        "choisissez-en une, puis Entrée ou c pour la copier";
    tui_copy_check: "copies this command", "copie cette commande";
    tui_sent_to: "Sent to the", "Envoyé au";
    tui_copied_to: "Copied to the", "Copié dans le";
    tui_ctx_fields:
        "Editing the search field or a value",
        "Modifier le champ de recherche ou une valeur";
}

/// "...and 3 more", under a list of codes cut short.
pub(crate) fn plain_more(lang: Lang, more: usize) -> String {
    match lang {
        Lang::En => format!(
            "...and {more} more. Type more words, or more of the code, to narrow the search."
        ),
        Lang::Fr => format!(
            "... et {more} de plus. Tapez plus de mots, ou une plus grande partie du code, pour affiner la recherche."
        ),
    }
}

/// The prompt under a list of `max` codes.
pub(crate) fn plain_pick_prompt(lang: Lang, max: usize) -> String {
    match lang {
        Lang::En => {
            format!("Code number, 1 to {max} (Enter = 1, other text = new search, q = quit):")
        }
        Lang::Fr => format!(
            "Numéro du code, de 1 à {max} (Entrée = 1, autre texte = nouvelle recherche, q = quitter) :"
        ),
    }
}

/// The prompt under question `number`, which has `max` choices.
pub(crate) fn plain_answer_prompt(lang: Lang, number: usize, max: usize) -> String {
    match lang {
        Lang::En => format!(
            "Answer to question {number}, 1 to {max} (b = back, r = restart, n = new search, q = quit):"
        ),
        Lang::Fr => format!(
            "Réponse à la question {number}, de 1 à {max} (b = retour, r = recommencer, n = nouvelle recherche, q = quitter) :"
        ),
    }
}

/// `typed` (a number as the user typed it) is not one of the `max` results.
pub(crate) fn plain_no_such_result(lang: Lang, typed: &str, max: usize) -> String {
    match lang {
        Lang::En => format!("There is no result {typed}: type a number from 1 to {max}."),
        Lang::Fr => format!("Il n’y a pas de résultat {typed} : tapez un numéro de 1 à {max}."),
    }
}

/// The commands (numbered from 1) a value goes into: "for command 1",
/// "for commands 1, 3".
pub(crate) fn plain_for_commands(lang: Lang, numbers: &[usize]) -> String {
    let list = numbers
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    match (lang, numbers.len()) {
        (Lang::En, 1) => format!("for command {list}"),
        (Lang::En, _) => format!("for commands {list}"),
        (Lang::Fr, 1) => format!("pour la commande {list}"),
        (Lang::Fr, _) => format!("pour les commandes {list}"),
    }
}

/// What Enter does at a value's prompt when the value is already known.
pub(crate) fn plain_keep(lang: Lang, value: &str) -> String {
    match lang {
        Lang::En => format!("Enter = keep {value}"),
        Lang::Fr => format!("Entrée = garder {value}"),
    }
}

/// The prompt for a placeholder's value: its `label`, its `name`, the
/// commands it goes into (`commands`, see [`plain_for_commands`]) and what
/// Enter does (`enter`).
pub(crate) fn plain_value_prompt(
    lang: Lang,
    label: &str,
    name: &str,
    commands: &str,
    enter: &str,
) -> String {
    match lang {
        Lang::En => format!("{label} ({name}), {commands} ({enter}, q = quit):"),
        Lang::Fr => format!("{label} ({name}), {commands} ({enter}, q = quitter) :"),
    }
}

/// A layer of flows as people read it. `--flows` is the option itself; the
/// JSON outputs keep the English snake_case names (`built_in`, ...).
pub(crate) fn layer_name(kind: LayerKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (LayerKind::Builtin, Lang::En) => "built-in",
        (LayerKind::Builtin, Lang::Fr) => "intégrée",
        (LayerKind::System, Lang::En) => "system",
        (LayerKind::System, Lang::Fr) => "système",
        (LayerKind::Config, Lang::En) => "config",
        (LayerKind::Config, Lang::Fr) => "configuration",
        (LayerKind::User, Lang::En) => "user",
        (LayerKind::User, Lang::Fr) => "utilisateur",
        (LayerKind::CommandLine, _) => "--flows",
    }
}

/// What French puts before a colon, a semicolon, `!` and `?`: a space, as
/// the TUI writes it ("Famille : …"); nothing in English.
pub(crate) fn space_before_punct(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "",
        Lang::Fr => " ",
    }
}

/// `label` followed by a colon, spaced as `lang` wants: "Family:" in
/// English, "Famille :" in French. Add the space after it yourself.
pub(crate) fn colon(lang: Lang, label: &str) -> String {
    format!("{label}{}:", space_before_punct(lang))
}

/// "; " in English, " ; " in French.
pub(crate) fn semicolon(lang: Lang) -> String {
    format!("{}; ", space_before_punct(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_language_lacks_a_message() {
        // Words French and English spell alike.
        const SAME_IN_BOTH: &[&str] = &[
            "message",
            "source",
            "cause",
            "links",
            "powershell_only",
            "shell",
            "question",
            "field_code",
            "tui_ctx_question",
        ];
        assert_both_languages(&every(&EN), &every(&FR), SAME_IN_BOTH);
    }

    #[test]
    fn every_layer_has_a_name_in_each_language() {
        let kinds = [
            LayerKind::Builtin,
            LayerKind::System,
            LayerKind::Config,
            LayerKind::User,
            LayerKind::CommandLine,
        ];
        for kind in kinds {
            // English is the name the core gives; French differs but for
            // the option's own spelling.
            assert_eq!(layer_name(kind, Lang::En), kind.name());
            assert!(
                layer_name(kind, Lang::Fr) != kind.name() || kind == LayerKind::CommandLine,
                "{kind:?}"
            );
        }
    }

    #[test]
    fn messages_with_parameters_say_them_in_both_languages() {
        for lang in Lang::ALL {
            assert!(plain_more(lang, 7).contains('7'));
            assert!(plain_pick_prompt(lang, 9).contains('9'));
            let prompt = plain_answer_prompt(lang, 2, 4);
            assert!(prompt.contains('2') && prompt.contains('4'));
            assert!(plain_no_such_result(lang, "12", 5).contains("12"));
            assert!(plain_keep(lang, "1688").contains("1688"));
            let value = plain_value_prompt(lang, "KMS host", "kms_host", "x", "y");
            assert!(value.starts_with("KMS host (kms_host), x (y, q = "));
        }
        assert_eq!(plain_for_commands(Lang::En, &[1]), "for command 1");
        assert_eq!(plain_for_commands(Lang::En, &[1, 3]), "for commands 1, 3");
        assert_eq!(plain_for_commands(Lang::Fr, &[2]), "pour la commande 2");
        assert_eq!(
            plain_for_commands(Lang::Fr, &[1, 3]),
            "pour les commandes 1, 3"
        );
    }
}
