//! The code's layout (issue 10): no top-level module imports one that imports it back, so the
//! pipeline reads one way: leaf helpers, then parse, site, render, write, pipeline.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::harness::repo;

/// The top-level modules each module of `src/` names through `crate::`, outside its tests.
fn module_imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let src = repo().join("src");
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("main.rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap();
        let module = module_of(relative);
        let text = fs::read_to_string(path).unwrap();
        // Code outside the tests; a doc comment that links a module does not import it.
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or("")
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let named = imports.entry(module.clone()).or_default();
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                named.insert(name);
            }
        }
    }
    imports
}

fn module_of(relative: &Path) -> String {
    let first = relative.components().next().unwrap();
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_owned()
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let imports = module_imports();
    assert!(imports.contains_key("parse") && imports.contains_key("render"));
    let mut cycles = Vec::new();
    for (module, named) in &imports {
        for other in named {
            if module < other && imports.get(other).is_some_and(|back| back.contains(module)) {
                cycles.push(format!("{module} <-> {other}"));
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "modules that import each other: {cycles:?}"
    );
    // Rendering and the diff never reach into the parser: what they share is a leaf module.
    for module in ["render", "diff"] {
        assert!(!imports[module].contains("parse"), "{module} imports parse");
    }
    // The model is plain data: it names no module but the leaf types it is made of, and no
    // HTML helper.
    let model: Vec<&String> = imports["model"].iter().collect();
    assert_eq!(model, ["date"], "the model imports {model:?}");
}
