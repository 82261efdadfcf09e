//! Every string the program itself prints, in each language.
//!
//! Content (messages, questions, resolutions) comes from the flows; this file
//! holds only the interface's own words, so a new language is one more table.

use crate::catalog::Lang;

pub struct Strings {
    pub message: &'static str,
    pub family: &'static str,
    pub activation_types: &'static str,
    pub keywords: &'static str,
    pub symptoms: &'static str,
    pub see_also: &'static str,
    pub source: &'static str,
    pub decision_tree: &'static str,
    pub how_to_check: &'static str,
    pub cause: &'static str,
    pub steps: &'static str,
    pub commands: &'static str,
    pub links: &'static str,
    pub elevated: &'static str,
    pub run_on: &'static str,
    pub same_as_above: &'static str,
    pub resolution: &'static str,
    pub question: &'static str,
    pub path_so_far: &'static str,
    pub answer_with: &'static str,
    pub missing_values: &'static str,
    pub unofficial_translation: &'static str,
    pub no_results: &'static str,
    pub unknown_code: &'static str,
    pub nearest_codes: &'static str,
    pub flows_clean: &'static str,
    pub overrides: &'static str,
    pub copied_to: &'static str,
}

static EN: Strings = Strings {
    message: "Message",
    family: "Family",
    activation_types: "Activation types",
    keywords: "Keywords",
    symptoms: "Symptoms",
    see_also: "See also",
    source: "Source",
    decision_tree: "Decision tree",
    how_to_check: "How to check",
    cause: "Cause",
    steps: "Steps",
    commands: "Commands",
    links: "Documentation",
    elevated: "administrator prompt",
    run_on: "run on",
    same_as_above: "same resolution as above",
    resolution: "Resolution",
    question: "Question",
    path_so_far: "Path so far",
    answer_with: "Answer with --answer and a choice number or id",
    missing_values: "Give these values with --set NAME=VALUE",
    unofficial_translation: "our translation; Microsoft publishes no French text for this code",
    no_results: "No match.",
    unknown_code: "Unknown code",
    nearest_codes: "nearest known codes",
    flows_clean: "flows are valid",
    overrides: "replaces the built-in definition from",
    copied_to: "Copied to",
};

static FR: Strings = Strings {
    message: "Message",
    family: "Famille",
    activation_types: "Types d’activation",
    keywords: "Mots-clés",
    symptoms: "Symptômes",
    see_also: "Voir aussi",
    source: "Source",
    decision_tree: "Arbre de décision",
    how_to_check: "Comment vérifier",
    cause: "Cause",
    steps: "Étapes",
    commands: "Commandes",
    links: "Documentation",
    elevated: "invite administrateur",
    run_on: "à exécuter sur",
    same_as_above: "même résolution que plus haut",
    resolution: "Résolution",
    question: "Question",
    path_so_far: "Chemin parcouru",
    answer_with: "Répondez avec --answer et le numéro ou l’identifiant d’un choix",
    missing_values: "Donnez ces valeurs avec --set NOM=VALEUR",
    unofficial_translation:
        "notre traduction ; Microsoft ne publie pas de texte français pour ce code",
    no_results: "Aucun résultat.",
    unknown_code: "Code inconnu",
    nearest_codes: "codes connus les plus proches",
    flows_clean: "les flux sont valides",
    overrides: "remplace la définition intégrée de",
    copied_to: "Copié vers",
};

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}
