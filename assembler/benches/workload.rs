//! A generated amd64 workload: `n` lines of realistic Plan 9 assembly (functions with frames and
//! stack checks, loops, memory operands, calls, a macro), used by the bench and the comparison
//! with GNU as.

#[allow(dead_code)]
pub fn amd64_source(lines: usize) -> String {
    let mut s = String::with_capacity(lines * 28);
    s.push_str("#include \"textflag.h\"\n#define ZERO(r) XORL r, r\n\n");
    let regs = ["AX", "BX", "CX", "DX", "SI", "DI", "R8", "R9", "R10", "R11"];
    let mut n = 3;
    let mut f = 0;
    while n < lines {
        let frame = [0, 16, 40, 200, 5000][f % 5];
        let flags = if f % 3 == 0 { "NOSPLIT" } else { "0" };
        s.push_str(&format!("TEXT ·f{f}(SB), {flags}, ${frame}-24\n"));
        s.push_str("\tMOVQ\ta+0(FP), AX\n\tMOVQ\tb+8(FP), BX\n\tZERO(CX)\nloop:\n");
        n += 5;
        for i in 0..40 {
            let r1 = regs[(i + f) % regs.len()];
            let r2 = regs[(i * 7 + f) % regs.len()];
            let line = match i % 16 {
                0 => format!("\tMOVQ\t{}(SI)(CX*8), {r1}\n", (i * 8) % 128),
                1 => format!("\tADDQ\t{r1}, {r2}\n"),
                2 => format!("\tLEAQ\t{}({r1})({r2}*4), DX\n", i),
                3 => format!("\tCMPQ\t{r1}, ${}\n", i * 3),
                4 => format!("\tMOVL\t${}, {r2}\n", i * 1000),
                5 => format!("\tSHLQ\t${}, {r1}\n", i % 63 + 1),
                6 => format!("\tANDQ\t$0xff, {r2}\n"),
                7 => format!("\tMOVQ\t{r1}, {}(SP)\n", (i % 4) * 8),
                8 => format!("\tSUBQ\t{r2}, {r1}\n"),
                9 => "\tINCQ\tCX\n".to_string(),
                10 => format!("\tTESTQ\t{r1}, {r1}\n"),
                11 => format!("\tMOVB\t{}, (DI)\n", byte_reg(r1)),
                12 => format!("\tMOVQ\tglobal{}(SB), {r1}\n", f % 4),
                13 => format!("\tXORQ\t{r2}, {r1}\n"),
                14 => "\tCMPQ\tCX, $100\n\tJLT\tloop\n".to_string(),
                _ => format!("\tMOVQ\t{r1}, ret+16(FP)\n"),
            };
            n += line.matches('\n').count();
            s.push_str(&line);
        }
        if flags == "0" {
            s.push_str("\tCALL\truntime·helper(SB)\n");
            n += 1;
        }
        s.push_str("\tRET\n\n");
        n += 2;
        f += 1;
    }
    s
}

/// The low byte of a general register, by Go's name.
fn byte_reg(r: &str) -> String {
    match r {
        "AX" => "AL".into(),
        "BX" => "BL".into(),
        "CX" => "CL".into(),
        "DX" => "DL".into(),
        _ => format!("{r}B"), // SIB, DIB, R8B...
    }
}

#[allow(dead_code)] // (each bench and the example use some of the inputs)
pub const AMD64ENC: &str = "/usr/lib/go-1.19/src/cmd/asm/internal/asm/testdata/amd64enc.s";

/// `lines` lines of Go 1.19's own general-purpose amd64 instructions: the lines of
/// `testdata/amd64enc.s` with an expected encoding and no vector, mask, MMX, x87 or segment
/// register, no PC-relative branch, nothing that moves SP or writes BP (a function must balance
/// SP and keep the frame pointer), not the immediate Go truncates (p9asm rejects it), none whose
/// objdump spelling GNU as cannot read back (adcxw, movzww, lfsq...) or that objdump decodes
/// otherwise than Go (UD1), and no VEX: one copy per `NOSPLIT` function, repeated. None without
/// Go's sources.
#[allow(dead_code)]
pub fn amd64enc_stream(lines: usize) -> Option<String> {
    let enc = std::fs::read_to_string(AMD64ENC).ok()?;
    let vector = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        (["X", "Y", "Z", "K", "M", "F"].iter().any(|p| w.strip_prefix(p).is_some_and(digits)))
            || ["CS", "DS", "ES", "FS", "GS", "SS"].contains(&w)
    };
    let skip_op = ["PUSH", "POP", "LEAVE", "ADCX", "ADOX", "MOVSWW", "MOVZWW", "LFS", "LGS", "LSS", "UD1", "V"];
    let body: Vec<&str> = enc
        .lines()
        .filter(|l| l.starts_with('\t') && l.contains("//"))
        .map(|l| l.split("//").next().unwrap_or("").trim_end())
        .filter(|l| {
            let op = l.split_whitespace().next().unwrap_or("");
            let last = l.rsplit([',', ' ', '\t']).next().unwrap_or("");
            !op.is_empty()
                && op.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
                && !skip_op.iter().any(|p| {
                    op.starts_with(p) && (p.len() > 1 || op.as_bytes().get(1).is_some_and(|b| b.is_ascii_uppercase()))
                })
                && !l.split([' ', ',', '(', ')', '\t']).any(vector)
                && !l.contains("(PC)")
                && !l.contains("4045620583")
                && last != "BP"
                && last != "BPB"
                && last != "SP"
        })
        .collect();
    let mut out = String::new();
    let (mut n, mut k) = (0, 0);
    while n < lines {
        out.push_str(&format!("TEXT ·f{k}(SB), 4, $0\n"));
        for l in body.iter().take((lines - n).saturating_sub(2).max(1)) {
            out.push_str(l);
            out.push('\n');
            n += 1;
        }
        out.push_str("\tRET\n");
        n += 2;
        k += 1;
    }
    Some(out)
}
