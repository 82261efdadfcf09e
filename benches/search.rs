//! Query latency of `SearchIndex::search`, on the built-in catalog and on a
//! generated catalog of 10,000 codes, over code, fragment, message, typo and
//! symptom queries. Target: a median under 2 ms per query on 10,000 codes.
//!
//! Run: `cargo bench --bench search` (about two minutes, most of it building
//! the generated catalog). Each iteration runs one query, taken in turn from
//! the list of its kind, so the figures are per query.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use actwiz::catalog::Catalog;
use actwiz::search::SearchIndex;
use criterion::{criterion_group, criterion_main, Criterion};

const CODES: usize = 10_000;
const CODES_PER_FILE: usize = 100;
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
fn flow_file(file: usize, rng: &mut Lcg, sample_messages: &mut Vec<String>) -> String {
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
        let _ = writeln!(y, "    start: res_{}", k % RESOLUTIONS_PER_FILE);
        let _ = writeln!(y, "    source: \"generated\"");
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
    let _ = writeln!(y, "tests:");
    for r in 0..RESOLUTIONS_PER_FILE {
        let i = file * CODES_PER_FILE + r;
        let code = BASE + (i as u32) * 7;
        let _ = writeln!(
            y,
            "  - {{ code: \"0x{code:08X}\", answers: [], expect: res_{r} }}"
        );
    }
    y
}

fn generated_catalog() -> (Catalog, Vec<String>) {
    let mut rng = Lcg(0x5eed);
    let mut samples = Vec::new();
    let files: Vec<(String, String)> = (0..CODES / CODES_PER_FILE)
        .map(|f| {
            (
                format!("gen-{f}.yaml"),
                flow_file(f, &mut rng, &mut samples),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let catalog = Catalog::from_sources(&refs)
        .unwrap_or_else(|p| panic!("generated catalog is invalid:\n{p:?}"));
    (catalog, samples)
}

/// Queries by kind. Message and typo queries of the generated catalog use
/// its own texts; the others are the same for both catalogs.
fn queries(samples: &[String]) -> Vec<(&'static str, Vec<String>)> {
    let own = |n: usize, f: &dyn Fn(&str) -> String| -> Vec<String> {
        samples.iter().take(n).map(|s| f(s)).collect()
    };
    let words = |s: &str, from: usize, n: usize| -> String {
        s.split_whitespace()
            .skip(from)
            .take(n)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let typo = |s: &str| -> String {
        // Drop one letter of every word longer than 5 letters.
        s.split_whitespace()
            .take(8)
            .map(|w| {
                if w.len() > 5 {
                    format!("{}{}", &w[..2], &w[3..])
                } else {
                    w.into()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let fixed = |q: &[&str]| q.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut message = fixed(&[
        "no key management service could be contacted",
        "aucun gestionnaire de cles n a pu etre contacte",
        "acces refuse",
        "dns name does not exist",
        "grace period expired",
    ]);
    message.extend(own(5, &|s| words(s, 1, 6)));
    let mut typos = fixed(&[
        "rpc servr unavailable",
        "grace periode expired",
        "aucun gestionaire de cle",
        "timestamp invlaid",
        "licence store inconsistant",
    ]);
    typos.extend(own(5, &typo));
    vec![
        (
            "code",
            fixed(&[
                "0xC004F074",
                "c004-f074",
                "-1073418124",
                "0x8007232B",
                "0xC1000007",
            ]),
        ),
        (
            "fragment",
            fixed(&["F074", "232b", "0490", "it ends in 7B", "0xC10001"]),
        ),
        ("message", message),
        ("typo", typos),
        (
            "symptom",
            fixed(&[
                "port 1688 blocked",
                "clock out of sync",
                "horloge pas synchronisee",
                "KMS count too low",
                "too many activations on MAK",
            ]),
        ),
        (
            "paste",
            fixed(&[
                "Error: 0xC004F074 The Software Licensing Service reported that the \
                     product could not be activated. No Key Management Service (KMS) could \
                     be contacted. Please see the Application Event Log for additional \
                     information. (hr=0x8007232B)",
            ]),
        ),
    ]
}

fn bench_index(c: &mut Criterion, name: &str, index: &SearchIndex, samples: &[String]) {
    let mut group = c.benchmark_group(name);
    for (kind, list) in queries(samples) {
        let mut k = 0usize;
        group.bench_function(kind, |b| {
            b.iter(|| {
                let q = &list[k % list.len()];
                k += 1;
                black_box(index.search(black_box(q), 20))
            })
        });
    }
    group.finish();
}

fn search_benches(c: &mut Criterion) {
    let builtin = Catalog::builtin().unwrap_or_else(|p| panic!("built-in catalog:\n{p:?}"));
    let index = SearchIndex::new(&builtin);
    bench_index(c, &format!("search/builtin-{}", index.len()), &index, &[]);

    let started = Instant::now();
    let (catalog, samples) = generated_catalog();
    let loaded = started.elapsed();
    let started = Instant::now();
    let index = SearchIndex::new(&catalog);
    println!(
        "generated catalog: {} codes, loaded in {:.1?}, indexed in {:.1?}",
        index.len(),
        loaded,
        started.elapsed()
    );
    bench_index(
        c,
        &format!("search/generated-{}", index.len()),
        &index,
        &samples,
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = search_benches
}
criterion_main!(benches);
