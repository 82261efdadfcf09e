//! A generated catalog of 10,000 codes (100 files), shared by the benches
//! and the search exactness test: deterministic, no dependency.
#![allow(dead_code)] // each user takes its own part

use std::fmt::Write as _;

pub const CODES: usize = 10_000;
pub const CODES_PER_FILE: usize = 100;
const RESOLUTIONS_PER_FILE: usize = 10;
/// First generated code; far from every real one.
const BASE: u32 = 0xC100_0000;

/// A small deterministic generator (no dependency, same catalog every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() as usize % items.len()]
    }
}

const SYLLABLES: &[&str] = &[
    "ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo", "tra",
    "ker", "mon", "pel", "dri", "sul", "vex", "qua", "lin", "gor", "phe", "sto", "bri", "cla",
];

/// A made-up word of 2 to 4 syllables: grows the vocabulary the way 10,000
/// real messages would (product names, components, services).
fn pseudo_word(rng: &mut Lcg) -> String {
    let n = 2 + rng.next() as usize % 3;
    (0..n).map(|_| rng.pick(SYLLABLES)).collect()
}

const SERVICES_EN: &[&str] = &[
    "Software Protection Service",
    "Software Licensing Service",
    "activation server",
    "Key Management Service",
    "licensing component",
    "update agent",
    "certificate store",
];
const VERBS_EN: &[&str] = &[
    "reported that",
    "determined that",
    "could not verify that",
    "found that",
    "refused because",
];
const OBJECTS_EN: &[&str] = &[
    "the computer could not be activated",
    "the product key is invalid",
    "the license store is corrupt",
    "the request timestamp is out of range",
    "the host did not answer in time",
    "the configuration data is missing",
    "the token could not be read",
    "the grace period has expired",
    "the network path was not found",
];
const SERVICES_FR: &[&str] = &[
    "Le service de gestion de licences",
    "Le service de protection logicielle",
    "Le serveur d’activation",
    "Le service de gestion de clés",
    "Le composant de licence",
    "L’agent de mise à jour",
];
const VERBS_FR: &[&str] = &[
    "a signalé que",
    "a déterminé que",
    "n’a pas pu vérifier que",
];
const OBJECTS_FR: &[&str] = &[
    "l’ordinateur n’a pas pu être activé",
    "la clé de produit n’est pas valide",
    "le magasin de licences est endommagé",
    "l’horodatage de la demande n’est pas valide",
    "l’hôte n’a pas répondu à temps",
    "les données de configuration sont manquantes",
    "la période de grâce a expiré",
    "le chemin réseau est introuvable",
];
const KEYWORDS: &[&str] = &[
    "kms",
    "mak",
    "dns",
    "firewall",
    "port 1688",
    "proxy",
    "tokens",
    "registry",
    "sppsvc",
    "gvlk",
    "vpn",
    "clock",
    "time skew",
    "hyper-v",
    "azure",
    "sysprep",
    "bios",
    "oem",
];

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// One generated flow file of `CODES_PER_FILE` codes.
fn flow_file(file: usize, rng: &mut Lcg, sample_messages: &mut Vec<String>, full: bool) -> String {
    let mut y = String::new();
    let _ = writeln!(y, "family: gen-{file}");
    let _ = writeln!(
        y,
        "title: {{ en: \"Generated {file}\", fr: \"Généré {file}\" }}"
    );
    let _ = writeln!(y, "source: \"generated for the benchmark\"");
    let _ = writeln!(y, "codes:");
    for k in 0..CODES_PER_FILE {
        let i = file * CODES_PER_FILE + k;
        let code = BASE + (i as u32) * 7;
        let (w1, w2, w3) = (pseudo_word(rng), pseudo_word(rng), pseudo_word(rng));
        let en = format!(
            "The {} {} {} for {w1} {w2}. Please see the {w3} log for additional information.",
            rng.pick(SERVICES_EN),
            rng.pick(VERBS_EN),
            rng.pick(OBJECTS_EN)
        );
        let fr = format!(
            "{} {} {} pour {w1} {w2}. Pour plus d’informations, consultez le journal {w3}.",
            rng.pick(SERVICES_FR),
            rng.pick(VERBS_FR),
            rng.pick(OBJECTS_FR)
        );
        if i.is_multiple_of(1000) {
            sample_messages.push(en.clone());
        }
        let _ = writeln!(y, "  - code: \"0x{code:08X}\"");
        let _ = writeln!(
            y,
            "    messages: {{ en: {}, fr: {} }}",
            yaml_str(&en),
            yaml_str(&fr)
        );
        let _ = writeln!(
            y,
            "    aliases: [{{ lang: en, text: {} }}]",
            yaml_str(&format!("Error: 0x{code:08X} {en}"))
        );
        let _ = writeln!(y, "    activation_types: [kms_client]");
        let kw: Vec<String> = (0..8)
            .map(|_| yaml_str(rng.pick(KEYWORDS)))
            .chain([yaml_str(&w1), yaml_str(&format!("{w2} {w3}"))])
            .collect();
        let _ = writeln!(
            y,
            "    keywords: {{ en: [{}], fr: [{}] }}",
            kw.join(", "),
            kw.join(", ")
        );
        let sym_en = format!(
            "the {w1} client cannot reach the {} host",
            rng.pick(KEYWORDS)
        );
        let sym_fr = format!("le client {w1} ne joint pas l’hôte {}", rng.pick(KEYWORDS));
        let _ = writeln!(
            y,
            "    symptoms: {{ en: [{}], fr: [{}] }}",
            yaml_str(&sym_en),
            yaml_str(&sym_fr)
        );
        if full {
            let _ = writeln!(y, "    start: q_{k}");
        } else {
            let _ = writeln!(y, "    start: res_{}", k % RESOLUTIONS_PER_FILE);
        }
        let _ = writeln!(y, "    source: \"generated\"");
    }
    if full {
        own_nodes(&mut y, file, rng);
    }
    let _ = writeln!(y, "resolutions:");
    for r in 0..RESOLUTIONS_PER_FILE {
        let w = pseudo_word(rng);
        let _ = writeln!(y, "  res_{r}:");
        let _ = writeln!(
            y,
            "    title: {{ en: \"Repair the {w} component\", fr: \"Réparer le composant {w}\" }}"
        );
        let _ = writeln!(
            y,
            "    cause: {{ en: \"The {w} component is damaged or blocked by a firewall rule on port 1688.\", fr: \"Le composant {w} est endommagé ou bloqué par une règle de pare-feu sur le port 1688.\" }}"
        );
        let _ = writeln!(
            y,
            "    steps: [{{ en: \"Repair it.\", fr: \"Le réparer.\" }}]"
        );
        let _ = writeln!(y, "    source: \"generated\"");
    }
    if full {
        own_resolutions(&mut y, rng);
    }
    // Every resolution is reached by an example path (`check` requires it).
    let _ = writeln!(y, "tests:");
    let code_of = |k: usize| BASE + ((file * CODES_PER_FILE + k) as u32) * 7;
    for r in 0..RESOLUTIONS_PER_FILE {
        let code = code_of(r);
        // In full, code r starts at q_r, whose way out leads to res_r.
        let answers = if full { "unsure" } else { "" };
        let _ = writeln!(
            y,
            "  - {{ code: \"0x{code:08X}\", answers: [{answers}], expect: res_{r} }}"
        );
    }
    if full {
        for k in 0..CODES_PER_FILE {
            let code = code_of(k);
            let _ = writeln!(
                y,
                "  - {{ code: \"0x{code:08X}\", answers: [\"yes\"], expect: own_{k} }}"
            );
        }
    }
    y
}

/// The generated flow files, as (name, YAML), and sample English messages
/// (one per 1,000 codes). `full` gives each code its own question and
/// resolution, as real flows have (about 50 MB for 10,000 codes); otherwise
/// codes share ten resolutions per file (about 9 MB), enough for search.
pub fn generated_files(full: bool) -> (Vec<(String, String)>, Vec<String>) {
    first_generated_files(CODES / CODES_PER_FILE, full)
}

/// The first `count` files of [`generated_files`] (the same texts).
pub fn first_generated_files(count: usize, full: bool) -> (Vec<(String, String)>, Vec<String>) {
    let mut rng = Lcg(0x5eed);
    let mut samples = Vec::new();
    let files = (0..count)
        .map(|f| {
            (
                format!("gen-{f}.yaml"),
                flow_file(f, &mut rng, &mut samples, full),
            )
        })
        .collect();
    (files, samples)
}

/// A long paragraph of made-up but plausible text (about `words` words).
fn paragraph(rng: &mut Lcg, words: usize, fr: bool) -> String {
    let mut out = String::new();
    while out.split_whitespace().count() < words {
        let w = pseudo_word(rng);
        let sentence = if fr {
            format!(
                "{} {} {} sur {w}. ",
                rng.pick(SERVICES_FR),
                rng.pick(VERBS_FR),
                rng.pick(OBJECTS_FR)
            )
        } else {
            format!(
                "The {} {} {} on {w}. ",
                rng.pick(SERVICES_EN),
                rng.pick(VERBS_EN),
                rng.pick(OBJECTS_EN)
            )
        };
        out.push_str(&sentence);
    }
    yaml_str(out.trim_end())
}

/// One question per code, `q_K`, whose choices lead to the code's own
/// resolution `own_K` or to a shared one.
fn own_nodes(y: &mut String, _file: usize, rng: &mut Lcg) {
    let _ = writeln!(y, "questions:");
    for k in 0..CODES_PER_FILE {
        let _ = writeln!(y, "  q_{k}:");
        let (en, fr) = (paragraph(rng, 40, false), paragraph(rng, 40, true));
        let _ = writeln!(y, "    text: {{ en: {en}, fr: {fr} }}");
        let (en, fr) = (paragraph(rng, 60, false), paragraph(rng, 60, true));
        let _ = writeln!(y, "    how_to_check: {{ en: {en}, fr: {fr} }}");
        let _ = writeln!(y, "    check_command: \"Get-Service -Name sppsvc\"");
        let _ = writeln!(y, "    choices:");
        let _ = writeln!(
            y,
            "      - {{ id: \"yes\", label: {{ en: \"Yes\", fr: \"Oui\" }}, next: own_{k} }}"
        );
        let _ = writeln!(
            y,
            "      - {{ id: \"unsure\", label: {{ en: \"I cannot check\", fr: \"Je ne peux pas vérifier\" }}, next: res_{}, way_out: true }}",
            k % RESOLUTIONS_PER_FILE
        );
        let _ = writeln!(y, "    source: \"generated\"");
    }
}

fn own_resolutions(y: &mut String, rng: &mut Lcg) {
    for k in 0..CODES_PER_FILE {
        let _ = writeln!(y, "  own_{k}:");
        let (en, fr) = (paragraph(rng, 8, false), paragraph(rng, 8, true));
        let _ = writeln!(y, "    title: {{ en: {en}, fr: {fr} }}");
        let (en, fr) = (paragraph(rng, 50, false), paragraph(rng, 50, true));
        let _ = writeln!(y, "    cause: {{ en: {en}, fr: {fr} }}");
        let _ = writeln!(y, "    steps:");
        for _ in 0..3 {
            let (en, fr) = (paragraph(rng, 30, false), paragraph(rng, 30, true));
            let _ = writeln!(y, "      - {{ en: {en}, fr: {fr} }}");
        }
        let _ = writeln!(y, "    commands:");
        let _ = writeln!(
            y,
            "      - command: \"cscript //nologo %windir%\\\\system32\\\\slmgr.vbs /ato\""
        );
        let (en, fr) = (paragraph(rng, 12, false), paragraph(rng, 12, true));
        let _ = writeln!(y, "        explain: {{ en: {en}, fr: {fr} }}");
        let _ = writeln!(y, "        elevated: true");
        let _ = writeln!(y, "    source: \"generated\"");
    }
}
