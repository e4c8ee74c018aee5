//! `p9asm build`'s file selection against `go list` (Go 1.19, GOOS=linux, CGO_ENABLED=0): for
//! every architecture p9asm knows, the `.s` files of one directory that exercise each rule.

mod common;

use std::process::Command;

use common::{GO, oracle_available};
use p9asm::target::{BuildContext, GoArch};

const BODY: &str = "TEXT x(SB),0,$0\n";

fn files() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = Vec::new();
    let mut add = |n: &str, t: String| v.push((n.to_string(), t));
    for n in [
        "a.s",
        "a_test.s",
        "a_linux_test.s",
        "a_amd64_test.s",
        "_b.s",
        ".c.s",
        "d_windows.s",
        "e_linux_amd64.s",
        "f_mips64x.s",
        "linux.s",
        "g.amd64.s",
        "h_amd64.x.s",
        "i_arm64.s",
        "j_linux_arm64.s",
        "k_riscv64.s",
        "l_ppc64le.s",
        "m_mips64.s",
        "n_s390x.s",
        "o_386.s",
        "p_arm.s",
        "q_amd64p32.s",
        "r_freebsd_arm64.s",
        "s_android.s",
        "t_mips64le_test.s",
    ] {
        add(n, BODY.into());
    }
    let headers = [
        "// +build !amd64\n\n",
        "// comment\n// +build !amd64\n",
        "#include \"x\"\n// +build !amd64\n\n",
        "/* hi */\n//go:build !amd64\n\n",
        "// +build ignore\n\n//go:build amd64\n\n",
        "//go:build go1.19 && !go1.20\n\n",
        "//go:build goexperiment.regabiargs\n\n",
        "//go:build unix && !cgo\n\n",
        "//go:build gc\n\n",
        "//go:build cgo\n\n",
        "//go:build android || solaris\n\n",
        "// +build linux,amd64 windows\n\n",
        "// +build linux\n// +build 386\n\n",
        "//go:build linux && (arm64 || mips64 || !ppc64)\n\n",
        "//go:build mips64 || mips64le\n\n",
        "//go:build ppc64 || ppc64le\n\n",
        "/*\n//go:build 386\n*/\n",
        "// +build !!linux\n\n",
        "// +build arm64,!\n\n",
        "  \t// +build s390x\n\n",
        "//go:build\tarm\n\n",
        "//go:buildarm\n\n",
        "// +build\n\n",
    ];
    for (i, h) in headers.iter().enumerate() {
        add(&format!("h{i:02}.s"), format!("{h}{BODY}"));
    }
    v
}

#[test]
fn file_selection_equals_go_list() {
    if !oracle_available(GO) {
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("build_rules_go");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("go.mod"), "module x\n\ngo 1.19\n").unwrap();
    std::fs::write(dir.join("x.go"), "package x\n").unwrap();
    let files = files();
    for (n, t) in &files {
        std::fs::write(dir.join(n), t).unwrap();
    }
    for arch in GoArch::ALL {
        let out = Command::new(GO)
            .current_dir(&dir)
            .env("GOOS", "linux")
            .env("GOARCH", arch.name())
            .env("CGO_ENABLED", "0")
            .env("GOFLAGS", "-mod=mod")
            .env("GOPROXY", "off")
            .env("GOCACHE", std::env::temp_dir().join("p9asm-gocache"))
            .args(["list", "-f", "{{range .SFiles}}{{.}} {{end}}", "."])
            .output()
            .expect("run go list");
        assert!(out.status.success(), "go list: {}", String::from_utf8_lossy(&out.stderr));
        let go: Vec<String> = String::from_utf8_lossy(&out.stdout).split_whitespace().map(String::from).collect();
        let cx = BuildContext { goarch: arch.name() };
        let mut ours: Vec<String> = files
            .iter()
            .filter(|(n, t)| cx.match_file(n, t.as_bytes()).expect("no constraint errors here"))
            .map(|(n, _)| n.clone())
            .collect();
        ours.sort();
        assert_eq!(ours, go, "{arch}");
    }
}
