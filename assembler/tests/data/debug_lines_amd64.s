// Line attribution for the debug-information test (tests/debug_info.rs): macros of several
// lines and nested macros (every instruction on the outermost invocation's line), prologues
// and epilogues the assembler adds, a #line directive, and code in an included file.
#include "textflag.h"
#include "debug_lines_amd64.h"

#define ROUND(a, b) \
	ADDQ	a, b; \
	XORQ	b, a; \
	ROLQ	$7, a

#define TWOROUNDS(a, b) ROUND(a, b); ROUND(b, a)

TEXT ·rounds(SB), NOSPLIT, $0-24
	MOVQ	x+0(FP), AX
	MOVQ	y+8(FP), BX
	ROUND(AX, BX)
	TWOROUNDS(AX, BX)
	INCLUDED_STEP(AX)
	MOVQ	AX, ret+16(FP)
	RET

// a frame: stack check, BP save and the epilogue before each RET
TEXT ·framed(SB), $48-16
	MOVQ	x+0(FP), AX
	CMPQ	AX, $0
	JEQ	zero
	ROUND(AX, CX)
	MOVQ	AX, ret+8(FP)
	RET
zero:
	MOVQ	$0, ret+8(FP)
	RET

TEXT ·wrapper(SB), WRAPPER, $16-0
	MOVQ	$1, AX
	RET

#line 100 "renamed.s"
TEXT ·renamed(SB), NOSPLIT, $0-0
	MOVQ	$2, AX
	RET
