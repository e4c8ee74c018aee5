//! Go 1.19's encoder test vectors, for every architecture: each instruction line of a testdata
//! file that carries an expected encoding (read as cmd/asm/internal/asm/endtoend_test.go reads
//! them) must assemble to exactly those bytes, all in one run; each `// ERROR` line of an error
//! file must be rejected at its line, and no other line. What an architecture cannot assemble
//! yet is pinned in `tests/data/<arch>_missing.txt` (`file:line` first on each line): a pinned
//! line may fail (with a diagnostic, never with other bytes), any other must pass, so the counts
//! only go up; `P9ASM_<ARCH>_PIN=1` rewrites the pin from the run.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use p9asm::driver::{AsmOptions, assemble_source};
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

use super::GO_TESTDATA;

/// One architecture's vector files.
pub struct VectorTarget {
    pub goarch: GoArch,
    /// `tests/data/<pin>_missing.txt` and `P9ASM_<PIN>_PIN`.
    pub pin: &'static str,
    /// The level macros `go build` would predefine (arm's `GOARM_<n>`), replacing the
    /// defaults when not empty.
    pub predefined: &'static [&'static str],
}

impl VectorTarget {
    fn pin_file(&self) -> String {
        format!("{}/tests/data/{}_missing.txt", env!("CARGO_MANIFEST_DIR"), self.pin)
    }
    fn pin_env(&self) -> String {
        format!("P9ASM_{}_PIN", self.pin.to_uppercase())
    }
    fn pinning(&self) -> bool {
        std::env::var_os(self.pin_env()).is_some()
    }
}

fn is_hexes(s: &str) -> bool {
    !s.is_empty() && s.len().is_multiple_of(2) && s.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// Lines with an expected encoding: line number -> bytes (as written in the file).
pub fn vectors(src: &str) -> BTreeMap<u32, Vec<u8>> {
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

pub struct Run {
    /// Bytes of each source line's instructions (synthesized ones excluded).
    pub bytes: BTreeMap<u32, Vec<u8>>,
    /// Lines with an error, with the first message.
    pub errors: BTreeMap<u32, String>,
}

/// Assembles a testdata file for `arch` with every error reported (`-e`).
pub fn assemble(t: &VectorTarget, arch: GoArch, name: &str) -> Run {
    let path = format!("{GO_TESTDATA}/{name}");
    let src = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} (install golang-1.19-src)"));
    let mut opts = AsmOptions::new(arch);
    opts.keep_progs = true;
    opts.check_all = true;
    if !t.predefined.is_empty() {
        opts.predefined = t.predefined.iter().map(|d| d.to_string()).collect();
    }
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

/// The pinned `file:line`s.
pub fn pinned(t: &VectorTarget) -> BTreeSet<String> {
    std::fs::read_to_string(t.pin_file())
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Checks the vectors of `name` for `arch`, the expected bytes through `expect` (identity, or
/// the words of a big-endian file stored little-endian). With `strict = Some(codes)`, a line
/// without an encoding must not be rejected either, except with one of `codes`. Returns
/// (matching, total, rejected lines for the pin).
pub fn check(
    t: &VectorTarget,
    arch: GoArch,
    name: &str,
    expect: &dyn Fn(&[u8]) -> Vec<u8>,
    strict: Option<&[&str]>,
) -> (usize, usize, Vec<String>) {
    let src = std::fs::read_to_string(format!("{GO_TESTDATA}/{name}")).unwrap();
    let text: Vec<&str> = src.lines().collect();
    let want = vectors(&src);
    let run = assemble(t, arch, name);
    let pinned = pinned(t);
    let (mut ok, mut missing, mut wrong) = (0, Vec::new(), Vec::new());
    for (line, written) in &want {
        let bytes = expect(written);
        let key = format!("{name}:{line}");
        let got = run.bytes.get(line);
        if got == Some(&bytes) && !run.errors.contains_key(line) {
            ok += 1;
            continue;
        }
        let instr = text[*line as usize - 1].split("//").next().unwrap().trim();
        match run.errors.get(line) {
            Some(e) => missing.push(format!("{key}\t{instr}\t{e}")),
            None => wrong.push(format!(
                "{arch}: {key}: {instr}: want {}, got {}",
                hex(&bytes),
                got.map_or("nothing".into(), |g| hex(g))
            )),
        }
        if !pinned.contains(&key) && run.errors.contains_key(line) && !t.pinning() {
            wrong.push(format!("{arch}: {key}: {instr}: rejected but not pinned: {}", run.errors[line]));
        }
    }
    if let Some(allowed) = strict {
        for (line, e) in &run.errors {
            let allowed = allowed.iter().any(|c| e.starts_with(c));
            if !want.contains_key(line) && !pinned.contains(&format!("{name}:{line}")) && !allowed {
                wrong.push(format!("{arch}: {name}:{line}: rejected: {e}"));
            }
        }
    }
    let what = format!("{name} ({arch}{})", t.predefined.iter().map(|p| format!(", {p}")).collect::<String>());
    assert!(
        wrong.is_empty(),
        "{what}: {} lines with wrong bytes or unpinned failures:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    (ok, want.len(), missing)
}

/// With `P9ASM_<ARCH>_PIN=1`, rewrites the pin from this run's rejected lines.
pub fn write_pin(t: &VectorTarget, missing: &[String]) {
    if !t.pinning() {
        return;
    }
    let mut text = format!(
        "# Go 1.19 {} test vectors p9asm rejects so far (file:line, instruction, diagnostic).\n\
         # Regenerate with {}=1 cargo test -p p9asm --test {}_vectors; the list may only shrink.\n",
        t.pin,
        t.pin_env(),
        t.pin
    );
    for m in missing {
        text.push_str(m);
        text.push('\n');
    }
    std::fs::write(t.pin_file(), text).unwrap();
}

/// Every `// ERROR` line of an error file is rejected at its line (or pinned), and no other
/// line is. Returns (rejected, total).
pub fn check_errors(t: &VectorTarget, name: &str) -> (usize, usize) {
    let src = std::fs::read_to_string(format!("{GO_TESTDATA}/{name}")).unwrap();
    let run = assemble(t, t.goarch, name);
    let pinned = pinned(t);
    let want: BTreeSet<u32> =
        src.lines().enumerate().filter(|(_, l)| l.contains("// ERROR")).map(|(n, _)| n as u32 + 1).collect();
    let mut hit = 0;
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
        }
    }
    let extra: Vec<String> =
        run.errors.iter().filter(|(l, _)| !want.contains(l)).map(|(l, e)| format!("{name}:{l}: {e}")).collect();
    assert!(extra.is_empty(), "lines Go accepts were rejected:\n{}", extra.join("\n"));
    (hit, want.len())
}
