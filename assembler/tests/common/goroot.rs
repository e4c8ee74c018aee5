//! The GOROOT differential every architecture runs (tests/<arch>_goroot.rs): every `.s` file of
//! Go 1.19's GOROOT/src that `go build` assembles for GOOS=linux and the architecture, assembled
//! by Go (`go tool asm -S`) and by p9asm (`p9asm asm -S`) with exactly the flags `go build`
//! passes, found as `go build -n -a` prints the assembler commands of the packages `go list std
//! cmd` shows with `.s` files (CGO_ENABLED=0): `-p <import path>` (`main` for commands), `-I
//! <objdir> -I $GOROOT/pkg/include -D GOOS_linux -D GOARCH_<arch>` and the level macros,
//! `-compiling-runtime` for the runtime's packages. The objdir holds the package's `go_asm.h`,
//! made by `go build -a -work`. The files only a cgo, `-race` or boringcrypto build assembles
//! (`runtime/cgo/asm_<arch>.s`, `race_<arch>.s`, `sync/atomic/race.s`, `fipstls/stub.s`) are
//! collected from those builds' scripts too. Each symbol's bytes and relocation lines are compared; every
//! file's result is pinned in `tests/data/<arch>_goroot.txt`, and a file may only move up
//! (`differing` → `rejected` → `identical`); the pin variable rewrites the list.
#![allow(dead_code)]

/// One architecture's run.
pub struct Target {
    pub goarch: &'static str,
    /// Environment for both assemblers (`GOAMD64=v1`).
    pub env: &'static [(&'static str, &'static str)],
    /// `-D` macros `go build` passes besides GOOS/GOARCH (`GOAMD64_v1`).
    pub defines: &'static [&'static str],
    /// The variable that rewrites the pinned list.
    pub pin_env: &'static str,
    pub pins: &'static str,
    /// Fewer files than this means the Go sources are missing.
    pub min_files: usize,
    /// Flags both assemblers get on top of `go build`'s (`-shared`, as `-buildmode=c-shared`
    /// passes it).
    pub extra: &'static [&'static str],
}

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::common::{GO, Listed, oracle_available, parse_listing};

const GOROOT: &str = "/usr/lib/go-1.19";
const INCLUDE: &str = "/usr/lib/go-1.19/pkg/include";
/// Go's content-addressed name of the empty locals bitmap: its two 4-byte words in little- and
/// in big-endian order.
const GCLOCALS_NO_POINTERS: [&str; 2] = ["gclocals·J5F+7Qw7O7ve2QcWC7DpeQ==", "gclocals·YRr1FYGtDoI3+Ld0QpzhyQ=="];

fn go(t: &Target) -> Command {
    let mut c = Command::new(GO);
    c.env("GOOS", "linux")
        .env("GOARCH", t.goarch)
        .envs(t.env.iter().copied())
        .env("CGO_ENABLED", "0")
        .env("GOFLAGS", "")
        .env("GOCACHE", std::env::temp_dir().join(format!("p9asm-gocache-{}", t.goarch)));
    c
}

fn output(mut c: Command) -> (String, String) {
    let o = c.output().unwrap_or_else(|e| panic!("{c:?}: {e}"));
    assert!(o.status.success(), "{c:?} failed:\n{}", String::from_utf8_lossy(&o.stderr));
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// One `go tool asm` run of `go build`: the file (relative to GOROOT/src) and its flags
/// besides -trimpath, the -I/-D that every file gets, and -o.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Job {
    file: String,
    pkg: String,
    extra: Vec<String>,
}

/// The configurations whose assembler commands are collected: cgo off (the default build),
/// then the files only other builds assemble: cgo on with `-race` where Go has a race
/// runtime (`runtime/cgo`'s `asm_<arch>.s`, `race_<arch>.s`, `sync/atomic/race.s`), and
/// `GOEXPERIMENT=boringcrypto` (`crypto/internal/boring/fipstls/stub.s`). A file keeps the
/// flags of the first configuration that assembles it.
/// One build configuration: its environment, its `go build` flags, packages it adds.
struct Configuration {
    env: &'static [(&'static str, &'static str)],
    flags: Vec<&'static str>,
    packages: Vec<&'static str>,
}

fn configurations(t: &Target) -> Vec<Configuration> {
    let race = matches!(t.goarch, "amd64" | "arm64" | "ppc64le" | "s390x");
    vec![
        Configuration { env: &[], flags: vec![], packages: vec![] },
        Configuration {
            env: &[("CGO_ENABLED", "1")],
            flags: if race { vec!["-race"] } else { vec![] },
            packages: vec!["runtime/cgo"],
        },
        Configuration {
            env: &[("GOEXPERIMENT", "boringcrypto")],
            flags: vec![],
            packages: vec!["crypto/internal/boring/fipstls"],
        },
    ]
}

/// The generator: `go list` for the packages with `.s` files, `go build -n -a` for the
/// commands it would run, in each configuration.
fn jobs(t: &Target) -> Vec<Job> {
    let mut c = go(t);
    c.args(["list", "-e", "-f", "{{if .SFiles}}{{.ImportPath}}{{end}}", "std", "cmd"]);
    let (pkgs, _) = output(c);
    let pkgs: Vec<&str> = pkgs.lines().filter(|l| !l.is_empty()).collect();
    let mut out: Vec<Job> = Vec::new();
    for cfg in configurations(t) {
        let mut c = go(t);
        c.envs(cfg.env.iter().copied()).args(["build", "-n", "-a"]).args(&cfg.flags).args(&pkgs).args(&cfg.packages);
        let (_, script) = output(c);
        for job in script_jobs(t, &script) {
            if !out.iter().any(|j| j.file == job.file) {
                out.push(job);
            }
        }
    }
    out.sort();
    out
}

/// The assembler commands of a `go build -n` script.
fn script_jobs(t: &Target, script: &str) -> Vec<Job> {
    let src = format!("{GOROOT}/src/");
    let mut dir = String::new();
    let mut out = Vec::new();
    for line in script.lines() {
        if let Some(d) = line.strip_prefix("cd ") {
            dir = d.to_string();
            continue;
        }
        let w: Vec<&str> = line.split_whitespace().collect();
        if w.first().is_none_or(|t| !t.ends_with("/asm")) || w.contains(&"-gensymabis") {
            continue;
        }
        let mut pkg = String::new();
        let mut extra = Vec::new();
        let mut i = 1;
        while i < w.len() - 1 {
            match w[i] {
                "-p" => {
                    pkg = w[i + 1].to_string();
                    i += 2;
                }
                "-trimpath" | "-o" => i += 2,
                "-I" | "-D" => {
                    let v = w[i + 1];
                    let given = v.starts_with("$WORK/")
                        || v == INCLUDE
                        || v == "GOOS_linux"
                        || v == format!("GOARCH_{}", t.goarch)
                        || t.defines.contains(&v);
                    if !given {
                        // a configuration's own macro (GOEXPERIMENT_boringcrypto): passed on
                        assert!(
                            w[i] == "-D" && v.starts_with("GOEXPERIMENT_"),
                            "unexpected flag {} {v} in: {line}",
                            w[i]
                        );
                        extra.extend(["-D".to_string(), v.to_string()]);
                    }
                    i += 2;
                }
                f => {
                    extra.push(f.to_string());
                    i += 1;
                }
            }
        }
        let file = w[w.len() - 1].trim_start_matches("./");
        let rel = dir.strip_prefix(&src).unwrap_or_else(|| panic!("{dir} is not under {src}"));
        out.push(Job { file: format!("{rel}/{file}"), pkg, extra });
    }
    out
}

/// `go_asm.h` of each package that includes it, made as `go build` makes it: the objdir of
/// each such package (import path → directory).
fn objdirs(t: &Target, jobs: &[Job]) -> (BTreeMap<String, PathBuf>, Option<PathBuf>) {
    let mut need: Vec<&str> = jobs
        .iter()
        .filter(|j| {
            let text = std::fs::read_to_string(format!("{GOROOT}/src/{}", j.file)).unwrap();
            text.lines().any(|l| l.trim_start().starts_with("#include") && l.contains("\"go_asm.h\""))
        })
        .map(|j| j.pkg.as_str())
        .collect();
    need.dedup();
    let mut map = BTreeMap::new();
    if need.is_empty() {
        return (map, None);
    }
    let mut c = go(t);
    c.args(["build", "-a", "-work", "-x"]).args(&need);
    let (_, log) = output(c);
    let work = log.lines().find_map(|l| l.strip_prefix("WORK=")).expect("WORK= in go build -x").to_string();
    for line in log.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        if !w.first().is_some_and(|t| t.ends_with("/compile")) {
            continue;
        }
        let arg = |f: &str| w.iter().position(|x| *x == f).map(|i| w[i + 1]);
        let (Some(o), Some(p)) = (arg("-o"), arg("-p")) else { continue };
        if need.contains(&p) && w.contains(&"-asmhdr") {
            let d = o.trim_end_matches("_pkg_.a").replace("$WORK", &work);
            assert!(Path::new(&d).join("go_asm.h").exists(), "{d}/go_asm.h missing");
            map.insert(p.to_string(), PathBuf::from(d));
        }
    }
    (map, Some(PathBuf::from(work)))
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Status {
    Differing(String),
    Rejected(String),
    Identical,
}

impl Status {
    fn rank(&self) -> u8 {
        match self {
            Status::Differing(_) => 0,
            Status::Rejected(_) => 1,
            Status::Identical => 2,
        }
    }
    fn word(&self) -> &'static str {
        match self {
            Status::Differing(_) => "differing",
            Status::Rejected(_) => "rejected",
            Status::Identical => "identical",
        }
    }
    fn why(&self) -> &str {
        match self {
            Status::Differing(s) | Status::Rejected(s) => s,
            Status::Identical => "",
        }
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The first error of p9asm's short diagnostics, without its position: `E0306: message`.
fn first_error(stderr: &str) -> String {
    for l in stderr.lines() {
        if let Some(i) = l.find(": error[") {
            let rest = &l[i + 8..];
            if let Some(j) = rest.find("]: ") {
                let msg = rest[j + 3..].split(" (in expansion of").next().unwrap();
                return format!("{}: {}", &rest[..j], msg);
            }
        }
    }
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no diagnostic");
    format!("no error line: {last}")
}

fn compare(go: &[Listed], ours: &[Listed]) -> Result<(), String> {
    let ours: BTreeMap<&str, &Listed> = ours.iter().map(|l| (l.name.as_str(), l)).collect();
    for g in go {
        let Some(o) = ours.get(g.name.as_str()) else {
            return Err(format!("{}: missing from p9asm's listing", g.name));
        };
        if g.bytes != o.bytes {
            let at = g.bytes.iter().zip(&o.bytes).position(|(a, b)| a != b).unwrap_or(g.bytes.len().min(o.bytes.len()));
            let w = |b: &[u8]| hex(&b[at.min(b.len())..(at + 4).min(b.len())]);
            return Err(format!(
                "{}: {} bytes (Go) vs {} (p9asm), first difference at {at:#x}: {} vs {}",
                g.name,
                g.bytes.len(),
                o.bytes.len(),
                w(&g.bytes),
                w(&o.bytes)
            ));
        }
        if g.rels != o.rels {
            let k = g.rels.iter().zip(&o.rels).position(|(a, b)| a != b).unwrap_or(g.rels.len().min(o.rels.len()));
            let r = |v: &[String]| v.get(k).cloned().unwrap_or_else(|| "nothing".into());
            return Err(format!("{}: relocation {k}: {} (Go) vs {} (p9asm)", g.name, r(&g.rels), r(&o.rels)));
        }
    }
    Ok(())
}

fn run(t: &Target, job: &Job, objdir: &Path, tmp: &Path) -> Status {
    let path = Path::new(GOROOT).join("src").join(&job.file);
    let dir = path.parent().unwrap();
    let name = format!("./{}", path.file_name().unwrap().to_str().unwrap());
    let flags = |obj: &Path| -> Vec<String> {
        let mut v: Vec<String> = vec!["-p".into(), job.pkg.clone(), "-I".into(), objdir.display().to_string()];
        v.extend(["-I", INCLUDE, "-D", "GOOS_linux", "-D"].map(String::from));
        v.push(format!("GOARCH_{}", t.goarch));
        for d in t.defines {
            v.extend(["-D".to_string(), d.to_string()]);
        }
        v.extend(job.extra.iter().cloned());
        v.extend(t.extra.iter().map(|s| s.to_string()));
        v.extend(["-S".into(), "-o".into(), obj.display().to_string(), name.clone()]);
        v
    };
    let gobj = tmp.join("go.o");
    let mut c = go(t);
    c.current_dir(dir).args(["tool", "asm"]).args(flags(&gobj));
    let (golist, _) = output(c);
    // NO_LOCAL_POINTERS: Go makes a gclocals·… symbol, p9asm points at the runtime's (a
    // documented difference, see book/src/differences.md); compared as p9asm points it
    let golist = GCLOCALS_NO_POINTERS.iter().fold(golist, |l, g| l.replace(g, "runtime.no_pointers_stackmap"));
    let golisted: Vec<Listed> =
        parse_listing(&golist).into_iter().filter(|l| !l.name.starts_with("runtime.no_pointers_stackmap")).collect();
    let pobj = tmp.join("p9asm.o");
    let o = Command::new(env!("CARGO_BIN_EXE_p9asm"))
        .current_dir(dir)
        .env("GOARCH", t.goarch)
        .env("GOOS", "linux")
        // the level variables Go's assembler reads from the environment (GOARM, GOMIPS64);
        // GOAMD64 reaches both as go build's -D GOAMD64_<level>
        .envs(t.env.iter().copied().filter(|(k, _)| *k != "GOAMD64"))
        .env_remove("GOAMD64")
        .args(["asm", "--message-format", "short", "--color", "never"])
        .args(flags(&pobj))
        .output()
        .expect("run p9asm");
    if !o.status.success() {
        return Status::Rejected(first_error(&String::from_utf8_lossy(&o.stderr)));
    }
    let ours = parse_listing(&String::from_utf8_lossy(&o.stdout));
    match compare(&golisted, &ours) {
        Ok(()) => Status::Identical,
        Err(e) => Status::Differing(e),
    }
}

fn pins(t: &Target) -> BTreeMap<String, (String, String)> {
    std::fs::read_to_string(t.pins)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut f = l.splitn(4, '\t');
            let file = f.next().unwrap().to_string();
            let _flags = f.next().unwrap_or("");
            let st = f.next().unwrap_or("").to_string();
            let why = f.next().unwrap_or("").to_string();
            (file, (st, why))
        })
        .collect()
}

fn rank_of(word: &str) -> u8 {
    match word {
        "identical" => 2,
        "rejected" => 1,
        _ => 0,
    }
}

fn flags_text(j: &Job) -> String {
    let mut s = format!("-p {}", j.pkg);
    for e in &j.extra {
        s.push(' ');
        s.push_str(e);
    }
    s
}

/// Runs the differential for `t`: every file `go build` assembles, both assemblers, the pins.
pub fn check(t: &Target) {
    if !oracle_available(GO) {
        return;
    }
    let jobs = jobs(t);
    let arch = t.goarch;
    assert!(jobs.len() >= t.min_files, "only {} {arch} files found: is golang-1.19-src installed?", jobs.len());
    let (objdirs, work) = objdirs(t, &jobs);
    // one directory per run of the binary and pin list: the runs of one binary go in parallel
    let list = Path::new(t.pins).file_stem().and_then(|s| s.to_str()).unwrap_or(arch);
    let tmp = std::env::temp_dir().join(format!("p9asm-goroot-{list}-{}", std::process::id()));
    let empty = tmp.join("objdir");
    std::fs::create_dir_all(&empty).unwrap();
    let pin = std::env::var_os(t.pin_env).is_some();
    let pinned = pins(t);
    let mut results = Vec::new();
    for j in &jobs {
        let od = objdirs.get(&j.pkg).unwrap_or(&empty);
        results.push((j, run(t, j, od, &tmp)));
    }
    if let Some(w) = work {
        let _ = std::fs::remove_dir_all(w);
    }
    let _ = std::fs::remove_dir_all(&tmp);

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for (j, st) in &results {
        *counts.entry(st.word()).or_default() += 1;
        if let Status::Rejected(r) = st {
            let key: String = r.split(':').take(2).collect::<Vec<_>>().join(":");
            *reasons.entry(key).or_default() += 1;
        }
        println!("{}\t{}\t{}", j.file, st.word(), st.why());
        match pinned.get(&j.file) {
            None => failures.push(format!("{}: not in {} (a new file: re-pin)", j.file, t.pins)),
            Some((w, why)) if st.rank() < rank_of(w) => {
                failures.push(format!("{}: was {w} ({why}), now {} ({})", j.file, st.word(), st.why()))
            }
            _ => {}
        }
    }
    for f in pinned.keys() {
        if !jobs.iter().any(|j| &j.file == f) {
            failures.push(format!("{f}: pinned but go build no longer assembles it (re-pin)"));
        }
    }
    println!(
        "GOROOT {arch}: {} files: {} identical, {} differing, {} rejected",
        results.len(),
        counts.get("identical").unwrap_or(&0),
        counts.get("differing").unwrap_or(&0),
        counts.get("rejected").unwrap_or(&0)
    );
    let mut rs: Vec<_> = reasons.into_iter().collect();
    rs.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (r, n) in rs {
        println!("  rejected {n:3}  {r}");
    }
    if pin {
        // the test that runs this (mips64le's is in mips64_goroot): the binary's name less cargo's hash
        let exe = std::env::current_exe().ok();
        let test = exe
            .as_ref()
            .and_then(|e| e.file_stem())
            .and_then(|s| s.to_str())
            .and_then(|s| s.rsplit_once('-').map(|(n, _)| n.to_string()))
            .unwrap_or_else(|| format!("{arch}_goroot"));
        let mut text = format!(
            "# Go 1.19's {arch} .s files that go build assembles (GOOS=linux): file, flags besides\n\
             # -I/-D/-o, p9asm's result against Go's listing, why. Regenerate with\n\
             # {}=1 cargo test -p p9asm --test {test}; a file may only move up.\n",
            t.pin_env
        );
        for (j, st) in &results {
            text.push_str(&format!("{}\t{}\t{}\t{}\n", j.file, flags_text(j), st.word(), st.why()));
        }
        std::fs::write(t.pins, text).unwrap();
        return;
    }
    // the committed list is the generator's
    for (j, _) in &results {
        if let Some(line) =
            std::fs::read_to_string(t.pins).unwrap().lines().find(|l| l.starts_with(&format!("{}\t", j.file)))
        {
            let flags = line.split('\t').nth(1).unwrap_or("");
            if flags != flags_text(j) {
                failures.push(format!("{}: flags {} but go build passes {}", j.file, flags, flags_text(j)));
            }
        }
    }
    assert!(failures.is_empty(), "{} regressions:\n{}", failures.len(), failures.join("\n"));
}
