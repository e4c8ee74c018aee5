// The frame corpus of tests/frame_oracle.rs: every function is assembled by Go 1.19 and by
// p9asm, and its unwind tables and stack map are checked at every instruction against a walk of
// the machine code. Comment lines right before a TEXT line may say:
//   expect CODE          p9asm reports this warning in the function (and no other)
//   go-pcsp-differs: why p9asm's pcsp deliberately differs from Go's (Go does not track it)

#include "textflag.h"

// PUSHQ/POPQ of caller-saved registers: the CFA moves after each, nothing is saved
TEXT ·pushpop(SB), NOSPLIT, $0-0
	PUSHQ	AX
	PUSHQ	CX
	MOVQ	$1, AX
	POPQ	CX
	POPQ	AX
	RET

// callee-saved registers pushed first thing: described at CFA-16, CFA-24, CFA-32, and
// restored by their POPs
TEXT ·saves(SB), NOSPLIT, $0-0
	PUSHQ	BX
	PUSHQ	R12
	PUSHQ	R15
	MOVQ	$1, BX
	MOVQ	$2, R12
	POPQ	R15
	POPQ	R12
	POPQ	BX
	RET

// a push after other code is not a save
TEXT ·latepush(SB), NOSPLIT, $0-0
	MOVQ	$0, AX
	PUSHQ	BX
	POPQ	BX
	RET

// C-style frame pointer: PUSHQ BP is a save (CFA-16), the MOVQ ends the save run
TEXT ·cframe(SB), NOSPLIT, $0-0
	PUSHQ	BP
	MOVQ	SP, BP
	PUSHQ	BX
	POPQ	BX
	POPQ	BP
	RET

// PUSHFQ/POPFQ move SP by 8, PUSHW/POPW by 2
TEXT ·flags(SB), NOSPLIT, $0-0
	PUSHFQ
	PUSHQ	AX
	PUSHW	AX
	POPW	AX
	POPQ	AX
	POPFQ
	RET

// go-pcsp-differs: Go does not track SUBQ/ADDQ $n, SP
TEXT ·subadd(SB), NOSPLIT, $0-8
	SUBQ	$24, SP
	MOVQ	AX, 8(SP)
	ADDQ	$-8, SP
	ADDQ	$32, SP
	RET

// go-pcsp-differs: Go does not track LEAQ n(SP), SP
TEXT ·leasp(SB), NOSPLIT, $0-0
	LEAQ	-40(SP), SP
	MOVQ	AX, 0(SP)
	LEAQ	8(SP), SP
	LEAQ	32(SP), SP
	RET

// ADJSP, including the $128 that becomes ADDQ $-128, SP
TEXT ·adjsp(SB), NOSPLIT, $0-0
	ADJSP	$16
	ADJSP	$128
	MOVQ	AX, 0(SP)
	ADJSP	$-128
	ADJSP	$-16
	RET

// go-pcsp-differs: Go does not track SUBQ/ADDQ $n, SP
// two RETs after a branch: the second path keeps the 16-byte frame (CFA rsp+24)
TEXT ·twopaths(SB), NOSPLIT, $0-8
	MOVQ	x+0(FP), AX
	SUBQ	$16, SP
	CMPQ	AX, $0
	JEQ	other
	ADDQ	$16, SP
	RET
other:
	MOVQ	AX, 0(SP)
	ADDQ	$16, SP
	RET

// paths that join with the same SP
TEXT ·join(SB), NOSPLIT, $0-8
	MOVQ	x+0(FP), AX
	PUSHQ	AX
	CMPQ	AX, $0
	JEQ	neg
	ADDQ	$1, AX
	JMP	done
neg:
	SUBQ	$1, AX
done:
	POPQ	AX
	RET

// a backward branch inside a pushed region
TEXT ·loop(SB), NOSPLIT, $0-0
	MOVQ	$4, CX
	PUSHQ	AX
again:
	DECQ	CX
	JNE	again
	POPQ	AX
	RET

// expect W0404
// paths that join with different SP (diagnosed, still assembled)
TEXT ·diverge(SB), NOSPLIT, $0-8
	MOVQ	x+0(FP), AX
	CMPQ	AX, $0
	JEQ	join
	PUSHQ	AX
join:
	MOVQ	$0, CX
	UNDEF

// a frame with locals and several RETs: the epilogue (BP reload, ADDQ) before each
TEXT ·midret(SB), NOSPLIT, $24-8
	MOVQ	x+0(FP), AX
	CMPQ	AX, $0
	JEQ	zero
	CMPQ	AX, $1
	JEQ	one
	MOVQ	AX, 0(SP)
	RET
zero:
	MOVQ	$0, 8(SP)
	RET
one:
	RET

// not NOSPLIT: stack check, morestack path, BP save; a mid-function RET
TEXT ·checked(SB), $24-8
	MOVQ	x+0(FP), AX
	CMPQ	AX, $0
	JNE	more
	RET
more:
	MOVQ	AX, 0(SP)
	CALL	·pushpop(SB)
	RET

// a frame of $0 that calls: Go still allocates 8 bytes to save BP
TEXT ·zeroframe(SB), $0-0
	CALL	·pushpop(SB)
	RET

// the larger stack checks: LEAQ -n(SP), R12 and MOVQ SP, R12; SUBQ; JCS
TEXT ·bigframe(SB), $200-0
	MOVQ	AX, 0(SP)
	CALL	·pushpop(SB)
	RET

TEXT ·hugeframe(SB), $5000-0
	MOVQ	AX, 0(SP)
	CALL	·pushpop(SB)
	RET

// WRAPPER: the panic-argp fixup (a fast path and a slow path that jumps back)
TEXT ·wrap(SB), WRAPPER, $16-8
	MOVQ	x+0(FP), AX
	CALL	·pushpop(SB)
	RET

TEXT ·wrapnosplit(SB), NOSPLIT|WRAPPER, $8-0
	MOVQ	AX, 0(SP)
	RET

// callee-saved registers pushed in a body with a WRAPPER prologue: R12 and R13 are the
// prologue's scratch, BX is described
TEXT ·wrapsaves(SB), NOSPLIT|WRAPPER, $8-0
	PUSHQ	BX
	PUSHQ	R13
	POPQ	R13
	POPQ	BX
	RET

// TOPFRAME: the return address is undefined from the entry
TEXT ·top(SB), NOSPLIT|TOPFRAME, $0-0
	PUSHQ	AX
	POPQ	AX
	RET

TEXT ·topframed(SB), TOPFRAME, $16-0
	CALL	·pushpop(SB)
	RET

// NOFRAME: no BP save, even with locals or calls
TEXT ·noframe(SB), NOSPLIT|NOFRAME, $16-0
	MOVQ	AX, 0(SP)
	RET

TEXT ·noframecall(SB), NOFRAME, $0-0
	CALL	·pushpop(SB)
	RET

// expect W0405
// untrackable SP writes: the caller is unknown from the write on
TEXT ·align(SB), NOSPLIT, $0-0
	MOVQ	SP, R12
	ANDQ	$~15, SP
	CALL	·pushpop(SB)
	MOVQ	R12, SP
	RET

// expect W0405
TEXT ·spload(SB), NOSPLIT, $0-8
	PUSHQ	BX
	MOVQ	x+0(FP), AX
	MOVQ	AX, SP
	UNDEF

// expect W0405
// an SP loaded from the stack, an LEAQ off another register, an LEAQ with an index: each is
// untrackable (only LEAQ off(SP) with neither index nor symbol moves SP by a known amount)
TEXT ·spfromstack(SB), NOSPLIT, $0-0
	PUSHQ	BX
	MOVQ	0(SP), SP
	UNDEF

// expect W0405
TEXT ·leaother(SB), NOSPLIT, $0-0
	MOVQ	SP, AX
	LEAQ	-16(AX), SP
	UNDEF

// expect W0405
TEXT ·leaindex(SB), NOSPLIT, $0-0
	XORQ	CX, CX
	LEAQ	-16(SP)(CX*1), SP
	UNDEF

// frames of $8, $16 and $-8 (none)
TEXT ·f8(SB), NOSPLIT, $8-0
	MOVQ	AX, 0(SP)
	RET

TEXT ·f16(SB), NOSPLIT, $16-0
	MOVQ	AX, 8(SP)
	RET

TEXT ·fneg(SB), NOSPLIT, $-8-0
	RET

// callee-saved pushes after the prologue of a frame with locals
TEXT ·framesaves(SB), NOSPLIT, $16-0
	PUSHQ	BX
	PUSHQ	R14
	MOVQ	$1, BX
	POPQ	R14
	POPQ	BX
	RET

// callee-saved push after a small stack check (which only writes R14)
TEXT ·checksave(SB), $0-0
	PUSHQ	R12
	CALL	·pushpop(SB)
	POPQ	R12
	RET

// a tail jump ends the path; its SP is balanced
TEXT ·tail(SB), NOSPLIT, $0-0
	PUSHQ	AX
	POPQ	AX
	JMP	·pushpop(SB)

// RET sym(SB) in a frame with locals: the epilogue, then a jump
TEXT ·tailret(SB), NOSPLIT, $16-0
	MOVQ	AX, 0(SP)
	RET	·pushpop(SB)

// a leaf with a small frame and no NOSPLIT: Go makes it nosplit itself (no stack check), and
// the stack-map record says so (cargo-mutants: the record's NOSPLIT flag from the layout)
TEXT ·autonosplit(SB), $16-0
	MOVQ	AX, 8(SP)
	RET
