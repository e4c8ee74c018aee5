//! Go 1.19's 386 test vectors: every instruction line of `386enc.s` that carries an expected
//! encoding (read as cmd/asm/internal/asm/endtoend_test.go reads them) must assemble to
//! exactly those bytes, and every instruction line of `386.s` (whose comments are Go's
//! listing, not bytes; its bytes are compared with Go's in `x86_encode_diff`) must be
//! accepted, except the lines pinned in `tests/data/i386_missing.txt` (`file:line`, the
//! instruction and the diagnostic), which must be rejected with a diagnostic. Go has no
//! `386error.s`. The counts are printed (`-- --nocapture`).

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
        let parts: Vec<&str> = line.split("//").collect();
        let printed = parts[0].trim();
        if printed.is_empty() || printed.ends_with(':') || line.starts_with('#') {
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
    /// Bytes of each source line's instructions.
    bytes: BTreeMap<u32, Vec<u8>>,
    /// Lines with an error, with the first message.
    errors: BTreeMap<u32, String>,
}

fn assemble(name: &str) -> Run {
    let path = format!("{GO_TESTDATA}/{name}");
    let src = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} (install golang-1.19-src)"));
    let mut opts = AsmOptions::new(GoArch::I386);
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
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/i386_missing.txt");
    std::fs::read_to_string(p)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn i386enc_s_vectors_and_386_s_lines() {
    let pinned = pinned();
    let mut problems = Vec::new();
    let mut rejected = Vec::new();
    // 386enc.s: the expected bytes
    let name = "386enc.s";
    let src = std::fs::read_to_string(format!("{GO_TESTDATA}/{name}")).unwrap();
    let text: Vec<&str> = src.lines().collect();
    let want = vectors(&src);
    let run = assemble(name);
    let mut ok = 0;
    for (line, bytes) in &want {
        let key = format!("{name}:{line}");
        let instr = text[*line as usize - 1].split("//").next().unwrap().trim();
        match (run.bytes.get(line), run.errors.get(line)) {
            (Some(got), None) if got == bytes => ok += 1,
            (_, Some(e)) => {
                rejected.push(format!("{key}\t{instr}\t{e}"));
                if !pinned.contains(&key) {
                    problems.push(format!("{key}: {instr}: rejected but not pinned: {e}"));
                }
            }
            (got, None) => problems.push(format!(
                "{key}: {instr}: want {}, got {}",
                hex(bytes),
                got.map_or("nothing".into(), |g| hex(g))
            )),
        }
    }
    println!("{name}: {ok}/{} vectors match", want.len());
    assert!(want.len() >= 20, "only {} vectors in {name}", want.len());
    // 386.s: every instruction line is accepted, or pinned and rejected
    let name = "386.s";
    let src = std::fs::read_to_string(format!("{GO_TESTDATA}/{name}")).unwrap();
    let run = assemble(name);
    let mut lines = 0;
    let mut accepted = 0;
    for (n, l) in src.lines().enumerate() {
        let code = l.split("//").next().unwrap().trim();
        if !l.starts_with('\t') || code.is_empty() || code.ends_with(':') {
            continue;
        }
        lines += 1;
        let key = format!("{name}:{}", n + 1);
        match run.errors.get(&(n as u32 + 1)) {
            None => {
                accepted += 1;
                if pinned.contains(&key) {
                    problems.push(format!("{key}: {code}: pinned as rejected, but accepted (unpin it)"));
                }
            }
            Some(e) => {
                rejected.push(format!("{key}\t{code}\t{e}"));
                if !pinned.contains(&key) {
                    problems.push(format!("{key}: {code}: rejected but not pinned: {e}"));
                }
            }
        }
    }
    println!("{name}: {accepted}/{lines} instruction lines accepted; {} rejected (pinned)", lines - accepted);
    if std::env::var_os("P9ASM_I386_PIN").is_some() {
        let mut text = String::from(
            "# Go 1.19 386 testdata lines p9asm rejects (file:line, instruction, diagnostic).\n\
             # Regenerate with P9ASM_I386_PIN=1 cargo test -p p9asm --test i386_vectors; the list may only shrink.\n",
        );
        for m in &rejected {
            text.push_str(m);
            text.push('\n');
        }
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/i386_missing.txt"), text).unwrap();
        return;
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
