//! Go 1.19's arm64 test vectors: every instruction line of `arm64.s` and `arm64enc.s` that
//! carries an expected encoding (read as cmd/asm/internal/asm/endtoend_test.go reads them)
//! must assemble to exactly those bytes, and every `// ERROR` line of `arm64error.s` must be
//! rejected at that line, in one run, with no other line rejected.
//!
//! What p9asm cannot assemble yet is pinned in `tests/data/arm64_missing.txt` (one
//! `file:line` per line): a pinned line may fail (it must fail with a diagnostic, never with
//! other bytes), any other line must pass, so the counts can only go up. The counts are
//! printed (`cargo test -p p9asm --test arm64_vectors -- --nocapture`).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::GO_TESTDATA;
use p9asm::driver::{AsmOptions, assemble_source};
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

fn is_hexes(s: &str) -> bool {
    !s.is_empty() && s.len().is_multiple_of(2) && s.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// Lines with an expected encoding: line number -> bytes.
fn vectors(src: &str) -> BTreeMap<u32, Vec<u8>> {
    let mut out = BTreeMap::new();
    for (n, line) in src.lines().enumerate() {
        if line.starts_with("#include ") {
            continue;
        }
        let parts: Vec<&str> = line.split("//").collect();
        let printed = parts[0].trim();
        if printed.is_empty() || printed.ends_with(':') {
            continue;
        }
        let hex = match parts.len() {
            2 if is_hexes(parts[1].trim()) => parts[1].trim(),
            3 => parts[2].trim(),
            _ => continue,
        };
        if !is_hexes(hex) {
            continue;
        }
        let bytes = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
        out.insert(n as u32 + 1, bytes);
    }
    out
}

struct Run {
    /// Bytes of each source line's instructions (synthesized pool entries excluded).
    bytes: BTreeMap<u32, Vec<u8>>,
    /// Lines with an error, with the first message.
    errors: BTreeMap<u32, String>,
}

fn assemble(name: &str) -> Run {
    let path = format!("{GO_TESTDATA}/{name}");
    let src = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} (install golang-1.19-src)"));
    let mut opts = AsmOptions::new(GoArch::Arm64);
    opts.keep_progs = true;
    opts.check_all = true;
    opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let out = assemble_source(&path, Some(path.clone().into()), src, &opts, &mut sm, &mut diags);
    let mut errors = BTreeMap::new();
    for d in &diags.list {
        if d.level != p9asm_macros::diag::Level::Error {
            continue;
        }
        if let Some(o) = d.origin {
            let (_, line) = sm.line_of(sm.outermost(o));
            errors.entry(line).or_insert_with(|| format!("{}: {}", d.code, d.message));
        }
    }
    if std::env::var_os("P9ASM_ARM64_DEBUG").is_some() {
        eprintln!("{name}: {} funcs, {} diagnostics", out.funcs.len(), diags.list.len());
        for d in diags.list.iter().take(20) {
            eprintln!("  {}: {}", d.code, d.message);
        }
    }
    let mut bytes: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
    for f in &out.funcs {
        for p in f.func.progs.iter().skip(1) {
            if p.mark & p9asm::prog::mark::SYNTH != 0 || p.size == 0 {
                continue;
            }
            let (_, line) = sm.line_of(sm.outermost(p.origin));
            let b = f.code.bytes.get(p.pc as usize..(p.pc + p.size) as usize).unwrap_or(&[]);
            bytes.entry(line).or_default().extend_from_slice(b);
        }
    }
    Run { bytes, errors }
}

fn pinned() -> BTreeSet<String> {
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/arm64_missing.txt");
    std::fs::read_to_string(p)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

fn check_vectors(name: &str) -> (usize, usize, Vec<String>) {
    let src = std::fs::read_to_string(format!("{GO_TESTDATA}/{name}")).unwrap();
    let text: Vec<&str> = src.lines().collect();
    let want = vectors(&src);
    let run = assemble(name);
    let pinned = pinned();
    let mut ok = 0;
    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    for (line, bytes) in &want {
        let key = format!("{name}:{line}");
        let got = run.bytes.get(line);
        if got == Some(bytes) && !run.errors.contains_key(line) {
            ok += 1;
            continue;
        }
        let instr = text[*line as usize - 1].split("//").next().unwrap().trim();
        match run.errors.get(line) {
            Some(e) => missing.push(format!("{key}\t{instr}\t{e}")),
            None => wrong.push(format!(
                "{key}: {instr}: want {}, got {}",
                hex(bytes),
                got.map_or("nothing".into(), |g| hex(g))
            )),
        }
        if !pinned.contains(&key) && run.errors.contains_key(line) && std::env::var_os("P9ASM_ARM64_PIN").is_none() {
            wrong.push(format!("{key}: {instr}: rejected but not pinned: {}", run.errors[line]));
        }
    }
    assert!(
        wrong.is_empty(),
        "{name}: {} lines with wrong bytes or unpinned failures:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    (ok, want.len(), missing)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn arm64_s_and_arm64enc_s_vectors() {
    let mut all_missing = Vec::new();
    for name in ["arm64.s", "arm64enc.s"] {
        let (ok, total, missing) = check_vectors(name);
        println!("{name}: {ok}/{total} vectors match; {} rejected (pinned)", missing.len());
        all_missing.extend(missing);
    }
    // P9ASM_ARM64_PIN=1 rewrites the pinned list from this run (after porting more of asm7.go)
    if std::env::var_os("P9ASM_ARM64_PIN").is_some() {
        let mut text = String::from(
            "# Go 1.19 arm64 test vectors p9asm rejects so far (file:line, instruction, diagnostic).\n\
             # Regenerate with P9ASM_ARM64_PIN=1 cargo test -p p9asm --test arm64_vectors; the list may only shrink.\n",
        );
        for m in &all_missing {
            text.push_str(m);
            text.push('\n');
        }
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/arm64_missing.txt"), text).unwrap();
    }
}

#[test]
fn arm64error_s_lines_are_rejected() {
    let name = "arm64error.s";
    let src = std::fs::read_to_string(format!("{GO_TESTDATA}/{name}")).unwrap();
    let run = assemble(name);
    let pinned = pinned();
    let mut want = BTreeSet::new();
    for (n, line) in src.lines().enumerate() {
        if line.contains("// ERROR") {
            want.insert(n as u32 + 1);
        }
    }
    let mut hit = 0;
    let mut missing = Vec::new();
    for l in &want {
        if run.errors.contains_key(l) {
            hit += 1;
        } else {
            let key = format!("{name}:{l}");
            assert!(
                pinned.contains(&key),
                "{key}: accepted, but Go rejects it: {}",
                src.lines().nth(*l as usize - 1).unwrap()
            );
            missing.push(key);
        }
    }
    let extra: Vec<String> =
        run.errors.iter().filter(|(l, _)| !want.contains(l)).map(|(l, e)| format!("{name}:{l}: {e}")).collect();
    println!("{name}: {hit}/{} error lines rejected; {} accepted (pinned)", want.len(), missing.len());
    assert!(extra.is_empty(), "lines Go accepts were rejected:\n{}", extra.join("\n"));
}
