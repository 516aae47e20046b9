//! Structure checks on the crate's own source, so that what was untangled stays untangled:
//!
//! - the modules import *downwards only*, in the layer order declared in [`LAYERS`]
//!   (request description and building → sending → handles → helpers), so the module
//!   graph has no cycles;
//! - no function of the fake platform (`src/testing/`) is longer than
//!   [`MAX_TESTING_FN_LINES`] lines.
//!
//! Both read `src/` as text: comments and string literals are blanked out first, then
//! every `crate::<module>` (and `$crate::`) reference counts as an import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules of `src/`, lowest layer first. A module may refer only to modules
/// listed *before* it; a new module must be added here, in its layer.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundation: generated clients, limits, kinds, types, errors, formats, names",
        &[
            "raw", "limits", "list", "resource", "types", "error", "format", "yaml", "name",
            "patch",
        ],
    ),
    ("request description and building (pure)", &["request"]),
    (
        "sending: retries, configuration (auth, timeouts), the one send with tracing",
        &["retry", "client", "send"],
    ),
    (
        "handles (and the reports read through them)",
        &[
            "api",
            "platform",
            "with_cr",
            "usage",
            "compat",
            "savepoint_format",
        ],
    ),
    (
        "helpers: waits, lifecycle, events, read-modify-write, plan and apply",
        &[
            "wait",
            "lifecycle",
            "stop",
            "follow",
            "modify",
            "plan",
            "apply",
        ],
    ),
    ("the fake platform for tests", &["testing"]),
];

/// The longest a function in `src/testing/` may be, in lines (signature to closing brace).
const MAX_TESTING_FN_LINES: usize = 80;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// `text` with comments, string literals and char literals replaced by spaces (newlines
/// kept, so line numbers stay).
fn blank_literals(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < c.len() {
        let at = |i: usize, k: usize| c.get(i + k).copied();
        match c[i] {
            '/' if at(i, 1) == Some('/') => {
                while i < c.len() && c[i] != '\n' {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
            '/' if at(i, 1) == Some('*') => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && at(i, 1) == Some('*') {
                        depth += 1;
                        out.push_str("  ");
                        i += 2;
                    } else if c[i] == '*' && at(i, 1) == Some('/') {
                        depth -= 1;
                        out.push_str("  ");
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        blank(&mut out, c[i]);
                        i += 1;
                    }
                }
            }
            'r' if (at(i, 1) == Some('"') || at(i, 1) == Some('#'))
                && !c
                    .get(i.wrapping_sub(1))
                    .is_some_and(|p| p.is_alphanumeric() || *p == '_') =>
            {
                // A raw string r"..." / r#"..."#, or the raw identifier r#name.
                let mut hashes = 0;
                while at(i, 1 + hashes) == Some('#') {
                    hashes += 1;
                }
                if at(i, 1 + hashes) != Some('"') {
                    out.push(c[i]);
                    i += 1;
                    continue;
                }
                let open = 2 + hashes;
                for _ in 0..open {
                    out.push(' ');
                }
                i += open;
                while i < c.len() {
                    if c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#')) {
                        for _ in 0..=hashes {
                            out.push(' ');
                        }
                        i += 1 + hashes;
                        break;
                    }
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
            '"' => {
                out.push(' ');
                i += 1;
                while i < c.len() && c[i] != '"' {
                    if c[i] == '\\' {
                        blank(&mut out, c[i]);
                        i += 1;
                    }
                    if i < c.len() {
                        blank(&mut out, c[i]);
                        i += 1;
                    }
                }
                out.push(' ');
                i += 1;
            }
            '\'' if at(i, 1) == Some('\\') => {
                // '\n', '\'', '\u{7b}'
                out.push(' ');
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    blank(&mut out, c[i]);
                    i += 1;
                }
                out.push_str("  ");
                i += 1;
            }
            '\'' if at(i, 2) == Some('\'') => {
                out.push_str("   ");
                i += 3;
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// The top-level module a file under `src/` belongs to (`None` for `lib.rs`).
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src_dir()).expect("under src");
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    if first == "lib.rs" {
        return None;
    }
    Some(first.trim_end_matches(".rs").to_owned())
}

/// The identifiers after every `crate::` (a group `crate::{a, b::c}` gives `a` and `b`).
fn crate_refs(code: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|ch| ch.is_alphanumeric() || *ch == '_')
            .collect()
    };
    let mut refs = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|ch| ch.is_alphanumeric() || ch == '_') {
            continue; // e.g. `my_crate::`
        }
        let rest = code[at + "crate::".len()..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            refs.extend(
                group
                    .split(',')
                    .map(|p| ident(p.trim()))
                    .filter(|p| !p.is_empty()),
            );
        } else {
            refs.push(ident(rest));
        }
    }
    refs
}

/// Names re-exported at the crate root (`pub use module::{A, B};` in lib.rs) → module.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for stmt in lib.split(';') {
        let Some(rest) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        let names = names.trim().trim_start_matches('{').trim_end_matches('}');
        for name in names.split(',') {
            let name = name.trim();
            let name = name.rsplit("::").next().unwrap_or(name);
            let name = name.rsplit(" as ").next().unwrap_or(name).trim();
            if !name.is_empty() {
                map.insert(name.to_owned(), module.trim().to_owned());
            }
        }
    }
    map
}

/// module → the modules it refers to, from the source text.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(f)).collect();
    let lib = blank_literals(&std::fs::read_to_string(src_dir().join("lib.rs")).expect("lib.rs"));
    let reexports = root_reexports(&lib);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(from) = module_of(file) else {
            continue;
        };
        let code = blank_literals(&std::fs::read_to_string(file).expect("read source"));
        let edges = graph.entry(from.clone()).or_default();
        for name in crate_refs(&code) {
            let to = if modules.contains(&name) {
                name.clone()
            } else if let Some(m) = reexports.get(&name) {
                m.clone()
            } else {
                panic!(
                    "{}: `crate::{name}` is neither a module nor re-exported at the root",
                    file.display()
                )
            };
            if to != from {
                edges.insert(to);
            }
        }
    }
    graph
}

#[test]
fn modules_import_downwards_only() {
    let order: Vec<&str> = LAYERS.iter().flat_map(|(_, m)| m.iter().copied()).collect();
    let rank = |m: &str| order.iter().position(|x| *x == m);
    let graph = module_graph();
    let mut problems = Vec::new();
    for module in graph.keys() {
        if rank(module).is_none() {
            problems.push(format!(
                "module `{module}` is not placed in a layer (tests/code_structure.rs LAYERS)"
            ));
        }
    }
    for (from, tos) in &graph {
        for to in tos {
            if let (Some(a), Some(b)) = (rank(from), rank(to)) {
                if b >= a {
                    problems.push(format!("`{from}` imports `{to}`, which is not below it"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "layering broken:\n  {}\ngraph: {graph:#?}",
        problems.join("\n  ")
    );
}

#[test]
fn module_graph_has_no_cycles() {
    // Independent of the declared order: a depth-first search for a back edge.
    let graph = module_graph();
    fn visit<'a>(
        node: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<&'a str, bool>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(true) => return None,
            Some(false) => {
                let start = stack.iter().position(|n| *n == node).unwrap_or(0);
                let mut cycle: Vec<String> = stack[start..].iter().map(|s| s.to_string()).collect();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            None => {}
        }
        state.insert(node, false);
        stack.push(node);
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, state, stack) {
                return Some(c);
            }
        }
        stack.pop();
        state.insert(node, true);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, &graph, &mut state, &mut Vec::new()) {
            panic!("module cycle: {}", cycle.join(" -> "));
        }
    }
}

/// `(first line, length in lines, signature)` of every function in `code` with a body.
fn functions(code: &str) -> Vec<(usize, usize, String)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(pos) = words.iter().position(|w| *w == "fn") else {
            continue;
        };
        // Only an item: `fn` preceded by nothing but qualifiers (`pub(crate) async fn`).
        let qualifiers = &words[..pos];
        if !qualifiers
            .iter()
            .all(|w| w.starts_with("pub") || matches!(*w, "async" | "const" | "unsafe" | "extern"))
        {
            continue;
        }
        let mut depth = 0i64;
        let mut opened = false;
        'scan: for (n, l) in lines.iter().enumerate().skip(start) {
            for ch in l.chars() {
                match ch {
                    ';' if !opened => break 'scan, // a declaration without a body
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => {
                        depth -= 1;
                        if opened && depth == 0 {
                            found.push((start + 1, n - start + 1, line.trim().to_owned()));
                            break 'scan;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    found
}

#[test]
fn the_function_scanner_measures_functions() {
    let code = "fn a() {\n    let s = \"}\";\n    if x { y() }\n}\npub(crate) async fn b(\n    x: u8,\n) -> u8 {\n    x\n}\ntrait T {\n    fn c(&self);\n}\n";
    let found = functions(&blank_literals(code));
    let lens: Vec<(usize, usize)> = found.iter().map(|(s, l, _)| (*s, *l)).collect();
    assert_eq!(lens, vec![(1, 4), (5, 5)]);
    assert_eq!(
        crate_refs("use crate::{a::X, b};\n$crate::c::m!(); my_crate::d"),
        ["a", "b", "c"]
    );
}

#[test]
fn fake_platform_functions_are_short() {
    let mut files = Vec::new();
    rust_files(&src_dir().join("testing"), &mut files);
    assert!(!files.is_empty(), "src/testing has no files");
    let mut long = Vec::new();
    for file in files {
        let code = blank_literals(&std::fs::read_to_string(&file).expect("read source"));
        for (line, len, sig) in functions(&code) {
            if len > MAX_TESTING_FN_LINES {
                long.push(format!("{}:{line}: {len} lines: {sig}", file.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions in src/testing longer than {MAX_TESTING_FN_LINES} lines:\n  {}",
        long.join("\n  ")
    );
}
