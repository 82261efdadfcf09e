//! What the wizard says about the call's state (resume, undo, quit, go to,
//! progress), in each language. Kept apart from `strings.rs`, which the other
//! front ends share.

use crate::core::catalog::dialect::Dialect;
use crate::core::catalog::Lang;

fn pick(lang: Lang, en: String, fr: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Fr => fr,
    }
}

/// The block title of a question: its number and how many may follow.
pub(crate) fn progress(lang: Lang, number: usize, at_most_more: usize) -> String {
    match (lang, at_most_more) {
        (Lang::En, 0) => format!("Question {number}, the last one"),
        (Lang::En, 1) => format!("Question {number}, at most 1 more"),
        (Lang::En, n) => format!("Question {number}, at most {n} more"),
        (Lang::Fr, 0) => format!("Question {number}, la dernière"),
        (Lang::Fr, 1) => format!("Question {number}, au plus 1 autre"),
        (Lang::Fr, n) => format!("Question {number}, au plus {n} autres"),
    }
}

pub(crate) fn resumed(lang: Lang, number: usize, resolved: bool) -> String {
    match (lang, resolved) {
        (Lang::En, false) => {
            format!("Resumed at question {number}. r starts over (u undoes that).")
        }
        (Lang::En, true) => "Resumed at the resolution. r starts over (u undoes that).".into(),
        (Lang::Fr, false) => {
            format!("Reprise à la question {number}. r recommence (u l’annule).")
        }
        (Lang::Fr, true) => "Reprise à la résolution. r recommence (u l’annule).".into(),
    }
}

/// The preview's line about codes with the same message: which, and
/// whether picking the wrong one matters.
pub(crate) fn same_message(lang: Lang, codes: &str, trees_differ: bool) -> String {
    match (lang, trees_differ) {
        (Lang::En, false) => format!("Same message as {codes}: same tree, same fix."),
        (Lang::En, true) => {
            format!("Same message as {codes}, but different trees: make sure of the code.")
        }
        (Lang::Fr, false) => format!("Même message que {codes}\u{a0}: même arbre, même solution."),
        (Lang::Fr, true) => format!(
            "Même message que {codes}, mais arbres différents\u{a0}: vérifiez bien le code."
        ),
    }
}

/// The title of the empty query's list.
pub(crate) fn every_code(lang: Lang, count: usize, with_recent: bool) -> String {
    match (lang, with_recent) {
        (Lang::En, false) => format!("Every code, by family ({count})"),
        (Lang::En, true) => format!("Recent codes, then every code by family ({count})"),
        (Lang::Fr, false) => format!("Tous les codes, par famille ({count})"),
        (Lang::Fr, true) => format!("Codes récents, puis tous les codes par famille ({count})"),
    }
}

/// The family column's label of the recent codes.
pub(crate) fn recent(lang: Lang) -> String {
    pick(lang, "recent".into(), "récents".into())
}

pub(crate) fn restarted(lang: Lang) -> String {
    pick(
        lang,
        "Flow restarted. u undoes it.".into(),
        "Parcours recommencé. u l’annule.".into(),
    )
}

pub(crate) fn undone(lang: Lang) -> String {
    pick(lang, "Undone.".into(), "Annulé.".into())
}

/// After evidence was read; on the search screen, no flow is open to show
/// the facts beside yet.
pub(crate) fn evidence_added(lang: Lang, new: usize, facts: usize, on_search: bool) -> String {
    match (lang, on_search) {
        (Lang::En, false) => {
            format!("Evidence read: {new} new, {facts} facts known (see the facts panel).")
        }
        (Lang::En, true) => format!(
            "Evidence read: {new} new, {facts} facts known; they show with the flow once a code is open."
        ),
        (Lang::Fr, false) => format!(
            "Éléments lus\u{a0}: {new} nouveaux, {facts} faits connus (voir le panneau des faits)."
        ),
        (Lang::Fr, true) => format!(
            "Éléments lus\u{a0}: {new} nouveaux, {facts} faits connus\u{a0}; ils s’affichent avec le parcours dès qu’un code est ouvert."
        ),
    }
}

/// Under the evidence box: how many lines it holds.
pub(crate) fn pasted_lines(lang: Lang, lines: usize) -> String {
    match (lang, lines) {
        (Lang::En, 1) => "1 line".into(),
        (Lang::En, n) => format!("{n} lines"),
        (Lang::Fr, 0 | 1) => format!("{lines} ligne"),
        (Lang::Fr, n) => format!("{n} lignes"),
    }
}

pub(crate) fn nothing_to_undo(lang: Lang) -> String {
    pick(lang, "Nothing to undo.".into(), "Rien à annuler.".into())
}

pub(crate) fn confirm_quit(lang: Lang) -> String {
    pick(
        lang,
        "Quit in the middle of the walk? q again quits, any other key stays.".into(),
        "Quitter en plein parcours ? q de nouveau quitte, toute autre touche reste.".into(),
    )
}

pub(crate) fn no_such_choice(lang: Lang, count: usize) -> String {
    match (lang, count) {
        (Lang::En, 1) => "There is only one choice here: 1.".into(),
        (Lang::En, n) => format!("There are {n} choices here: press 1 to {n}."),
        (Lang::Fr, 1) => "Il n’y a qu’une réponse ici : 1.".into(),
        (Lang::Fr, n) => format!("Il y a {n} réponses ici : tapez 1 à {n}."),
    }
}

pub(crate) fn no_such_command(lang: Lang, count: usize) -> String {
    match (lang, count) {
        (Lang::En, 1) => "There is only one command here: 1.".into(),
        (Lang::En, n) => format!("There are {n} commands here: press 1 to {n}."),
        (Lang::Fr, 1) => "Il n’y a qu’une commande ici : 1.".into(),
        (Lang::Fr, n) => format!("Il y a {n} commandes ici : tapez 1 à {n}."),
    }
}

pub(crate) fn go_to(lang: Lang, questions: usize) -> String {
    match (lang, questions) {
        (Lang::En, 0) => "No earlier question to go back to.".into(),
        (Lang::En, n) => format!("Go back to question: press 1 to {n} (Esc cancels)."),
        (Lang::Fr, 0) => "Aucune question précédente.".into(),
        (Lang::Fr, n) => format!("Revenir à la question : tapez 1 à {n} (Échap annule)."),
    }
}

/// The tag after the choice given before going back.
pub(crate) fn answered_before(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "(your answer before)",
        Lang::Fr => "(votre réponse précédente)",
    }
}

/// What "copy all" copied, for the status line: the commands, not the
/// comment lines.
pub(crate) fn commands_copied(lang: Lang, block: &str) -> String {
    let commands: Vec<&str> = block
        .lines()
        .filter(|l| !l.starts_with("REM ") && !l.starts_with("# "))
        .collect();
    let what = match lang {
        Lang::En => format!("{} commands", commands.len()),
        Lang::Fr => format!("{} commandes", commands.len()),
    };
    format!("{what} ({})", commands.join(" ; "))
}

/// The `--flows` folders being loaded (see `app/loading.rs`).
pub(crate) fn loading(
    lang: Lang,
    folder: &str,
    files_done: usize,
    total: usize,
    codes: usize,
) -> String {
    let folder = crate::core::sanitize::clean_line(folder);
    match (lang, total) {
        (Lang::En, 0) => "Loading the --flows folders…".into(),
        (Lang::Fr, 0) => "Chargement des dossiers --flows…".into(),
        (Lang::En, total) => {
            format!("Loading {folder}: {files_done}/{total} files, {codes} codes…")
        }
        (Lang::Fr, total) => {
            format!("Chargement de {folder}\u{a0}: {files_done}/{total} fichiers, {codes} codes…")
        }
    }
}

/// The `--flows` folders are loaded and searched.
pub(crate) fn loaded(lang: Lang, codes: usize) -> String {
    pick(
        lang,
        format!("{codes} codes loaded, --flows folders included."),
        format!("{codes} codes chargés, dossiers --flows compris."),
    )
}

/// The status after switching the shell the commands are shown for.
pub(crate) fn shell(lang: Lang, dialect: Dialect) -> String {
    let name = dialect.label();
    pick(
        lang,
        format!("Commands are now shown for {name} (P or F3 switches back)."),
        format!("Les commandes sont maintenant affichées pour {name} (P ou F3 pour revenir)."),
    )
}
