//! The shape of the code: no crate of the workspace has a cycle between its top-level
//! modules, and expansion reads no files.
//!
//! A crate's modules are found by following `mod` declarations from its roots (`lib.rs`,
//! `main.rs`, `bin/*.rs`); a top-level module depends on another when its code names it
//! through `crate::` (or through a `super::` that climbs to the crate root), directly or
//! through a name the root re-exports. Comments and string literals are not read. The
//! crate root itself is not a node: it is where the modules are put together.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The workspace root.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every crate of the workspace with a `src/` folder: `crates/*`, `examples/*` and
/// packages nested in an example.
fn crates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for group in ["crates", "examples"] {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(workspace().join(group))
            .expect("the workspace folder is readable")
            .map(|e| e.expect("a readable entry").path())
            .collect();
        dirs.sort();
        while let Some(dir) = dirs.pop() {
            if dir.join("Cargo.toml").is_file() && dir.join("src").is_dir() {
                out.push(dir.clone());
            }
            if let Ok(entries) = std::fs::read_dir(&dir) {
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.join("Cargo.toml").is_file() && path.file_name().is_some_and(|n| n != "target") {
                        dirs.push(path);
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The text with comments, string literals and character literals blanked out (lines kept).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |out: &mut String, s: &[u8]| {
        for &c in s {
            out.push(if c == b'\n' { '\n' } else { ' ' });
        }
    };
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest.starts_with(b"/*") {
            let mut depth = 0usize;
            let mut j = 0;
            while j < rest.len() {
                if rest[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if rest[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, &rest[..j]);
            i += j;
        } else if (rest.starts_with(b"r\"") || rest.starts_with(b"r#") || rest.starts_with(b"br\""))
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
        {
            let start = rest.iter().position(|&c| c == b'r').expect("starts with r") + 1;
            let hashes = rest[start..].iter().take_while(|&&c| c == b'#').count();
            if rest.get(start + hashes) != Some(&b'"') {
                out.push(rest[0] as char);
                i += 1;
                continue;
            }
            let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
            let body = start + hashes + 1;
            let end = rest[body..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(rest.len(), |p| body + p + close.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest[0] == b'"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest[0] == b'\'' {
            // A character literal ('x', '\n', '\u{..}'), not a lifetime ('a).
            let end = if rest.get(1) == Some(&b'\\') {
                rest.iter().skip(2).position(|&c| c == b'\'').map(|p| p + 3)
            } else {
                let width = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                (rest.get(1 + width) == Some(&b'\'')).then_some(2 + width)
            };
            match end {
                Some(end) => {
                    blank(&mut out, &rest[..end]);
                    i += end;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            let width = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&text[i..i + width]);
            i += width;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Path,
    Open,
    Close,
    Other(char),
}

/// Identifiers, `::`, braces and single characters, each with its line.
fn tokens(code: &str) -> Vec<(Token, usize)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = code.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' => line += 1,
            c if c.is_whitespace() => {}
            c if c.is_alphabetic() || c == '_' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push((Token::Ident(code[i..end].to_string()), line));
            }
            ':' if chars.peek().map(|&(_, d)| d) == Some(':') => {
                chars.next();
                out.push((Token::Path, line));
            }
            '{' => out.push((Token::Open, line)),
            '}' => out.push((Token::Close, line)),
            c => out.push((Token::Other(c), line)),
        }
    }
    out
}

/// One source file of a crate and the module path it holds (empty for a root).
struct File {
    path: PathBuf,
    module: Vec<String>,
}

/// The `mod NAME;` declarations of a file (outside inline modules).
fn declared_modules(tokens: &[(Token, usize)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (i, (t, _)) in tokens.iter().enumerate() {
        match t {
            Token::Open => depth += 1,
            Token::Close => depth = depth.saturating_sub(1),
            Token::Ident(kw) if kw == "mod" && depth == 0 => {
                if let (Some((Token::Ident(name), _)), Some((Token::Other(';'), _))) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                {
                    out.push(name.clone());
                }
            }
            _ => {}
        }
    }
    out
}

/// Every file of the crate rooted at `root`, following `mod` declarations.
fn module_files(root: &Path) -> Vec<File> {
    let mut files = Vec::new();
    let mut queue =
        vec![(root.to_path_buf(), Vec::<String>::new(), root.parent().expect("a folder").to_path_buf())];
    while let Some((path, module, children_dir)) = queue.pop() {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for name in declared_modules(&tokens(&code_only(&text))) {
            let flat = children_dir.join(format!("{name}.rs"));
            let nested = children_dir.join(&name).join("mod.rs");
            let (file, dir) = if flat.is_file() {
                (flat, children_dir.join(&name))
            } else if nested.is_file() {
                (nested, children_dir.join(&name))
            } else {
                panic!("{}: module `{name}` has no file", path.display());
            };
            let mut child = module.clone();
            child.push(name);
            queue.push((file, child, dir));
        }
        files.push(File { path, module });
    }
    files
}

/// The top-level module each name the crate root imports or re-exports comes from.
fn root_names(tokens: &[(Token, usize)], modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].0 {
            Token::Open => depth += 1,
            Token::Close => depth = depth.saturating_sub(1),
            Token::Ident(kw) if kw == "use" && depth == 0 => {
                let end = tokens[i..]
                    .iter()
                    .position(|(t, _)| *t == Token::Other(';'))
                    .map_or(tokens.len(), |p| i + p);
                let statement: Vec<&Token> = tokens[i + 1..end].iter().map(|(t, _)| t).collect();
                let mut at = 0;
                while matches!(statement.get(at), Some(Token::Ident(s)) if s == "crate" || s == "self")
                    && statement.get(at + 1) == Some(&&Token::Path)
                {
                    at += 2;
                }
                if let Some(Token::Ident(first)) = statement.get(at) {
                    if modules.contains(first) {
                        // Every name the statement brings in: the last identifier before
                        // each `,`, `}` or the end, or the alias after `as`.
                        let mut last: Option<&str> = None;
                        for t in &statement[at..] {
                            match t {
                                Token::Ident(s) if s != "as" && s != "self" => last = Some(s),
                                Token::Other(',') | Token::Close => {
                                    if let Some(name) = last.take() {
                                        names.insert(name.to_string(), first.clone());
                                    }
                                }
                                _ => {}
                            }
                        }
                        if let Some(name) = last {
                            names.insert(name.to_string(), first.clone());
                        }
                    }
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    names
}

/// The first identifiers of a path that continues at `tokens[at]`: one, or the first
/// of each item of a `{...}` group.
fn heads(tokens: &[(Token, usize)], at: usize) -> Vec<String> {
    match tokens.get(at) {
        Some((Token::Ident(name), _)) => vec![name.clone()],
        Some((Token::Open, _)) => {
            let mut out = Vec::new();
            let mut depth = 0usize;
            let mut expect = true;
            for (t, _) in &tokens[at..] {
                match t {
                    Token::Open => {
                        depth += 1;
                        if depth > 1 {
                            expect = false;
                        }
                    }
                    Token::Close => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Token::Other(',') if depth == 1 => expect = true,
                    Token::Ident(name) if expect && depth == 1 => {
                        out.push(name.clone());
                        expect = false;
                    }
                    _ => {}
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// Dependencies between the top-level modules of one crate: (from, to) → where first seen.
fn edges(root: &Path) -> BTreeMap<(String, String), String> {
    let files = module_files(root);
    let root_tokens = tokens(&code_only(&std::fs::read_to_string(root).expect("the root is readable")));
    let mut modules: BTreeSet<String> = declared_modules(&root_tokens).into_iter().collect();
    // Inline modules of the root (`pub mod prelude { ... }`) are top-level modules too.
    for w in root_tokens.windows(3) {
        if let [(Token::Ident(kw), _), (Token::Ident(name), _), (Token::Open, _)] = w {
            if kw == "mod" {
                modules.insert(name.clone());
            }
        }
    }
    let names = root_names(&root_tokens, &modules);
    let resolve = |head: &str| -> Option<String> {
        if modules.contains(head) {
            Some(head.to_string())
        } else {
            names.get(head).cloned()
        }
    };
    let mut out = BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(&file.path).expect("a module file is readable");
        let toks = tokens(&code_only(&text));
        // Inline modules (`mod tests { ... }`) nest the module path within the file.
        let mut inline: Vec<(String, usize)> = Vec::new();
        let mut depth = 0usize;
        let mut i = 0;
        while i < toks.len() {
            let module: Vec<String> =
                file.module.iter().cloned().chain(inline.iter().map(|(n, _)| n.clone())).collect();
            match &toks[i].0 {
                Token::Open => depth += 1,
                Token::Close => {
                    depth = depth.saturating_sub(1);
                    if inline.last().is_some_and(|(_, d)| *d == depth) {
                        inline.pop();
                    }
                }
                Token::Ident(kw) if kw == "mod" => {
                    if let (Some((Token::Ident(name), _)), Some((Token::Open, _))) =
                        (toks.get(i + 1), toks.get(i + 2))
                    {
                        inline.push((name.clone(), depth));
                        depth += 1;
                        i += 3;
                        continue;
                    }
                }
                Token::Ident(kw)
                    if (kw == "crate" || kw == "super")
                        && toks.get(i + 1).map(|t| &t.0) == Some(&Token::Path) =>
                {
                    let after_dollar = i > 0 && toks[i - 1].0 == Token::Other('$');
                    let mut at = i;
                    let mut level = module.len();
                    if kw == "super" {
                        while matches!(&toks.get(at).map(|t| &t.0), Some(Token::Ident(s)) if s == "super")
                            && toks.get(at + 1).map(|t| &t.0) == Some(&Token::Path)
                        {
                            level = level.saturating_sub(1);
                            at += 2;
                        }
                    } else {
                        level = 0;
                        at += 2;
                    }
                    let Some(from) = module.first() else {
                        i = at;
                        continue;
                    };
                    if level == 0 && !after_dollar {
                        for head in heads(&toks, at) {
                            if let Some(to) = resolve(&head) {
                                if &to != from {
                                    let seen = format!("{}:{}", file.path.display(), toks[i].1);
                                    out.entry((from.clone(), to)).or_insert(seen);
                                }
                            }
                        }
                    }
                    i = at;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

/// The cycles among the modules: one example path per strongly connected group.
fn cycles(edges: &BTreeMap<(String, String), String>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = edges.keys().flat_map(|(a, b)| [a, b]).collect();
    let next =
        |n: &String| -> Vec<&String> { edges.keys().filter(|(a, _)| a == n).map(|(_, b)| b).collect() };
    let reaches = |from: &String, to: &String| -> Option<Vec<String>> {
        // Breadth-first, for the shortest way back.
        let mut seen: BTreeMap<&String, &String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from]);
        while let Some(n) = queue.pop_front() {
            for m in next(n) {
                if seen.contains_key(m) {
                    continue;
                }
                seen.insert(m, n);
                if m == to {
                    let mut path = vec![to.clone()];
                    let mut at = to;
                    while at != from || path.len() == 1 {
                        at = seen[at];
                        path.push(at.clone());
                        if at == from {
                            break;
                        }
                    }
                    path.reverse();
                    return Some(path);
                }
                queue.push_back(m);
            }
        }
        None
    };
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut covered: BTreeSet<String> = BTreeSet::new();
    for n in nodes {
        if covered.contains(n) {
            continue;
        }
        if let Some(path) = reaches(n, n) {
            covered.extend(path.iter().cloned());
            out.push(path);
        }
    }
    out
}

#[test]
fn no_crate_has_a_module_cycle() {
    let mut problems = Vec::new();
    let mut roots_seen = 0;
    for krate in crates() {
        let src = krate.join("src");
        let mut roots: Vec<PathBuf> =
            ["lib.rs", "main.rs"].iter().map(|r| src.join(r)).filter(|p| p.is_file()).collect();
        if let Ok(bins) = std::fs::read_dir(src.join("bin")) {
            roots.extend(
                bins.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "rs")),
            );
        }
        for root in roots {
            roots_seen += 1;
            let edges = edges(&root);
            for cycle in cycles(&edges) {
                let steps: Vec<String> = cycle
                    .windows(2)
                    .map(|w| format!("  {} -> {} ({})", w[0], w[1], edges[&(w[0].clone(), w[1].clone())]))
                    .collect();
                problems.push(format!("{}: {}\n{}", root.display(), cycle.join(" -> "), steps.join("\n")));
            }
        }
    }
    assert!(roots_seen > 10, "found only {roots_seen} crate roots");
    assert!(problems.is_empty(), "module cycles:\n{}", problems.join("\n"));
}

/// The checker itself: a cycle through `crate::`, a re-exported name and `super::` is
/// found and named; a one-way graph is not.
#[test]
fn the_cycle_check_finds_a_cycle_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("b")).unwrap();
    std::fs::write(src.join("lib.rs"), "mod a;\nmod b;\nmod c;\npub use c::Thing;\n").unwrap();
    std::fs::write(
        src.join("a.rs"),
        "// crate::c is only a comment\nuse crate::b::B;\nconst S: &str = \"crate::c\";\n",
    )
    .unwrap();
    std::fs::write(src.join("b/mod.rs"), "mod inner;\npub struct B;\n").unwrap();
    std::fs::write(src.join("b/inner.rs"), "fn f() -> crate::Thing { super::super::c::make() }\n").unwrap();
    std::fs::write(src.join("c.rs"), "pub struct Thing;\npub fn make() -> Thing { Thing }\n").unwrap();
    let one_way = edges(&src.join("lib.rs"));
    let pairs: Vec<(&str, &str)> = one_way.keys().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(pairs, [("a", "b"), ("b", "c")]);
    assert!(cycles(&one_way).is_empty());

    std::fs::write(src.join("c.rs"), "pub struct Thing;\npub fn make() -> Thing { crate::a::f(); Thing }\n")
        .unwrap();
    let found = cycles(&edges(&src.join("lib.rs")));
    assert_eq!(found, [vec!["a".to_string(), "b".into(), "c".into(), "a".into()]]);
}

/// Expansion is a pure function of the model and the packaged assets: no file system,
/// no process, no environment anywhere under `expand/`.
#[test]
fn expand_reads_no_files() {
    let dir = workspace().join("crates/formwork/src/expand");
    let mut offending = Vec::new();
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let text = code_only(&std::fs::read_to_string(entry.path()).unwrap());
        files += 1;
        for needle in [
            "std::fs",
            "fs::",
            "std::process",
            "Command",
            "std::env",
            "File::",
            "canonicalize",
            "package_dir",
            "rust::build",
            "read_dir",
        ] {
            if text.contains(needle) {
                offending.push(format!("{}: {needle}", entry.path().display()));
            }
        }
    }
    assert!(files > 5, "expand/ has only {files} files");
    assert!(offending.is_empty(), "expand/ touches the outside world:\n{}", offending.join("\n"));
}
