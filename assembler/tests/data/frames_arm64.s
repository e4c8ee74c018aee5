// The arm64 frame corpus of tests/arm64_frames.rs: every combination of Go 1.19's obj7.go
// preprocess (NOSPLIT or not, frame size classes, NOFRAME by flag, by $-8 and by leaf, the
// 16-byte alignment and extrasize, LR and frame-pointer saves small and large, the epilogue at
// every RET, tail jumps, WRAPPER, NEEDCTXT, TOPFRAME, SP adjustments) assembled by Go 1.19 and
// by p9asm: listings, pc tables and bytes must be equal.

#include "textflag.h"

// a leaf with no locals has no frame (Go marks it NOFRAME); no stack check even without NOSPLIT
TEXT ·leaf0(SB), $0-8
	MOVD	x+0(FP), R0
	RET

TEXT ·leaf0nosplit(SB), NOSPLIT, $0-0
	RET

// the historical NOFRAME marker, with a call: the save is suppressed, the function is a leaf
TEXT ·marker(SB), NOSPLIT, $-8-0
	BL	·leaf0(SB)
	RET

TEXT ·noframeflag(SB), NOSPLIT|NOFRAME, $0-16
	MOVD	x+8(FP), R1
	BL	·leaf0(SB)
	RET

// a NOFRAME function that is not NOSPLIT: still no check (Go returns before stacksplit)
TEXT ·noframesplit(SB), NOFRAME, $0-0
	BL	·leaf0(SB)
	RET

// leaves with locals: LR is saved anyway; auto-NOSPLIT below StackSmall
TEXT ·leaf8(SB), $8-0
	MOVD	R0, x-8(SP)
	RET

TEXT ·leaf16(SB), $16-0
	MOVD	R0, 8(RSP)
	MOVD	R1, y-16(SP)
	RET

TEXT ·leaf24(SB), NOSPLIT, $24-0
	RET

// a leaf at StackSmall and over: not NOSPLIT, so it gets the stack check
TEXT ·leaf120(SB), $120-0
	RET

TEXT ·leaf200(SB), $200-0
	MOVD	R0, 200(RSP)
	RET

// calls: the frame is at least the LR slot plus the frame-pointer slot
TEXT ·call0(SB), $0-0
	BL	·leaf0(SB)
	RET

TEXT ·call8(SB), $8-8
	MOVD	x+0(FP), R0
	MOVD	R0, y-8(SP)
	BL	·leaf0(SB)
	RET

TEXT ·call16(SB), $16-16
	MOVD	x+0(FP), R0
	MOVD	R0, 8(RSP)
	BL	·leaf0(SB)
	MOVD	16(RSP), R0
	MOVD	R0, r+8(FP)
	RET

TEXT ·callnosplit(SB), NOSPLIT, $32-0
	BL	·leaf0(SB)
	RET

// StackSmall boundary: 128 compares SP directly, 136 subtracts first
TEXT ·small112(SB), $112-0
	BL	·leaf0(SB)
	RET

TEXT ·small120(SB), $120-0
	BL	·leaf0(SB)
	RET

TEXT ·mid128(SB), $128-0
	BL	·leaf0(SB)
	RET

// MOVD.W reaches 0xf0: 232 is the largest frame saved with it, 240 needs STP through R20
TEXT ·movdw232(SB), $232-0
	BL	·leaf0(SB)
	RET

TEXT ·stp240(SB), $240-0
	BL	·leaf0(SB)
	RET

TEXT ·stp1000(SB), $1000-0
	BL	·leaf0(SB)
	RET

// StackBig boundary: up to 4096 the middle check, beyond it SUBS and BLO
TEXT ·mid4072(SB), $4072-0
	BL	·leaf0(SB)
	RET

TEXT ·big4096(SB), $4096-0
	BL	·leaf0(SB)
	RET

TEXT ·big5000(SB), $5000-0
	BL	·leaf0(SB)
	RET

TEXT ·huge(SB), $1048576-0
	BL	·leaf0(SB)
	RET

TEXT ·bignosplit(SB), NOSPLIT, $5000-0
	BL	·leaf0(SB)
	RET

TEXT ·bigleaf(SB), NOSPLIT, $5000-0
	MOVD	R0, 8(RSP)
	RET

// several RETs, a branch to a RET, RET in the middle
TEXT ·rets(SB), $16-8
	MOVD	x+0(FP), R0
	CBZ	R0, done
	BL	·leaf0(SB)
	CMP	$1, R0
	BEQ	2(PC)
	RET
	BL	·leaf0(SB)
done:
	RET

// tail jumps: RET sym is B sym after the epilogue
TEXT ·tail(SB), $8-0
	BL	·leaf0(SB)
	RET	·leaf0(SB)

TEXT ·tailleaf(SB), $16-0
	MOVD	R0, 8(RSP)
	RET	·leaf0(SB)

TEXT ·tailnoframe(SB), NOSPLIT, $0-0
	RET	·leaf0(SB)

// WRAPPER: the out-of-line argp fix-up after the morestack block
TEXT ·wrap(SB), WRAPPER, $16-8
	MOVD	x+0(FP), R0
	BL	·leaf0(SB)
	RET

TEXT ·wrapnosplit(SB), NOSPLIT|WRAPPER, $0-0
	BL	·leaf0(SB)
	RET

TEXT ·wrapbig(SB), WRAPPER, $5000-0
	BL	·leaf0(SB)
	RET

TEXT ·wrapleaf(SB), WRAPPER, $16-0
	MOVD	R0, 8(RSP)
	RET

// NEEDCTXT calls runtime.morestack, the others morestack_noctxt
TEXT ·ctxt(SB), NEEDCTXT, $16-0
	MOVD	R26, 8(RSP)
	BL	·leaf0(SB)
	RET

TEXT ·top(SB), TOPFRAME|NOSPLIT, $16-0
	BL	·leaf0(SB)
	RET

TEXT ·topnoframe(SB), TOPFRAME|NOSPLIT|NOFRAME, $0-0
	BL	·leaf0(SB)
	RET

// explicit SP adjustments are tracked (Go's Spadj for ADD/SUB $c, RSP)
TEXT ·adjust(SB), $16-0
	SUB	$32, RSP
	MOVD	R0, 8(RSP)
	BL	·leaf0(SB)
	ADD	$32, RSP
	RET

TEXT ·adjustneg(SB), NOSPLIT, $0-0
	ADD	$-16, RSP
	MOVD	R0, (RSP)
	SUB	$-16, RSP
	RET

// REGTMP: an instruction using R27 is an unsafe point; a constant built in R27 is restartable
// (two ADDs for a 24-bit constant use no REGTMP; two restartable ones in a row alternate -3/-4)
TEXT ·regtmp(SB), $16-0
	MOVD	R27, R0
	ADD	$0x123456, R0
	ADD	$0x654321, R1
	MOVD	R0, R1
	ADD	$0x123456, R2
	ADD	$0x12345678, R0
	ADD	$0x12345678, R1
	MOVD	R2, R3
	ADD	$0x12345678, R2
	MOVD	R0, R27
	MOVD	R27, R1
	BL	·leaf0(SB)
	RET

TEXT ·args(SB), $24-32
	MOVD	a+0(FP), R0
	MOVW	b+8(FP), R1
	MOVD	$c+16(FP), R2
	MOVD	R0, x-8(SP)
	MOVD	$x-16(SP), R3
	MOVD	R1, 16(RSP)
	BL	·leaf0(SB)
	MOVD	R0, r+24(FP)
	RET

// a loop and a backward branch inside a framed function
TEXT ·loop(SB), $32-8
	MOVD	x+0(FP), R0
again:
	SUB	$1, R0
	BL	·leaf0(SB)
	CBNZ	R0, again
	RET

// an SP write Go cannot follow (SPWRITE): reported, and the unwind tables stop there
// expect W0405
TEXT ·spwrite(SB), NOSPLIT, $0-0
	MOVD	RSP, R1
	SUB	$64, R1
	MOVD	R1, RSP
	ADD	$64, RSP
	RET

// Go's linkpatch threads a branch to a JMP straight to the JMP's target, before the frame pass
TEXT ·threaded(SB), NOSPLIT|NOFRAME, $0-0
	CBZ	R0, a
	RET
a:
	JMP	b
	MOVD	$1, R1
b:
	RET
