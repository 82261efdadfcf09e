//! The interface's words about evidence (`actwiz evidence`, `walk
//! --evidence`, `diagnose`, the wizard's evidence pieces), in each language.

texts! {
    pub(crate) struct EvidenceStrings;
    pub(crate) fn evidence_strings;
    recognised: "Recognised", "Reconnu";
    codes: "Error codes", "Codes d’erreur";
    facts: "Facts", "Faits";
    nothing_recognised:
        "nothing recognised: paste the output of slmgr /dlv, /dli or /xpr, an activation event (12288, 12289, 8198, 12290, 12293, 12294), Test-NetConnection, nslookup or Resolve-DnsName for _vlmcs._tcp, w32tm /query /status or ipconfig /all",
        "rien de reconnu : collez la sortie de slmgr /dlv, /dli ou /xpr, un événement d’activation (12288, 12289, 8198, 12290, 12293, 12294), de Test-NetConnection, de nslookup ou Resolve-DnsName pour _vlmcs._tcp, de w32tm /query /status ou d’ipconfig /all";
    truncated:
        "only the first 4 MiB of the evidence were read",
        "seuls les 4 premiers Mio des éléments ont été lus";
    suggested: "Suggested answer", "Réponse suggérée";
    because: "why:", "pourquoi :";
    from_evidence: "from evidence", "d’après les éléments";
    evidence_used: "Evidence used", "Éléments utilisés";
    /// Said where `diagnose` cannot run: never on Windows.
    #[cfg_attr(windows, allow(dead_code))]
    diagnose_windows_only:
        "diagnose reads the activation state of this Windows machine, so it only runs on Windows; on another system, export the caller's Application log or paste their slmgr /dlv output into `actwiz evidence`",
        "diagnose lit l’état d’activation de cette machine Windows et ne fonctionne donc que sous Windows ; sur un autre système, exportez le journal Application de l’appelant ou collez sa sortie slmgr /dlv dans `actwiz evidence`";
    diagnose_reading: "Reading, without changing anything", "Lecture, sans rien modifier";
    diagnose_no_code:
        "no activation error code found on this machine; the facts read are listed above",
        "aucun code d’erreur d’activation trouvé sur cette machine ; les faits lus sont listés ci-dessus";
    paste_title: "Evidence", "Éléments";
    paste_hint:
        "Paste slmgr, event, Test-NetConnection, nslookup, w32tm or ipconfig output · Ctrl+D read · Esc cancel",
        "Collez une sortie slmgr, un événement, Test-NetConnection, nslookup, w32tm ou ipconfig · Ctrl+D lire · Échap annuler";
    paste_languages:
        "Read in English output; on a French Windows, only error codes, event XML and PowerShell property names are read.",
        "Lu dans les sorties en anglais ; sur un Windows en français, seuls les codes d’erreur, le XML des événements et les noms de propriétés PowerShell sont lus.";
    paste_full:
        "The box is full (1 MiB): what came after was not kept. Ctrl+D reads it, Ctrl+U empties it.",
        "La zone est pleine (1 Mio) : la suite n’a pas été gardée. Ctrl+D la lit, Ctrl+U la vide.";
    facts_title: "Facts from evidence", "Faits tirés des éléments";
    plain_paste_prompt:
        "Paste the evidence, then press Enter twice (two empty lines in a row end it, as does a line with a single dot):",
        "Collez les éléments, puis appuyez deux fois sur Entrée (deux lignes vides de suite terminent, comme une ligne avec un seul point) :";
    plain_paste_end: ".", ".";
    plain_evidence_hint:
        "e pastes evidence (slmgr /dlv, an activation event, Test-NetConnection...)",
        "e pour coller des éléments (slmgr /dlv, un événement d’activation, Test-NetConnection…)";
    plain_nothing_new:
        "nothing new recognised in that text",
        "rien de nouveau reconnu dans ce texte";
    wizard_only:
        "--evidence goes with the wizard (actwiz --evidence FILE [CODE]); for walk, use walk CODE --evidence FILE",
        "--evidence va avec l’assistant (actwiz --evidence FICHIER [CODE]) ; pour walk, utilisez walk CODE --evidence FICHIER";
    followed: "followed the evidence", "suivant les éléments";
    transcript_evidence_note:
        "Facts read from pasted output or logs, with where each came from. They are English output only: French Windows labels are not read.",
        "Faits lus dans les sorties ou journaux collés, avec leur origine. Seules les sorties en anglais sont lues : les libellés de Windows en français ne le sont pas.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_language_lacks_a_message() {
        crate::strings::assert_both_languages(&every(&EN), &every(&FR), &["plain_paste_end"]);
    }
}
