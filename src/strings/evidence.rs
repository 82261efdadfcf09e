//! The interface's words about evidence (`actwiz evidence`, `walk
//! --evidence`, `diagnose`, the wizard's evidence pieces), in each language.

use crate::core::catalog::Lang;

pub struct EvidenceStrings {
    pub recognised: &'static str,
    pub codes: &'static str,
    pub facts: &'static str,
    pub nothing_recognised: &'static str,
    pub truncated: &'static str,
    pub suggested: &'static str,
    pub because: &'static str,
    pub from_evidence: &'static str,
    pub evidence_used: &'static str,
    pub diagnose_windows_only: &'static str,
    pub diagnose_reading: &'static str,
    pub diagnose_no_code: &'static str,
    pub paste_title: &'static str,
    pub paste_hint: &'static str,
    pub facts_title: &'static str,
    pub plain_paste_prompt: &'static str,
    pub plain_paste_end: &'static str,
    pub plain_evidence_hint: &'static str,
    pub plain_nothing_new: &'static str,
    pub wizard_only: &'static str,
    pub followed: &'static str,
    pub transcript_evidence_note: &'static str,
}

const EN: EvidenceStrings = EvidenceStrings {
    recognised: "Recognised",
    codes: "Error codes",
    facts: "Facts",
    nothing_recognised: "nothing recognised: paste the output of slmgr /dlv, /dli or /xpr, an activation event (12288, 12289, 8198, 12290, 12293, 12294), Test-NetConnection, nslookup or Resolve-DnsName for _vlmcs._tcp, w32tm /query /status or ipconfig /all",
    truncated: "only the first 4 MiB of the evidence were read",
    suggested: "Suggested answer",
    because: "because",
    from_evidence: "from evidence",
    evidence_used: "Evidence used",
    diagnose_windows_only: "diagnose reads the activation state of this Windows machine, so it only runs on Windows; on another system, export the caller's Application log or paste their slmgr /dlv output into `actwiz evidence`",
    diagnose_reading: "Reading, without changing anything",
    diagnose_no_code: "no activation error code found on this machine; the facts read are listed above",
    paste_title: "Evidence",
    paste_hint: "Paste slmgr, event, Test-NetConnection, nslookup, w32tm or ipconfig output · Ctrl+D read · Esc cancel",
    facts_title: "Facts from evidence",
    plain_paste_prompt: "Paste the evidence, then press Enter twice (two empty lines in a row end it, as does a line with a single dot):",
    plain_paste_end: ".",
    plain_evidence_hint: "e pastes evidence (slmgr /dlv, an activation event, Test-NetConnection...)",
    plain_nothing_new: "nothing new recognised in that text",
    wizard_only: "--evidence goes with the wizard (actwiz --evidence FILE [CODE]); for walk, use walk CODE --evidence FILE",
    followed: "followed the evidence",
    transcript_evidence_note: "Facts read from pasted output or logs, with where each came from. They are English output only: French Windows labels are not read.",
};

const FR: EvidenceStrings = EvidenceStrings {
    recognised: "Reconnu",
    codes: "Codes d’erreur",
    facts: "Faits",
    nothing_recognised: "rien de reconnu : collez la sortie de slmgr /dlv, /dli ou /xpr, un événement d’activation (12288, 12289, 8198, 12290, 12293, 12294), de Test-NetConnection, de nslookup ou Resolve-DnsName pour _vlmcs._tcp, de w32tm /query /status ou d’ipconfig /all",
    truncated: "seuls les 4 premiers Mio des éléments ont été lus",
    suggested: "Réponse suggérée",
    because: "car",
    from_evidence: "d’après les éléments",
    evidence_used: "Éléments utilisés",
    diagnose_windows_only: "diagnose lit l’état d’activation de cette machine Windows et ne fonctionne donc que sous Windows ; sur un autre système, exportez le journal Application de l’appelant ou collez sa sortie slmgr /dlv dans `actwiz evidence`",
    diagnose_reading: "Lecture, sans rien modifier",
    diagnose_no_code: "aucun code d’erreur d’activation trouvé sur cette machine ; les faits lus sont listés ci-dessus",
    paste_title: "Éléments",
    paste_hint: "Collez une sortie slmgr, un événement, Test-NetConnection, nslookup, w32tm ou ipconfig · Ctrl+D lire · Échap annuler",
    facts_title: "Faits tirés des éléments",
    plain_paste_prompt: "Collez les éléments, puis appuyez deux fois sur Entrée (deux lignes vides de suite terminent, comme une ligne avec un seul point) :",
    plain_paste_end: ".",
    plain_evidence_hint: "e pour coller des éléments (slmgr /dlv, un événement d’activation, Test-NetConnection…)",
    plain_nothing_new: "rien de nouveau reconnu dans ce texte",
    wizard_only: "--evidence va avec l’assistant (actwiz --evidence FICHIER [CODE]) ; pour walk, utilisez walk CODE --evidence FICHIER",
    followed: "suivant les éléments",
    transcript_evidence_note: "Faits lus dans les sorties ou journaux collés, avec leur origine. Seules les sorties en anglais sont lues : les libellés de Windows en français ne le sont pas.",
};

pub fn evidence_strings(lang: Lang) -> &'static EvidenceStrings {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}
