//! A generated amd64 workload: `n` lines of realistic Plan 9 assembly (functions with frames and
//! stack checks, loops, memory operands, calls, a macro), used by the bench and the comparison
//! with GNU as.

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
