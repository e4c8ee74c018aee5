// A second frame corpus of tests/frame_oracle.rs (same annotations as frames_amd64.s): paths
// that end in a trap or a tail jump, never in a RET, so the SP-balance check at RET (E0403)
// judges nothing here and a wrong SP delta can only show in the tables themselves.

#include "textflag.h"

// go-pcsp-differs: Go does not track SUBQ/ADDQ $n, SP
// code after a mid-function RET reached by a branch keeps the branch's 16-byte frame
TEXT ·twopathstrap(SB), NOSPLIT, $0-8
	MOVQ	x+0(FP), AX
	SUBQ	$16, SP
	CMPQ	AX, $0
	JEQ	other
	ADDQ	$16, SP
	RET
other:
	MOVQ	AX, 0(SP)
	UNDEF

// the same with PUSHQ (which Go tracks, in layout order)
TEXT ·pushtrap(SB), NOSPLIT, $0-8
	MOVQ	x+0(FP), AX
	CMPQ	AX, $0
	JEQ	other
	UNDEF
other:
	PUSHQ	AX
	PUSHQ	CX
	UNDEF

// PUSHFQ, PUSHW and LEAQ n(SP), SP with no RET after them
TEXT ·flagstrap(SB), NOSPLIT, $0-0
	PUSHFQ
	PUSHW	AX
	MOVQ	$0, AX
	UNDEF

// go-pcsp-differs: Go does not track LEAQ n(SP), SP
TEXT ·leatrap(SB), NOSPLIT, $0-0
	LEAQ	-24(SP), SP
	LEAQ	8(SP), SP
	JMP	·flagstrap(SB)
