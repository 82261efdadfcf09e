//! Plain mode's words for the commands of every prompt (`c N`, `a`, `s`,
//! `?`), for a search that opens its one result, for the empty query's
//! list and for messages that share their opening, in each language.

use crate::clipboard::CopyMethod;
use crate::core::catalog::{Code, Lang};

texts! {
    pub(crate) struct PlainStrings;
    pub(crate) fn plain_strings;
    help_search:
        "Here: type an error code (0xC004F074, c004f074, F074, -1073418124), part of one, or words of the message; Enter alone lists every code. e pastes evidence (slmgr /dlv, an event...).",
        "Ici : tapez un code d’erreur (0xC004F074, c004f074, F074, -1073418124), une partie du code ou des mots du message ; Entrée seule liste tous les codes. e colle des éléments (slmgr /dlv, un événement...).";
    help_pick:
        "Here: type the number of a code; Enter opens the first; other text searches again.",
        "Ici : tapez le numéro d’un code ; Entrée ouvre le premier ; un autre texte relance la recherche.";
    help_question:
        "Here: type the number (or the id) of an answer. b goes back, r restarts, n starts a new search, c alone copies the check command, e pastes evidence.",
        "Ici : tapez le numéro (ou l’identifiant) d’une réponse. b revient en arrière, r recommence, n lance une nouvelle recherche, c seul copie la commande de vérification, e colle des éléments.";
    help_value:
        "Here: type the value for the commands named; Enter keeps what is offered; a value that is not valid is refused with the reason. e pastes evidence.",
        "Ici : tapez la valeur pour les commandes citées ; Entrée garde ce qui est proposé ; une valeur non valide est refusée avec la raison. e colle des éléments.";
    help_resolution:
        "Here: Enter starts a new search; b goes back to the last question, r restarts, e pastes evidence.",
        "Ici : Entrée lance une nouvelle recherche ; b revient à la dernière question, r recommence, e colle des éléments.";
    help_every_prompt:
        "At every prompt: c N copies command N of the resolution, a copies them all as one block, s saves the transcript, ? shows this help, q quits.",
        "À chaque invite : c N copie la commande N de la résolution, a les copie toutes en un bloc, s enregistre le compte rendu, ? affiche cette aide, q quitte.";
    help_editing:
        "Editing: ← → Home End move in the line, ↑ ↓ bring back earlier answers.",
        "Édition : ← → Début Fin se déplacent dans la ligne, ↑ ↓ rappellent les réponses précédentes.";
    all_commands:
        "every command of the resolution, as one block",
        "toutes les commandes de la résolution, en un bloc";
    no_resolution_yet:
        "No resolution yet: c N and a copy the commands of a resolution (c alone, at a question, copies its check command).",
        "Pas encore de résolution : c N et a copient les commandes d’une résolution (c seul, à une question, copie sa commande de vérification).";
    no_check_command:
        "This question has no command to copy.",
        "Cette question n’a pas de commande à copier.";
    no_commands:
        "This resolution has no command to copy.",
        "Cette résolution n’a pas de commande à copier.";
    nothing_to_save:
        "Nothing to save yet: open a code first.",
        "Rien à enregistrer : ouvrez d’abord un code.";
    saved: "Transcript saved to", "Compte rendu enregistré dans";
    not_saved: "Could not save the transcript", "Impossible d’enregistrer le compte rendu";
    not_copied: "Not copied", "Rien n’a été copié";
    recent: "Recent", "Récents";
    same_message_same_fix:
        "same message, same questions and fix",
        "même message, mêmes questions et même solution";
    same_message_other_fix:
        "same message but different fixes: make sure which code the caller sees",
        "même message mais solutions différentes : vérifiez bien le code que voit l’appelant";
    same_message_as: "same message as", "même message que";
}

/// The prompt the agent is at in plain mode: what `?` explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    Search,
    Pick,
    Question,
    Value,
    Resolution,
}

/// What `?` prints at `place`: what can be typed there, then the commands
/// of every prompt (and the editing keys when the line is edited).
pub(crate) fn help(lang: Lang, place: Place, editing: bool) -> String {
    let s = plain_strings(lang);
    let here = match place {
        Place::Search => s.help_search,
        Place::Pick => s.help_pick,
        Place::Question => s.help_question,
        Place::Value => s.help_value,
        Place::Resolution => s.help_resolution,
    };
    let mut text = format!("{here}\n{}\n", s.help_every_prompt);
    if editing {
        text.push_str(s.help_editing);
        text.push('\n');
    }
    text
}

/// `c N` beyond the resolution's `count` commands, or `c` alone there
/// (`n` is 0).
pub(crate) fn no_such_command(lang: Lang, n: usize, count: usize) -> String {
    match (lang, n) {
        (Lang::En, 0) => format!("Which command? Type c and its number, 1 to {count}."),
        (Lang::Fr, 0) => format!("Quelle commande ? Tapez c et son numéro, de 1 à {count}."),
        (Lang::En, _) => {
            format!("There is no command {n}: type c and a number from 1 to {count}.")
        }
        (Lang::Fr, _) => {
            format!("Il n’y a pas de commande {n} : tapez c et un numéro de 1 à {count}.")
        }
    }
}

/// "Copied to the system clipboard:" or, for OSC 52 (not confirmed by the
/// terminal), "Sent to the terminal (OSC 52):".
pub(crate) fn copied_to(lang: Lang, method: CopyMethod) -> String {
    let verb = match (lang, method.is_confirmed()) {
        (Lang::En, true) => "Copied to the",
        (Lang::En, false) => "Sent to the",
        (Lang::Fr, true) => "Copié dans le",
        (Lang::Fr, false) => "Envoyé au",
    };
    crate::strings::colon(lang, &format!("{verb} {}", method.label(lang)))
}

/// A search with one result opens it without asking.
pub(crate) fn opening(lang: Lang, code: Code) -> String {
    match lang {
        Lang::En => format!("Opening {code}"),
        Lang::Fr => format!("Ouverture de {code}"),
    }
}

/// Above the empty query's list.
pub(crate) fn every_code(lang: Lang, count: usize, with_recent: bool) -> String {
    match (lang, with_recent) {
        (Lang::En, false) => format!("Every code, by family ({count}):"),
        (Lang::En, true) => format!("Recent codes, then every code by family ({count}):"),
        (Lang::Fr, false) => format!("Tous les codes, par famille ({count}) :"),
        (Lang::Fr, true) => format!("Codes récents, puis tous les codes par famille ({count}) :"),
    }
}

/// The line that says, once, how messages marked `mark` open.
pub(crate) fn shared_opening(lang: Lang, mark: &str, preamble: &str) -> String {
    match lang {
        Lang::En => format!("{mark} stands for: {preamble}"),
        Lang::Fr => format!("{mark} remplace : {preamble}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_language_lacks_a_message() {
        crate::strings::assert_both_languages(&every(&EN), &every(&FR), &[]);
    }

    #[test]
    fn messages_with_parameters_say_them_in_both_languages() {
        for lang in Lang::ALL {
            for place in [
                Place::Search,
                Place::Pick,
                Place::Question,
                Place::Value,
                Place::Resolution,
            ] {
                let text = help(lang, place, false);
                assert_eq!(text.lines().count(), 2, "{text}");
                assert!(text.contains("c N"), "{text}");
                assert_eq!(help(lang, place, true).lines().count(), 3);
            }
            assert!(no_such_command(lang, 9, 2).contains('9'));
            assert!(no_such_command(lang, 0, 2).contains('2'));
            assert!(opening(lang, Code(0xC004F074)).contains("0xC004F074"));
            assert!(every_code(lang, 31, true).contains("31"));
            let line = shared_opening(lang, "…1", "The Software Protection Service");
            assert!(line.starts_with("…1 ") && line.ends_with("Service"));
            assert!(copied_to(lang, CopyMethod::Osc52).contains("OSC 52"));
        }
    }
}
