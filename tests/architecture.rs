//! The dependency rules of ARCHITECTURE.md, checked on the source itself.
//!
//! Each file under src/ is a module (`src/core/catalog/load.rs` is
//! `core::catalog::load`). Every path that starts with `crate::`, `super::`
//! or `self::` (in `use` trees, groups included, and in expressions) is an
//! edge to the longest module it names. An edge between two files is lifted
//! to the two sibling modules under their closest common parent: a use of
//! `crate::core::walk::Walker` from `core::catalog::validate` is the edge
//! `core::catalog -> core::walk`. Edges between a module and its own parent
//! or children are ignored (a `mod.rs` declares and re-exports its children).
//!
//! Two rules:
//! - no cycle between sibling modules, at any level;
//! - nothing under `core` names a module outside `core`: the core never
//!   touches the terminal, the clipboard or program output.
//!
//! Test modules (`#[cfg(test)] mod … { … }` and `tests.rs` files) are left
//! out: they may use whatever helps them test. `src/main.rs` is the binary,
//! outside the library. Comments and string literals are skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One module path, such as `["core", "catalog", "load"]` (empty: the crate root).
type ModPath = Vec<String>;

/// Where an edge was seen, to name it in a failure.
#[derive(Clone, Debug)]
struct Seen {
    file: String,
    line: usize,
    path: String,
}

/// Every module of the library, from its files.
fn modules(src: &Path) -> BTreeMap<ModPath, PathBuf> {
    let mut files = Vec::new();
    collect_rs(src, &mut files);
    let mut map = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap_or(&file);
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let last = parts.pop().unwrap_or_default();
        let stem = last.trim_end_matches(".rs").to_string();
        if parts.is_empty() && (stem == "main" || stem == "build") {
            continue;
        }
        if stem == "tests" {
            continue; // a test module in its own file
        }
        if !(parts.is_empty() && stem == "lib") && stem != "mod" {
            parts.push(stem);
        }
        map.insert(parts, file);
    }
    map
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// A token of Rust source, with its line.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Star,
    Other(char),
}

/// Tokens of `text` without comments, string and char literals.
fn tokens(text: &str) -> Vec<(Tok, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('#') || next == Some('"')) && raw_string_at(&chars, i) {
            // r"…" or r#"…"#
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            j += 1; // the opening quote
            loop {
                match chars.get(j) {
                    None => break,
                    Some('\n') => line += 1,
                    Some('"') if (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    _ => {}
                }
                j += 1;
            }
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if chars.get(i) == Some(&'\n') {
                    line += 1;
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' {
            // A char literal ('a', '\n', '\u{1F}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((Tok::Ident(chars[start..i].iter().collect()), line));
        } else if c == ':' && next == Some(':') {
            out.push((Tok::PathSep, line));
            i += 2;
        } else {
            out.push((
                match c {
                    '{' => Tok::Open,
                    '}' => Tok::Close,
                    ',' => Tok::Comma,
                    '*' => Tok::Star,
                    other => Tok::Other(other),
                },
                line,
            ));
            i += 1;
        }
    }
    out
}

/// Whether `r` at `i` starts a raw string rather than an identifier.
fn raw_string_at(chars: &[char], i: usize) -> bool {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return false;
    }
    let mut j = i + 1;
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    chars.get(j) == Some(&'"')
}

/// The tokens without `#[cfg(test)] mod name { … }` blocks.
fn without_test_modules(toks: Vec<(Tok, usize)>) -> Vec<(Tok, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    let is = |i: usize, t: &Tok| toks.get(i).map(|(x, _)| x) == Some(t);
    let ident = |i: usize, s: &str| matches!(toks.get(i), Some((Tok::Ident(x), _)) if x == s);
    while i < toks.len() {
        // # [ cfg ( test ) ] (pub)? mod name {
        if is(i, &Tok::Other('#'))
            && is(i + 1, &Tok::Other('['))
            && ident(i + 2, "cfg")
            && is(i + 3, &Tok::Other('('))
            && ident(i + 4, "test")
            && is(i + 5, &Tok::Other(')'))
            && is(i + 6, &Tok::Other(']'))
        {
            let mut j = i + 7;
            if ident(j, "pub") {
                j += 1;
            }
            if ident(j, "mod") && is(j + 2, &Tok::Open) {
                let mut depth = 0;
                let mut k = j + 2;
                while k < toks.len() {
                    match toks[k].0 {
                        Tok::Open => depth += 1,
                        Tok::Close => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    k += 1;
                }
                i = k + 1;
                continue;
            }
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}

/// Every path that starts at `crate`, `super` or `self`, as absolute module
/// paths (use groups expanded), with its line.
fn references(module: &ModPath, is_mod_file: bool, toks: &[(Tok, usize)]) -> Vec<(ModPath, usize)> {
    // The module a `self::` path starts from, and the one `super::` climbs from.
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let (tok, line) = &toks[i];
        let prev_is_sep = i > 0 && toks[i - 1].0 == Tok::PathSep;
        let start = match tok {
            Tok::Ident(word)
                if !prev_is_sep && toks.get(i + 1).map(|t| &t.0) == Some(&Tok::PathSep) =>
            {
                match word.as_str() {
                    "crate" => Some((Vec::new(), i + 2)),
                    "self" => Some((module.clone(), i + 2)),
                    "super" => {
                        // `super` of a file module is its parent; chains climb further.
                        let mut base = module.clone();
                        let mut j = i;
                        loop {
                            base.pop();
                            if matches!(toks.get(j + 2), Some((Tok::Ident(w), _)) if w == "super")
                                && toks.get(j + 3).map(|t| &t.0) == Some(&Tok::PathSep)
                            {
                                j += 2;
                            } else {
                                break;
                            }
                        }
                        let _ = is_mod_file;
                        Some((base, j + 2))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some((base, at)) = start {
            let mut paths = Vec::new();
            let end = use_tree(toks, at, base, &mut paths);
            for p in paths {
                out.push((p, *line));
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Reads a use tree (or a plain path) from `at`, appending each full path to `out`.
/// Returns the index after the tree.
fn use_tree(
    toks: &[(Tok, usize)],
    mut at: usize,
    mut prefix: ModPath,
    out: &mut Vec<ModPath>,
) -> usize {
    loop {
        match toks.get(at).map(|t| &t.0) {
            Some(Tok::Ident(word)) => {
                if word == "self" {
                    at += 1;
                } else if word == "super" {
                    prefix.pop();
                    at += 1;
                } else {
                    prefix.push(word.clone());
                    at += 1;
                }
                if toks.get(at).map(|t| &t.0) == Some(&Tok::PathSep) {
                    at += 1;
                    continue;
                }
                out.push(prefix);
                return at;
            }
            Some(Tok::Open) => {
                at += 1;
                loop {
                    match toks.get(at).map(|t| &t.0) {
                        Some(Tok::Close) => return at + 1,
                        Some(Tok::Comma) => at += 1,
                        None => return at,
                        Some(_) => {
                            let before = at;
                            at = use_tree(toks, at, prefix.clone(), out);
                            // Skip `as name` and anything else up to , or }.
                            while let Some(t) = toks.get(at).map(|t| &t.0) {
                                if matches!(t, Tok::Comma | Tok::Close) {
                                    break;
                                }
                                at += 1;
                            }
                            if at == before {
                                at += 1;
                            }
                        }
                    }
                }
            }
            _ => {
                // `*` or the end: the prefix itself is named.
                out.push(prefix);
                return at;
            }
        }
    }
}

/// The longest known module that `path` names.
fn owner(path: &ModPath, known: &BTreeSet<ModPath>) -> ModPath {
    let mut p = path.clone();
    while !p.is_empty() && !known.contains(&p) {
        p.pop();
    }
    p
}

/// Lifts an edge between two modules to the siblings under their closest
/// common parent; `None` when one contains the other.
fn lift(from: &ModPath, to: &ModPath) -> Option<(ModPath, ModPath)> {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if common == from.len() || common == to.len() {
        return None;
    }
    Some((from[..=common].to_vec(), to[..=common].to_vec()))
}

/// Sibling edges with one place each was seen.
type Graph = BTreeMap<(ModPath, ModPath), Seen>;

/// Every file-to-file edge of the library under `src`.
fn file_edges(src: &Path) -> Vec<(ModPath, ModPath, Seen)> {
    let mods = modules(src);
    let known: BTreeSet<ModPath> = mods.keys().cloned().collect();
    let mut edges = Vec::new();
    for (module, file) in &mods {
        let text = fs::read_to_string(file).unwrap_or_default();
        let is_mod_file = file
            .file_name()
            .is_some_and(|n| n == "mod.rs" || n == "lib.rs");
        let toks = without_test_modules(tokens(&text));
        for (path, line) in references(module, is_mod_file, &toks) {
            let target = owner(&path, &known);
            edges.push((
                module.clone(),
                target,
                Seen {
                    file: file.display().to_string(),
                    line,
                    path: path.join("::"),
                },
            ));
        }
    }
    edges
}

fn sibling_graph(edges: &[(ModPath, ModPath, Seen)]) -> Graph {
    let mut graph = Graph::new();
    for (from, to, seen) in edges {
        if let Some(pair) = lift(from, to) {
            graph.entry(pair).or_insert_with(|| seen.clone());
        }
    }
    graph
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(graph: &Graph) -> Vec<Vec<ModPath>> {
    let nodes: BTreeSet<&ModPath> = graph.keys().flat_map(|(a, b)| [a, b]).collect();
    let nodes: Vec<&ModPath> = nodes.into_iter().collect();
    let index_of: BTreeMap<&ModPath, usize> =
        nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut adj = vec![Vec::new(); nodes.len()];
    for (a, b) in graph.keys() {
        adj[index_of[a]].push(index_of[b]);
    }
    struct State {
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        found: Vec<Vec<usize>>,
    }
    fn visit(v: usize, adj: &[Vec<usize>], s: &mut State) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &adj[v] {
            match s.index[w] {
                None => {
                    visit(w, adj, s);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                _ => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.found.push(component);
            }
        }
    }
    let n = nodes.len();
    let mut s = State {
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(v, &adj, &mut s);
        }
    }
    s.found
        .into_iter()
        .map(|c| {
            let mut c: Vec<ModPath> = c.into_iter().map(|i| nodes[i].clone()).collect();
            c.sort();
            c
        })
        .collect()
}

fn name(m: &ModPath) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

/// A readable account of each cycle: its modules and the edges between them.
fn describe(graph: &Graph, found: &[Vec<ModPath>]) -> String {
    let mut text = String::new();
    for component in found {
        let members: BTreeSet<&ModPath> = component.iter().collect();
        text.push_str(&format!(
            "cycle: {}\n",
            component.iter().map(name).collect::<Vec<_>>().join(" <-> ")
        ));
        for ((a, b), seen) in graph {
            if members.contains(a) && members.contains(b) {
                text.push_str(&format!(
                    "  {} -> {}  ({}:{} names {})\n",
                    name(a),
                    name(b),
                    seen.file,
                    seen.line,
                    seen.path
                ));
            }
        }
    }
    text
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_module_is_in_an_import_cycle() {
    let graph = sibling_graph(&file_edges(&src_dir()));
    let found = cycles(&graph);
    let mut names: Vec<String> = found
        .iter()
        .map(|c| c.iter().map(name).collect::<Vec<_>>().join(" <-> "))
        .collect();
    names.sort();
    assert!(
        names.is_empty(),
        "import cycles between modules:\n{}",
        describe(&graph, &found)
    );
}

#[test]
fn the_core_names_nothing_outside_the_core() {
    let src = src_dir();
    let mods = modules(&src);
    assert!(
        mods.keys().any(|m| m.first().is_some_and(|c| c == "core")),
        "src/core/ is missing"
    );
    let mut bad = Vec::new();
    for (from, to, seen) in file_edges(&src) {
        let in_core = |m: &ModPath| m.first().is_some_and(|c| c == "core");
        if in_core(&from) && !in_core(&to) {
            bad.push(format!(
                "{}:{} names {} ({})",
                seen.file,
                seen.line,
                seen.path,
                name(&to)
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "the core reaches out of src/core/:\n{}",
        bad.join("\n")
    );
}

/// The checker itself: a synthetic tree with a cycle two levels down, a
/// parent/child pair (not a cycle) and a `use` group.
#[test]
fn the_checker_finds_a_cycle_in_a_synthetic_tree() {
    let dir = std::env::temp_dir().join(format!("actwiz-arch-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap_or(&dir)).ok();
        fs::write(path, text).ok();
    };
    write("lib.rs", "pub mod core;\npub mod tui;\n");
    write("core/mod.rs", "pub mod a;\npub mod b;\npub use a::A;\n");
    // a -> b through a group, b -> a through super: a cycle.
    write(
        "core/a.rs",
        "use crate::{tui::X as _, core::{b::B, self}};\npub struct A;\n",
    );
    write(
        "core/b.rs",
        "// crate::tui::Y in a comment is no edge\npub struct B(super::a::A);\nconst S: &str = \"crate::tui::Z\";\n#[cfg(test)]\nmod tests { use crate::tui::W; }\n",
    );
    write("tui/mod.rs", "pub struct X; use crate::core::A;\n");

    let edges = file_edges(&dir);
    let graph = sibling_graph(&edges);
    let found = cycles(&graph);
    let _ = fs::remove_dir_all(&dir);

    let a = vec!["core".to_string(), "a".to_string()];
    let b = vec!["core".to_string(), "b".to_string()];
    let core = vec!["core".to_string()];
    let tui = vec!["tui".to_string()];
    // a -> b and b -> a; and one level up, core::a -> tui lifts to core -> tui
    // while tui -> core::A lifts to tui -> core.
    let mut found = found;
    found.sort();
    assert_eq!(
        found,
        vec![vec![core, tui], vec![a.clone(), b.clone()]],
        "{}",
        describe(&graph, &found)
    );
    // Comments, strings and test modules are not edges: only one edge leaves b.
    let from_b: Vec<_> = edges.iter().filter(|(f, _, _)| *f == b).collect();
    assert_eq!(from_b.len(), 1, "{from_b:?}");
    assert_eq!(from_b[0].1, a);
}

/// ARCHITECTURE.md matches the tree: every `src/...` path it names exists,
/// and every top-level module and every module of the core is on its map.
#[test]
fn the_architecture_document_matches_the_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap_or_default();
    assert!(!doc.is_empty(), "ARCHITECTURE.md is missing");
    let mut missing = Vec::new();
    for (at, _) in doc.match_indices("src/") {
        let path: String = doc[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '.'))
            .collect();
        let path = path.trim_end_matches('.');
        if !root.join(path).exists() {
            missing.push(path.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist: {missing:?}"
    );

    let mods = modules(&src_dir());
    let mut unnamed = Vec::new();
    for module in mods.keys() {
        let named = match module.as_slice() {
            [top] => doc.contains(&format!("src/{top}.rs")) || doc.contains(&format!("src/{top}/")),
            [core, child] if core == "core" => {
                doc.contains(&format!("  {child}/")) || doc.contains(&format!("  {child}.rs"))
            }
            _ => true,
        };
        if !named {
            unnamed.push(name(module));
        }
    }
    assert!(
        unnamed.is_empty(),
        "modules missing from ARCHITECTURE.md's map: {unnamed:?}"
    );
}
