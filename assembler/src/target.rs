//! The ten targets and the facts about them that are not instruction encodings.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GoArch {
    I386,
    Amd64,
    Amd64p32,
    Arm,
    Arm64,
    Mips64,
    Mips64le,
    Ppc64,
    Ppc64le,
    S390x,
}

impl GoArch {
    pub const ALL: [GoArch; 10] = [
        GoArch::I386,
        GoArch::Amd64,
        GoArch::Amd64p32,
        GoArch::Arm,
        GoArch::Arm64,
        GoArch::Mips64,
        GoArch::Mips64le,
        GoArch::Ppc64,
        GoArch::Ppc64le,
        GoArch::S390x,
    ];

    pub fn name(self) -> &'static str {
        match self {
            GoArch::I386 => "386",
            GoArch::Amd64 => "amd64",
            GoArch::Amd64p32 => "amd64p32",
            GoArch::Arm => "arm",
            GoArch::Arm64 => "arm64",
            GoArch::Mips64 => "mips64",
            GoArch::Mips64le => "mips64le",
            GoArch::Ppc64 => "ppc64",
            GoArch::Ppc64le => "ppc64le",
            GoArch::S390x => "s390x",
        }
    }

    /// Pointer size in bytes.
    pub fn ptr_size(self) -> u8 {
        match self {
            GoArch::I386 | GoArch::Amd64p32 | GoArch::Arm => 4,
            _ => 8,
        }
    }
    /// Register size in bytes.
    pub fn reg_size(self) -> u8 {
        match self {
            GoArch::I386 | GoArch::Arm => 4,
            _ => 8,
        }
    }
    pub fn big_endian(self) -> bool {
        matches!(self, GoArch::Mips64 | GoArch::Ppc64 | GoArch::S390x)
    }
    /// Whether calls leave the return address in a link register instead of on the stack.
    pub fn has_link_register(self) -> bool {
        !matches!(self, GoArch::I386 | GoArch::Amd64 | GoArch::Amd64p32)
    }
    /// The smallest unit of code addresses in pc tables (Go's MinLC).
    pub fn min_lc(self) -> u32 {
        match self {
            GoArch::I386 | GoArch::Amd64 | GoArch::Amd64p32 => 1,
            GoArch::S390x => 2,
            _ => 4,
        }
    }
    /// Go's `FixedFrameSize`: bytes at the bottom of every frame reserved for the saved LR.
    pub fn fixed_frame_size(self) -> i64 {
        match self {
            GoArch::I386 | GoArch::Amd64 | GoArch::Amd64p32 => 0,
            GoArch::Arm => 4,
            GoArch::Ppc64 | GoArch::Ppc64le => 32,
            _ => 8,
        }
    }
}

impl fmt::Display for GoArch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for GoArch {
    type Err = String;
    fn from_str(s: &str) -> Result<GoArch, String> {
        GoArch::ALL.iter().copied().find(|a| a.name() == s).ok_or_else(|| {
            format!("unknown architecture {s:?}; expected one of {}", GoArch::ALL.map(|a| a.name()).join(", "))
        })
    }
}

/// The sub-architecture settings `go build` passes to the assembler as `-D` (Go 1.19's
/// `asmArgs`: `GO386_<v>` on 386, `GOAMD64_<v>` on amd64, `GOMIPS64_<v>` on mips64 and mips64le;
/// Go 1.19 passes none for arm or ppc64). Defaults are Go's; `$GO386`, `$GOAMD64` and
/// `$GOMIPS64` (or `--go386`, `--goamd64`, `--gomips64`) choose others.
///
/// arm's `GOARM` (5, 6, 7; Go 1.19's default is 5) is not a macro in Go 1.19 but changes the
/// encoder (buildcfg.GOARM); p9asm predefines `GOARM_<n>` for arm so that the back end and the
/// sources see one setting (`$GOARM`, `--goarm`, or `-D GOARM_7` choose another).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Levels {
    pub go386: String,
    pub goamd64: String,
    pub gomips64: String,
    pub goarm: String,
}

impl Default for Levels {
    fn default() -> Levels {
        Levels { go386: "sse2".into(), goamd64: "v1".into(), gomips64: "hardfloat".into(), goarm: "5".into() }
    }
}

impl Levels {
    /// The macro `go build` predefines for `arch`, if any (`GOAMD64_v1`).
    pub fn predefined(&self, arch: GoArch) -> Vec<String> {
        match arch {
            GoArch::I386 => vec![format!("GO386_{}", self.go386)],
            GoArch::Amd64 => vec![format!("GOAMD64_{}", self.goamd64)],
            GoArch::Mips64 | GoArch::Mips64le => vec![format!("GOMIPS64_{}", self.gomips64)],
            GoArch::Arm => vec![format!("GOARM_{}", self.goarm)],
            _ => Vec::new(),
        }
    }

    /// Go's checks of the values (`invalid GOAMD64: must be v1, v2, v3, v4`).
    pub fn check(&self) -> Result<(), String> {
        if !matches!(self.go386.as_str(), "sse2" | "softfloat") {
            return Err(format!("invalid GO386 {:?}: must be sse2, softfloat", self.go386));
        }
        if !matches!(self.goamd64.as_str(), "v1" | "v2" | "v3" | "v4") {
            return Err(format!("invalid GOAMD64 {:?}: must be v1, v2, v3, v4", self.goamd64));
        }
        if !matches!(self.goarm.as_str(), "5" | "6" | "7") {
            return Err(format!("invalid GOARM {:?}: must be 5, 6, 7", self.goarm));
        }
        if !matches!(self.gomips64.as_str(), "hardfloat" | "softfloat") {
            return Err(format!("invalid GOMIPS64 {:?}: must be hardfloat, softfloat", self.gomips64));
        }
        Ok(())
    }
}

/// Which of p9asm's architectures a `.s` file's name allows (Go's `_GOOS`, `_GOARCH`,
/// `_GOOS_GOARCH` suffixes for GOOS=linux; build constraints inside the file are not read here:
/// see [`BuildContext::match_file`]).
pub fn arches_for_file(file_name: &str) -> Vec<GoArch> {
    GoArch::ALL.into_iter().filter(|a| BuildContext { goarch: a.name() }.good_os_arch_file(file_name)).collect()
}

/// Every `GOOS` Go 1.19 knows (go/build's `knownOS`): a file name ending in `_<goos>` is for
/// that system only.
pub const GO_KNOWN_OS: [&str; 17] = [
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "windows",
    "zos",
];

/// Every `GOARCH` Go 1.19 knows (go/build's `knownArch`), including the ones p9asm has no target
/// for: a `_riscv64.s` file is for riscv64 only, so p9asm skips it.
pub const GO_KNOWN_ARCH: [&str; 24] = [
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

/// The newest `go1.N` release tag of the Go p9asm follows (Go 1.19 satisfies go1.1 ... go1.19).
pub const GO_MINOR: u32 = 19;

/// The build context `go build` uses for one GOARCH with GOOS=linux, the gc toolchain and cgo
/// off (`CGO_ENABLED=0`, as when cross-compiling): which tags hold and which files it selects.
#[derive(Clone, Copy, Debug)]
pub struct BuildContext<'a> {
    pub goarch: &'a str,
}

impl BuildContext<'_> {
    /// go/build's `matchTag` for this context.
    pub fn match_tag(&self, tag: &str) -> bool {
        if tag == "linux" || tag == self.goarch || tag == "gc" || tag == "unix" {
            return true;
        }
        // the experiments Go 1.19 enables by default (the register ABI where it exists)
        if matches!(tag, "goexperiment.regabiwrappers" | "goexperiment.regabiargs")
            && matches!(self.goarch, "amd64" | "arm64" | "ppc64" | "ppc64le" | "riscv64")
        {
            return true;
        }
        if let Some(n) = tag.strip_prefix("go1.") {
            // release tags are exactly go1.1 ... go1.19 (not go1.01, not go1.19.1)
            return !n.starts_with('0') && n.parse::<u32>().is_ok_and(|n| (1..=GO_MINOR).contains(&n));
        }
        false
    }

    /// go/build's `goodOSArchFile`: whether the name's `_GOOS`, `_GOARCH` or `_GOOS_GOARCH`
    /// suffix (before the first `.`, with a trailing `_test` ignored) allows this context.
    /// Everything before the first `_` is ignored, so `linux.s` is for every system.
    pub fn good_os_arch_file(&self, name: &str) -> bool {
        let name = name.split('.').next().unwrap_or("");
        let Some(i) = name.find('_') else { return true };
        let mut l: Vec<&str> = name[i..].split('_').collect();
        if l.last() == Some(&"test") {
            l.pop();
        }
        let n = l.len();
        if n >= 2 && GO_KNOWN_OS.contains(&l[n - 2]) && GO_KNOWN_ARCH.contains(&l[n - 1]) {
            return self.match_tag(l[n - 1]) && self.match_tag(l[n - 2]);
        }
        if n >= 1 && (GO_KNOWN_OS.contains(&l[n - 1]) || GO_KNOWN_ARCH.contains(&l[n - 1])) {
            return self.match_tag(l[n - 1]);
        }
        true
    }

    /// go/build's `shouldBuild` on a file's text: its `//go:build` line decides, else its
    /// `// +build` lines (only those in the leading comments, before the blank line that ends
    /// them). An unparsable `//go:build` line, or two of them, is an error (go build fails too).
    pub fn should_build(&self, content: &[u8]) -> Result<bool, String> {
        let header = leading_comments(content);
        let (plus_region, go_build) = parse_file_header(header)?;
        if let Some(line) = go_build {
            let expr = line.strip_prefix("//go:build").unwrap_or("").trim();
            let x = Constraint::parse(expr).map_err(|e| format!("parsing //go:build line: {e}"))?;
            return Ok(x.eval(&|t| self.match_tag(t)));
        }
        let mut ok = true;
        for line in plus_region.lines() {
            let line = line.trim();
            if let Some(expr) = plus_build_expr(line)
                && !Constraint::plus_build(expr).eval(&|t| self.match_tag(t))
            {
                ok = false;
            }
        }
        Ok(ok)
    }

    /// go/build's `matchFile` for a `.s` file: not a `_` or `.` file, a suffix that allows this
    /// context, and build constraints that hold.
    pub fn match_file(&self, name: &str, content: &[u8]) -> Result<bool, String> {
        if name.starts_with('_') || name.starts_with('.') || !name.ends_with(".s") {
            return Ok(false);
        }
        if !self.good_os_arch_file(name) {
            return Ok(false);
        }
        self.should_build(content)
    }
}

/// How many bytes of `b` are leading comments and spaces (where build constraints can be):
/// less than `b.len()` once the first byte of code is in `b`.
pub fn header_len(b: &[u8]) -> usize {
    leading_comments(b).len()
}

/// go/build's `readComments`: the leading run of spaces, `;`, `//` and `/* */` comments.
fn leading_comments(b: &[u8]) -> &str {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\x0c' | b'\t' | b'\r' | b'\n' | b';' => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => match b[i + 2..].windows(2).position(|w| w == b"*/") {
                Some(p) => i += 2 + p + 2,
                None => {
                    i = b.len();
                }
            },
            _ => break,
        }
    }
    // a header cut inside a multi-byte character is not a comment anyway
    let mut end = i;
    while std::str::from_utf8(&b[..end]).is_err() {
        end -= 1;
    }
    std::str::from_utf8(&b[..end]).unwrap_or("")
}

/// go/build's `parseFileHeader`: the part of the header where `// +build` lines count (up to
/// the last blank line before the first line that is not a `//` comment), and the
/// `//go:build` line.
fn parse_file_header(content: &str) -> Result<(&str, Option<&str>), String> {
    let mut end = 0;
    let mut ended = false;
    let mut in_slash_star = false;
    let mut go_build = None;
    let mut pos = 0;
    'lines: while pos < content.len() {
        let (raw, next) = match content[pos..].find('\n') {
            Some(n) => (&content[pos..pos + n], pos + n + 1),
            None => (&content[pos..], content.len()),
        };
        pos = next;
        let mut line = raw.trim();
        if line.is_empty() && !ended {
            end = pos;
            continue;
        }
        if !line.starts_with("//") {
            ended = true;
        }
        if !in_slash_star && is_go_build_comment(line) {
            if go_build.is_some() {
                return Err("multiple //go:build comments".into());
            }
            go_build = Some(line);
        }
        while !line.is_empty() {
            if in_slash_star {
                match line.find("*/") {
                    Some(i) => {
                        in_slash_star = false;
                        line = line[i + 2..].trim();
                        continue;
                    }
                    None => continue 'lines,
                }
            }
            if line.starts_with("//") {
                continue 'lines;
            }
            if let Some(rest) = line.strip_prefix("/*") {
                in_slash_star = true;
                line = rest.trim();
                continue;
            }
            break 'lines;
        }
    }
    Ok((&content[..end], go_build))
}

fn is_go_build_comment(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("//go:build") else { return false };
    rest.is_empty() || rest.trim().len() < rest.len()
}

/// The expression of a `// +build` line (constraint.splitPlusBuild).
fn plus_build_expr(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("//")?.trim().strip_prefix("+build")?;
    if !rest.is_empty() && rest.trim().len() == rest.len() {
        return None;
    }
    Some(rest.trim())
}

/// A build constraint (go/build/constraint's `Expr`).
#[derive(Clone, Debug, PartialEq)]
pub enum Constraint {
    Tag(String),
    Not(Box<Constraint>),
    And(Box<Constraint>, Box<Constraint>),
    Or(Box<Constraint>, Box<Constraint>),
}

fn is_tag_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || c == '_' || c == '.'
}

impl Constraint {
    pub fn eval(&self, ok: &dyn Fn(&str) -> bool) -> bool {
        match self {
            Constraint::Tag(t) => ok(t),
            Constraint::Not(x) => !x.eval(ok),
            // both sides are evaluated, as Go does (it records every tag it consults)
            Constraint::And(a, b) => {
                let (a, b) = (a.eval(ok), b.eval(ok));
                a && b
            }
            Constraint::Or(a, b) => {
                let (a, b) = (a.eval(ok), b.eval(ok));
                a || b
            }
        }
    }

    /// A `//go:build` expression: `||`, `&&`, `!`, parentheses and tags, with Go's errors.
    pub fn parse(s: &str) -> Result<Constraint, String> {
        let mut p = ExprParser { s, i: 0, tok: "", is_tag: false, pos: 0 };
        let x = p.or()?;
        if !p.tok.is_empty() {
            return Err(format!("unexpected token {}", p.tok));
        }
        Ok(x)
    }

    /// A `// +build` expression: space-separated alternatives of comma-separated `!`-able
    /// tags; an invalid tag reads as `ignore`, as Go reads it.
    pub fn plus_build(text: &str) -> Constraint {
        let mut x: Option<Constraint> = None;
        for clause in text.split_whitespace() {
            let mut y: Option<Constraint> = None;
            for lit in clause.split(',') {
                let z = if lit.starts_with("!!") || lit == "!" {
                    Constraint::Tag("ignore".into())
                } else {
                    let (neg, lit) = match lit.strip_prefix('!') {
                        Some(l) => (true, l),
                        None => (false, lit),
                    };
                    let t = if !lit.is_empty() && lit.chars().all(is_tag_char) { lit } else { "ignore" };
                    let t = Constraint::Tag(t.into());
                    if neg { Constraint::Not(Box::new(t)) } else { t }
                };
                y = Some(match y {
                    None => z,
                    Some(y) => Constraint::And(Box::new(y), Box::new(z)),
                });
            }
            if let Some(y) = y {
                x = Some(match x {
                    None => y,
                    Some(x) => Constraint::Or(Box::new(x), Box::new(y)),
                });
            }
        }
        x.unwrap_or_else(|| Constraint::Tag("ignore".into()))
    }
}

struct ExprParser<'a> {
    s: &'a str,
    i: usize,
    tok: &'a str,
    is_tag: bool,
    pos: usize,
}

impl<'a> ExprParser<'a> {
    fn or(&mut self) -> Result<Constraint, String> {
        let mut x = self.and()?;
        while self.tok == "||" {
            x = Constraint::Or(Box::new(x), Box::new(self.and()?));
        }
        Ok(x)
    }
    fn and(&mut self) -> Result<Constraint, String> {
        let mut x = self.not()?;
        while self.tok == "&&" {
            x = Constraint::And(Box::new(x), Box::new(self.not()?));
        }
        Ok(x)
    }
    fn not(&mut self) -> Result<Constraint, String> {
        self.lex()?;
        if self.tok == "!" {
            self.lex()?;
            if self.tok == "!" {
                return Err("double negation not allowed".into());
            }
            return Ok(Constraint::Not(Box::new(self.atom()?)));
        }
        self.atom()
    }
    fn atom(&mut self) -> Result<Constraint, String> {
        if self.tok == "(" {
            let x = self
                .or()
                .map_err(|e| if e == "unexpected end of expression" { "missing close paren".into() } else { e })?;
            if self.tok != ")" {
                return Err("missing close paren".into());
            }
            self.lex()?;
            return Ok(x);
        }
        if !self.is_tag {
            if self.tok.is_empty() {
                return Err("unexpected end of expression".into());
            }
            return Err(format!("unexpected token {}", self.tok));
        }
        let t = self.tok.to_string();
        self.lex()?;
        Ok(Constraint::Tag(t))
    }
    fn lex(&mut self) -> Result<(), String> {
        self.is_tag = false;
        let b = self.s.as_bytes();
        while self.i < b.len() && (b[self.i] == b' ' || b[self.i] == b'\t') {
            self.i += 1;
        }
        if self.i >= b.len() {
            self.tok = "";
            self.pos = self.i;
            return Ok(());
        }
        match b[self.i] {
            b'(' | b')' | b'!' => {
                self.pos = self.i;
                self.i += 1;
                self.tok = &self.s[self.pos..self.i];
                return Ok(());
            }
            c @ (b'&' | b'|') => {
                if b.get(self.i + 1) != Some(&c) {
                    return Err(format!("invalid syntax at {}", c as char));
                }
                self.pos = self.i;
                self.i += 2;
                self.tok = &self.s[self.pos..self.i];
                return Ok(());
            }
            _ => {}
        }
        let rest = &self.s[self.i..];
        let n = rest.find(|c: char| !is_tag_char(c)).unwrap_or(rest.len());
        if n == 0 {
            return Err(format!("invalid syntax at {}", rest.chars().next().unwrap_or(' ')));
        }
        self.pos = self.i;
        self.i += n;
        self.tok = &self.s[self.pos..self.i];
        self.is_tag = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn file_suffixes() {
        let amd64 = BuildContext { goarch: "amd64" };
        assert!(amd64.good_os_arch_file("asm_amd64.s"));
        assert!(amd64.good_os_arch_file("asm_linux_amd64.s"));
        assert!(amd64.good_os_arch_file("asm_amd64_test.s"));
        assert!(amd64.good_os_arch_file("linux.s"));
        assert!(amd64.good_os_arch_file("asm_mips64x.s"), "not a GOARCH: every arch");
        assert!(amd64.good_os_arch_file("g.amd64.s"));
        assert!(!amd64.good_os_arch_file("asm_386.s"));
        assert!(!amd64.good_os_arch_file("asm_windows.s"));
        assert!(!amd64.good_os_arch_file("asm_riscv64.s"));
        assert!(!amd64.good_os_arch_file("asm_windows_amd64.s"));
        assert!(!amd64.good_os_arch_file("asm_arm64_test.s"));
    }

    #[test]
    fn constraints() {
        let c = BuildContext { goarch: "amd64" };
        let ok = |e: &str| Constraint::parse(e).map(|x| x.eval(&|t| c.match_tag(t)));
        assert_eq!(ok("linux && (amd64 || arm64)"), Ok(true));
        assert_eq!(ok("!386"), Ok(true));
        assert_eq!(ok("gc && go1.19 && !go1.20 && unix && !cgo"), Ok(true));
        assert_eq!(ok("go1.0 || go1.01 || goexperiment.regabiargs && !windows"), Ok(true));
        assert!(ok("linux &&").is_err());
        assert!(ok("!!linux").is_err());
        assert!(ok("(linux").is_err());
        assert!(ok("linux & amd64").is_err());
        assert!(Constraint::plus_build("linux,amd64 windows").eval(&|t| c.match_tag(t)));
        assert!(!Constraint::plus_build("linux,!amd64").eval(&|t| c.match_tag(t)));
        assert!(!Constraint::plus_build("!!linux").eval(&|t| c.match_tag(t)));
    }

    #[test]
    fn headers() {
        let c = BuildContext { goarch: "amd64" };
        assert_eq!(c.should_build(b"// +build 386\n\nTEXT x(SB),0,$0\n"), Ok(false));
        // no blank line after it: not a build line
        assert_eq!(c.should_build(b"// c\n// +build 386\nTEXT x(SB),0,$0\n"), Ok(true));
        // after code: not a build line
        assert_eq!(c.should_build(b"#include \"x\"\n// +build 386\n\n"), Ok(true));
        // //go:build wins over +build
        assert_eq!(c.should_build(b"// +build ignore\n\n//go:build amd64\n\nTEXT x(SB),0,$0\n"), Ok(true));
        assert_eq!(c.should_build(b"/* x */\n//go:build 386\n\nTEXT x(SB),0,$0\n"), Ok(false));
        assert_eq!(c.should_build(b"/*\n//go:build 386\n*/\nTEXT x(SB),0,$0\n"), Ok(true));
        assert!(c.should_build(b"//go:build amd64\n//go:build linux\n").is_err());
    }
}
