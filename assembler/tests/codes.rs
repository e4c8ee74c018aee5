//! Every diagnostic code used in the sources is in the catalogue, and every catalogue entry is
//! documented in the book's diagnostics chapter.

use std::path::Path;

fn walk(dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(std::fs::read_to_string(&p).unwrap());
        }
    }
}

fn codes_in(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut v = Vec::new();
    for i in 0..b.len().saturating_sub(6) {
        if b[i] == b'"'
            && (b[i + 1] == b'E' || b[i + 1] == b'W')
            && b[i + 2..i + 6].iter().all(u8::is_ascii_digit)
            && b[i + 6] == b'"'
        {
            v.push(text[i + 1..i + 6].to_string());
        }
    }
    v
}

#[test]
fn codes_are_catalogued_and_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut sources = Vec::new();
    walk(&root.join("assembler/src"), &mut sources);
    walk(&root.join("macros/src"), &mut sources);
    let catalogue: Vec<&str> = p9asm_macros::diag::CODES.iter().map(|c| c.0).collect();
    for s in &sources {
        for c in codes_in(s) {
            assert!(catalogue.contains(&c.as_str()), "code {c} is used but not in diag::CODES");
        }
    }
    let book = std::fs::read_to_string(root.join("book/src/diagnostics.md")).unwrap();
    for c in &catalogue {
        assert!(book.contains(&format!("`{c}`")), "code {c} is not documented in book/src/diagnostics.md");
    }
    let mut sorted = catalogue.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), catalogue.len(), "duplicate codes in diag::CODES");
}

/// The text of `const NAME: ... = &[ ... ];` in `src` (up to the first line that is just `];`).
fn const_block<'a>(src: &'a str, name: &str) -> &'a str {
    let start = src.find(&format!("const {name}: ")).unwrap_or_else(|| panic!("every_code.rs has no {name}"));
    let len = src[start..].find("\n];").unwrap_or_else(|| panic!("{name} is not closed by a line `];`"));
    &src[start..start + len]
}

#[test]
fn every_code_has_a_producing_input_or_a_reason() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/every_code.rs")).unwrap();
    let table = codes_in(const_block(&text, "TABLE"));
    let reserved = codes_in(const_block(&text, "RESERVED"));
    for (c, _) in p9asm_macros::diag::CODES {
        assert!(
            table.iter().any(|t| t == c) || reserved.iter().any(|r| r == c),
            "code {c} has no input in tests/every_code.rs TABLE and no reason in its RESERVED list"
        );
    }
}
