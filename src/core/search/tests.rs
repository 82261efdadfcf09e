//! Search tests on a small catalog of our own (the built-in one is tested by
//! `tests/search_eval.rs`).

use super::nearest::NEAREST;
use super::*;

const KMS: &str = r#"
family: kms
title: { en: "KMS", fr: "KMS" }
source: "test"
codes:
  - code: "0xC004F074"
    messages:
      en: "The Software Protection Service reported that the computer could not be activated. No Key Management Service (KMS) could be contacted. Please see the Application Event Log for additional information."
      fr: "Le service de gestion de licences a signalé que l’ordinateur n’a pas pu être activé. Aucun Gestionnaire de clés (KMS) n’a pu être contacté. Pour plus d’informations, consultez le journal des événements d’application."
    aliases:
      - { lang: en, text: "Error: 0xC004F074 The Software Licensing Service reported that the product could not be activated. No Key Management Service (KMS) could be contacted." }
    activation_types: [kms_client]
    keywords:
      en: [kms, port 1688, firewall, "2147954402"]
      fr: [kms, port 1688, pare-feu]
    symptoms:
      en: ["the client cannot reach the KMS host"]
      fr: ["le client ne joint pas l’hôte KMS"]
    start: res_firewall
    source: "test"
  - code: "0xC004F06C"
    messages:
      en: "The Software Protection Service reported that the computer could not be activated. The Key Management Service (KMS) determined that the request timestamp is invalid."
      fr: "Le service de gestion de licences a signalé que l’ordinateur n’a pas pu être activé. Le service de gestion de clés (KMS) a déterminé que l’horodatage de la demande n’est pas valide."
    activation_types: [kms_client]
    keywords:
      en: [time, clock, w32tm]
      fr: [heure, horloge, w32tm]
    symptoms:
      en: ["the client clock is out of sync with the KMS host"]
      fr: ["l’horloge du client n’est pas synchronisée avec l’hôte KMS"]
    start: res_time
    source: "test"
  - code: "0xC004F009"
    messages:
      en: "The Software Protection Service reported that the grace period expired."
      fr: "Le service de gestion de licences a signalé que la période de grâce a expiré."
    activation_types: [mak]
    start: res_time
    source: "test"
resolutions:
  res_firewall:
    title: { en: "Open TCP 1688 on the KMS host", fr: "Ouvrir TCP 1688 sur l’hôte KMS" }
    cause: { en: "A firewall blocks the KMS port.", fr: "Un pare-feu bloque le port KMS." }
    steps: [{ en: "Open it.", fr: "L’ouvrir." }]
    source: "test"
  res_time:
    title: { en: "Fix the clock", fr: "Corriger l’horloge" }
    cause: { en: "Time skew between client and host.", fr: "Décalage horaire entre client et hôte." }
    steps: [{ en: "Resync.", fr: "Resynchroniser." }]
    source: "test"
tests:
  - { code: "0xC004F074", answers: [], expect: res_firewall }
  - { code: "0xC004F06C", answers: [], expect: res_time }
"#;

const OTHER: &str = r#"
family: other
title: { en: "Other", fr: "Autre" }
source: "test"
codes:
  - code: "0x8007232B"
    messages:
      en: "DNS name does not exist."
      fr: "Le nom DNS n’existe pas."
    activation_types: [kms_client]
    keywords:
      en: [dns, srv record]
      fr: [dns, enregistrement srv]
    start: res_dns
    source: "test"
  - code: "0x8007007B"
    messages:
      en: "0x8007007b DNS name does not exist."
      fr: "0x8007007b Le nom DNS n’existe pas."
    activation_types: [kms_client]
    start: res_dns
    source: "test"
  - code: "0x80070005"
    messages:
      en: "Access denied. The requested action requires elevated privileges."
      fr: "Accès refusé. L’action demandée exige des privilèges plus élevés."
    activation_types: [mak]
    keywords:
      en: [elevated prompt, uac]
      fr: [invite élevée, uac]
    start: res_elevate
    source: "test"
  - code: "0xC004F038"
    messages:
      en: "The Software Protection Service reported that the computer could not be activated. The count reported by your Key Management Service (KMS) is insufficient. Please contact your system administrator."
      fr: "Le service de gestion de licences a signalé que l’ordinateur n’a pas pu être activé. Le compte indiqué par votre service de gestion de clés (KMS) est insuffisant. Contactez votre administrateur système."
    activation_types: [kms_client]
    keywords:
      en: [current count, threshold]
      fr: [nombre actuel, seuil]
    symptoms:
      en: ["the KMS count is too low"]
      fr: ["le nombre de clients KMS est trop bas"]
    start: res_count
    source: "test"
  - code: "0x9999F074"
    messages:
      en: "Made-up code that also ends in F074 and mentions a firewall."
      fr: "Code inventé qui finit aussi par F074."
    activation_types: [mak]
    keywords:
      en: [access]
      fr: [accès]
    start: res_count
    source: "test"
resolutions:
  res_dns:
    title: { en: "Publish the SRV record", fr: "Publier l’enregistrement SRV" }
    cause: { en: "No SRV record.", fr: "Pas d’enregistrement SRV." }
    steps: [{ en: "Do it.", fr: "Le faire." }]
    source: "test"
  res_elevate:
    title: { en: "Run elevated", fr: "Exécuter en administrateur" }
    cause: { en: "UAC.", fr: "UAC." }
    steps: [{ en: "Do it.", fr: "Le faire." }]
    source: "test"
  res_count:
    title: { en: "Add clients", fr: "Ajouter des clients" }
    cause: { en: "Not enough clients contacted the host.", fr: "Trop peu de clients." }
    steps: [{ en: "Do it.", fr: "Le faire." }]
    source: "test"
tests:
  - { code: "0x8007232B", answers: [], expect: res_dns }
  - { code: "0x80070005", answers: [], expect: res_elevate }
  - { code: "0xC004F038", answers: [], expect: res_count }
"#;

fn catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::from_sources(&[("kms.yaml", KMS), ("other.yaml", OTHER)])
            .unwrap_or_else(|p| panic!("test catalog is invalid:\n{p:?}"))
    })
}

fn index() -> SearchIndex<'static> {
    SearchIndex::new(catalog())
}

fn top(index: &SearchIndex, query: &str) -> Option<Hit> {
    index.search(query, 10).hits.into_iter().next()
}

fn top_code(index: &SearchIndex, query: &str) -> String {
    top(index, query).map_or("none".into(), |h| h.code.to_string())
}

fn highlighted(hit: &Hit) -> Vec<String> {
    let chars: Vec<char> = hit.matched.text.chars().collect();
    hit.matched
        .ranges
        .iter()
        .map(|r| chars[r.clone()].iter().collect())
        .collect()
}

#[test]
fn every_code_form_finds_the_code() {
    let index = index();
    for q in [
        "0xC004F074",
        "c004f074",
        "0xC004 F074",
        "c004-f074",
        "-1073418124",
        "3221549172",
        "Error: 0xC004F074 The Software Licensing Service reported that...",
    ] {
        let out = index.search(q, 5);
        assert_eq!(out.hits.len(), 1, "query {q:?}: {:?}", out.hits);
        let hit = &out.hits[0];
        assert_eq!(hit.code, Code(0xC004F074), "query {q:?}");
        assert_eq!(hit.kind, MatchKind::ExactCode);
        assert_eq!(hit.matched.field, Field::Code);
        assert_eq!(hit.matched.ranges, vec![0..10]);
        assert!(out.unknown_codes.is_empty());
    }
}

#[test]
fn pasted_text_with_two_codes_gives_both() {
    let index = index();
    let out = index.search(
        "Event 12288: activation failed, code 0x8007232b; earlier 0xC004F074 The Software \
         Licensing Service reported that the product could not be activated.",
        10,
    );
    let codes: Vec<Code> = out.hits.iter().map(|h| h.code).collect();
    assert_eq!(codes, [Code(0x8007232B), Code(0xC004F074)]);
    assert!(out.hits.iter().all(|h| h.kind == MatchKind::ExactCode));
}

#[test]
fn fragments_rank_a_match_at_the_end_first() {
    let index = index();
    let out = index.search("F074", 10);
    let codes: Vec<Code> = out.hits.iter().map(|h| h.code).collect();
    assert_eq!(codes, [Code(0x9999F074), Code(0xC004F074)]);
    assert!(out.hits.iter().all(|h| h.kind == MatchKind::PartialCode));
    assert_eq!(highlighted(&out.hits[0]), ["F074"]);
    // "F0" at the end of no code, in the middle of several: end beats middle.
    let out = index.search("232b", 10);
    assert_eq!(out.hits[0].code, Code(0x8007232B));
    assert_eq!(highlighted(&out.hits[0]), ["232B"]);
    assert_eq!(top_code(&index, "it ends in 7B"), "0x8007007B");
    // The two last characters alone, as the caller reads them.
    assert_eq!(top_code(&index, "7B"), "0x8007007B");
    assert_eq!(top_code(&index, "2b"), "0x8007232B");
    let out = index.search("74", 10);
    assert!(out.hits.iter().all(|h| h.kind == MatchKind::PartialCode));
    assert!(
        out.hits.iter().all(|h| h.code.to_string().ends_with("74")),
        "{out:?}"
    );
    assert!(out.hits.iter().any(|h| h.code == Code(0xC004F074)));
    // The sign read with a space after it; the sign dropped: "did you mean".
    assert_eq!(top_code(&index, "- 1073418124"), "0xC004F074");
    assert_eq!(
        top(&index, "- 1073418124").map(|h| h.kind),
        Some(MatchKind::ExactCode)
    );
    let dropped = top(&index, "1073418124").expect("the signed code is offered");
    assert_eq!(
        (dropped.code, dropped.kind),
        (Code(0xC004F074), MatchKind::PartialCode)
    );
    assert_eq!(top_code(&index, "0xC004F0"), "0xC004F009");
    // A fragment at the end outranks the same fragment elsewhere.
    let out = index.search("F06", 10);
    assert!(out.hits.iter().any(|h| h.code == Code(0xC004F06C)));
}

#[test]
fn seven_digits_with_one_dropped_find_the_whole_code() {
    let index = index();
    for q in ["c004f74", "C004074", "0xC04F074", "004F074"] {
        let out = index.search(q, 10);
        assert_eq!(
            out.hits.first().map(|h| h.code),
            Some(Code(0xC004F074)),
            "query {q:?}: {:?}",
            out.hits
        );
    }
    // Seven digits that do end a code stay a fragment of it.
    assert_eq!(top_code(&index, "004F074"), "0xC004F074");
    assert!(one_digit_dropped("C004F074", "C004F07"));
    assert!(one_digit_dropped("C004F074", "004F074"));
    assert!(one_digit_dropped("C004F074", "C04F074"));
    assert!(!one_digit_dropped("C004F074", "C004F074"));
    assert!(!one_digit_dropped("C004F074", "C004F0744"));
    assert!(!one_digit_dropped("C004F074", "C00F074A"));
}

#[test]
fn unknown_code_reports_the_nearest_known_codes() {
    let index = index();
    let out = index.search("0xC004F075", 10);
    assert!(out.hits.is_empty());
    assert_eq!(out.unknown_codes.len(), 1);
    let unknown = &out.unknown_codes[0];
    assert_eq!(unknown.code, Code(0xC004F075));
    assert_eq!(unknown.nearest[0], Code(0xC004F074));
    assert!(unknown.nearest.len() <= NEAREST);
    // An unknown code stays in the text query: a keyword may hold it.
    let out = index.search("2147954402", 10);
    assert_eq!(out.unknown_codes[0].code, Code(0x80072EE2));
    assert_eq!(out.hits[0].code, Code(0xC004F074));
    assert_eq!(out.hits[0].kind, MatchKind::Keyword);
    // A known and an unknown code in one paste.
    let out = index.search("0x8007232B then 0xC004F0FF", 10);
    assert_eq!(out.hits[0].code, Code(0x8007232B));
    assert_eq!(out.unknown_codes[0].code, Code(0xC004F0FF));
}

#[test]
fn ranking_exact_then_partial_then_message_then_keyword() {
    let index = index();
    // "access": message of 0x80070005, keyword of the made-up code.
    let out = index.search("access", 10);
    assert_eq!(out.hits[0].code, Code(0x80070005));
    assert_eq!(out.hits[0].kind, MatchKind::Message);
    let kw = out.hits.iter().find(|h| h.code == Code(0x9999F074));
    assert_eq!(kw.map(|h| h.kind), Some(MatchKind::Keyword));
    assert!(out.hits[0].score > kw.map_or(0, |h| h.score));
    // A partial code beats any text match; an exact code beats a partial.
    let partial = index.search("F074", 1).hits[0].score;
    let exact = index.search("0xC004F074", 1).hits[0].score;
    let message = index
        .search("no key management service could be contacted", 1)
        .hits[0]
        .score;
    assert!(
        exact > partial && partial > message,
        "{exact} {partial} {message}"
    );
    let order = [
        MatchKind::ExactCode,
        MatchKind::PartialCode,
        MatchKind::Message,
        MatchKind::Keyword,
        MatchKind::Symptom,
        MatchKind::Cause,
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn english_and_french_messages_whatever_the_accents() {
    let index = index();
    let hit = top(&index, "acces refuse").unwrap();
    assert_eq!(hit.code, Code(0x80070005));
    assert_eq!(hit.matched.lang, Some(Lang::Fr));
    // Each matched word is highlighted, accented letters included.
    assert_eq!(highlighted(&hit), ["Accès", "refusé"]);

    let hit = top(&index, "aucun gestionnaire de cles n'a pu etre contacte").unwrap();
    assert_eq!(hit.code, Code(0xC004F074));
    assert_eq!(hit.matched.lang, Some(Lang::Fr));
    let words = highlighted(&hit);
    assert!(words.contains(&"Gestionnaire".to_string()), "{words:?}");
    assert!(words.contains(&"clés".to_string()), "{words:?}");

    let hit = top(&index, "no key management service could be contacted").unwrap();
    assert_eq!(hit.code, Code(0xC004F074));
    assert_eq!(hit.matched.lang, Some(Lang::En));

    let hit = top(&index, "le nom dns n existe pas").unwrap();
    assert!(matches!(hit.code, Code(0x8007232B) | Code(0x8007007B)));
    assert_eq!(hit.matched.lang, Some(Lang::Fr));
    assert_eq!(highlighted(&hit), ["nom", "DNS", "existe"]);
}

#[test]
fn typos_and_word_order() {
    let index = index();
    assert_eq!(top_code(&index, "grace periode expired"), "0xC004F009");
    assert_eq!(top_code(&index, "expired grace period"), "0xC004F009");
    assert_eq!(top_code(&index, "periode de grace expiree"), "0xC004F009");
    assert_eq!(top_code(&index, "acess denied"), "0x80070005");
    assert_eq!(
        top_code(&index, "requires privileges elevated"),
        "0x80070005"
    );
}

#[test]
fn symptoms_keywords_and_causes() {
    let index = index();
    assert_eq!(top_code(&index, "clock out of sync"), "0xC004F06C");
    assert_eq!(top_code(&index, "horloge pas synchronisee"), "0xC004F06C");
    assert_eq!(top_code(&index, "KMS count too low"), "0xC004F038");
    assert_eq!(top_code(&index, "port 1688 blocked"), "0xC004F074");
    let hit = top(&index, "time skew").unwrap();
    assert_eq!(hit.code, Code(0xC004F009).min(Code(0xC004F06C)));
    assert_eq!(hit.kind, MatchKind::Cause);
}

#[test]
fn short_words_do_not_match_scattered_letters() {
    let index = index();
    // "dns" must not match d…n…s in a long message.
    let out = index.search("dns", 20);
    assert!(out
        .hits
        .iter()
        .all(|h| matches!(h.code, Code(0x8007232B) | Code(0x8007007B))));
    // Stop-words alone match nothing.
    assert!(index.search("the of le de n", 10).hits.is_empty());
}

#[test]
fn one_hit_per_code_sorted_and_limited() {
    let index = index();
    let out = index.search("kms", 3);
    assert!(out.hits.len() <= 3);
    let mut codes: Vec<Code> = out.hits.iter().map(|h| h.code).collect();
    codes.dedup();
    assert_eq!(codes.len(), out.hits.len());
    assert!(out
        .hits
        .windows(2)
        .all(|w| w[0].score > w[1].score || (w[0].score == w[1].score && w[0].code < w[1].code)));
    assert!(index.search("kms", 0).hits.is_empty());
}

#[test]
fn ranges_are_char_ranges_sorted_and_merged() {
    let index = index();
    for q in [
        "acces refuse",
        "gestionnaire cles",
        "privileges eleves",
        "horloge",
    ] {
        for hit in index.search(q, 10).hits {
            let len = hit.matched.text.chars().count();
            assert!(hit.matched.ranges.windows(2).all(|w| w[0].end < w[1].start));
            assert!(hit
                .matched
                .ranges
                .iter()
                .all(|r| r.start < r.end && r.end <= len));
        }
    }
}

#[test]
fn serializes_ranges_as_pairs() {
    let index = index();
    let out = index.search("acces refuse", 1);
    let json = serde_json::to_value(&out).unwrap();
    assert_eq!(json["hits"][0]["code"], "0x80070005");
    assert_eq!(json["hits"][0]["kind"], "message");
    assert_eq!(json["hits"][0]["matched"]["field"], "message");
    assert_eq!(json["hits"][0]["matched"]["lang"], "fr");
    assert_eq!(
        json["hits"][0]["matched"]["ranges"],
        serde_json::json!([[0, 5], [6, 12]])
    );
    let out = index.search("0xC004F075", 1);
    let json = serde_json::to_value(&out).unwrap();
    assert_eq!(json["unknown_codes"][0]["nearest"][0], "0xC004F074");
}

#[test]
fn no_panic_on_any_input() {
    let index = index();
    let huge = "kms dns 0xC004F074 ".repeat(20_000);
    let noise: String = (0u32..5000).filter_map(char::from_u32).collect();
    for q in [
        "",
        " ",
        "   \t\n",
        "🔑🔥💥",
        "\u{0}\u{1b}[31m\u{7}",
        "0x",
        "-",
        "\u{301}",
        "ﬁ ß Œ",
        &huge,
        &noise,
        "a",
        "é",
        "1",
        "0x0",
    ] {
        let out = index.search(q, 10);
        assert!(out.hits.len() <= 10);
    }
    let nothing = Catalog::default();
    let empty = SearchIndex::new(&nothing);
    assert!(empty.search("kms 0xC004F074 F074", 10).hits.is_empty());
    assert_eq!(empty.search("0xC004F074", 10).unknown_codes.len(), 1);
}

#[test]
fn a_pasted_message_without_its_code() {
    let index = index();
    let en = "The Software Licensing Service reported that the product could not be \
              activated. No Key Management Service (KMS) could be contacted. Please see \
              the Application Event Log for additional information.";
    assert_eq!(top_code(&index, en), "0xC004F074");
    let fr = "Le service de gestion de licences a signalé que l’ordinateur n’a pas pu \
              être activé. Aucun Gestionnaire de clés (KMS) n’a pu être contacté.";
    assert_eq!(top_code(&index, fr), "0xC004F074");
}

#[test]
fn the_word_being_typed_matches_as_a_prefix() {
    let index = index();
    let hit = top(&index, "gestionn").unwrap();
    assert_eq!(hit.code, Code(0xC004F074));
    assert_eq!(highlighted(&hit), ["Gestionn"]);
    let hit = top(&index, "horl").unwrap();
    assert_eq!(hit.code, Code(0xC004F06C));
    assert_eq!(highlighted(&hit), ["horl"]);
    // With a space after it, a word is complete: "ac" alone matches nothing.
    assert!(index.search("ac ", 10).hits.is_empty());
}

/// Queries of every kind, for comparing two indexes of one catalog.
const COMPARED: &[&str] = &[
    "0xC004F074",
    "C004F0",
    "C004F74",
    "0x80070000",
    "kms host could not be reached",
    "serveur kms injoignable",
    "dns srv record",
    "not enough clients",
    "acess denied",
    "elev",
    "",
];

fn outcomes(index: &SearchIndex) -> Vec<SearchOutcome> {
    COMPARED.iter().map(|q| index.search(q, 10)).collect()
}

#[test]
fn a_stored_index_gives_the_results_of_a_fresh_one() {
    let fresh = SearchIndex::build(catalog());
    let bytes = fresh.to_bytes();
    let stored = SearchIndex::from_bytes(catalog(), &bytes).expect("decodes");
    assert_eq!(outcomes(&stored), outcomes(&fresh));
    assert_eq!(stored.to_bytes(), bytes, "the same index");
    // Results come with their texts, read from the catalog.
    let hit = top(&stored, "kms host").expect("a hit");
    assert!(!hit.matched.text.is_empty() && !hit.matched.ranges.is_empty());
}

#[test]
fn a_stored_index_for_other_codes_or_damaged_is_refused_never_a_panic() {
    let bytes = SearchIndex::build(catalog()).to_bytes();
    let other = Catalog::from_sources(&[("kms.yaml", KMS)]).expect("valid");
    assert!(
        SearchIndex::from_bytes(&other, &bytes).is_none(),
        "other codes"
    );
    for cut in [0, 8, bytes.len() / 2, bytes.len() - 1] {
        assert!(SearchIndex::from_bytes(catalog(), &bytes[..cut]).is_none());
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(SearchIndex::from_bytes(catalog(), &longer).is_none());
    // Any byte changed: refused, or an index that searches without panic.
    for i in (0..bytes.len()).step_by(7) {
        let mut changed = bytes.clone();
        changed[i] ^= 0x41;
        if let Some(index) = SearchIndex::from_bytes(catalog(), &changed) {
            let _ = outcomes(&index);
        }
    }
}

#[test]
fn the_builtin_index_made_by_the_build_is_that_of_the_builtin_catalog() {
    let builtin = Catalog::builtin().expect("built-in flows load");
    let crate::core::catalog::cache::StoredIndex::Builtin(embedded) = builtin.stored_index() else {
        panic!("the built-in catalog offers the embedded index");
    };
    let fresh = SearchIndex::build(&builtin);
    assert_eq!(embedded, fresh.to_bytes().as_slice(), "same index");
    let from_yaml = Catalog::builtin_from_yaml().expect("YAML loads");
    assert_eq!(SearchIndex::build(&from_yaml).to_bytes(), fresh.to_bytes());
    let loaded = SearchIndex::new(&builtin);
    let queries = [
        "0xC004F074",
        "no key management service could be contacted",
        "grace period expired",
        "licence non valide",
        "slui 4",
    ];
    for q in queries {
        assert_eq!(loaded.search(q, 20), fresh.search(q, 20), "{q}");
    }
}
