//! Where a PowerShell form comes from, in each language: said wherever the
//! form is shown (wizard, plain mode, transcript, runbook), because most
//! PowerShell forms are actwiz's own translation, not the articles'.

texts! {
    pub(crate) struct PowershellStrings;
    pub(crate) fn powershell_strings;
    in_powershell: "In PowerShell", "Dans PowerShell";
    from: "PowerShell form", "Forme PowerShell";
    generated:
        "generated from the slmgr table (Software Licensing WMI provider; see assets/flow-format.md)",
        "produite à partir de la table slmgr (fournisseur WMI Software Licensing ; voir assets/flow-format.md)";
    generated_short:
        "generated from actwiz's slmgr table",
        "produite par la table slmgr d’actwiz";
    own: "actwiz's own translation of", "traduction propre à actwiz de";
    from_article: "given by a Microsoft article", "donnée par un article de Microsoft";
    same_program: "the same program as in cmd.exe", "le même programme que dans cmd.exe";
    slmgr_cmdlet: "as in the slmgr table's forms", "comme dans les formes de la table slmgr";
    unlisted:
        "written in the flow file, not in actwiz's table",
        "écrite dans le fichier de flux, absente de la table d’actwiz";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_language_lacks_a_message() {
        crate::strings::assert_both_languages(&every(&EN), &every(&FR), &[]);
    }
}
