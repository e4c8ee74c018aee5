// A second frame corpus of tests/i386_frame_oracle.rs (same annotations as frames_386.s): paths
// that end in a trap or a tail jump, never in a RET, so the SP-balance check at RET (E0403)
// judges nothing here and a wrong SP delta can only show in the tables themselves.

#include "textflag.h"

// go-pcsp-differs: Go does not track SUBL/ADDL $n, SP
// code after a mid-function RET reached by a branch keeps the branch's 16-byte frame
TEXT ·twopathstrap(SB), NOSPLIT, $0-8
	MOVL	x+0(FP), AX
	SUBL	$16, SP
	CMPL	AX, $0
	JEQ	other
	ADDL	$16, SP
	RET
other:
	MOVL	AX, 0(SP)
	UNDEF

// the same with PUSHL (which Go tracks, in layout order)
TEXT ·pushtrap(SB), NOSPLIT, $0-8
	MOVL	x+0(FP), AX
	CMPL	AX, $0
	JEQ	other
	UNDEF
other:
	PUSHL	AX
	PUSHL	CX
	UNDEF

// PUSHFL, PUSHW and LEAL n(SP), SP with no RET after them
TEXT ·flagstrap(SB), NOSPLIT, $0-0
	PUSHFL
	PUSHW	AX
	MOVL	$0, AX
	UNDEF

// go-pcsp-differs: Go does not track LEAL n(SP), SP
TEXT ·leatrap(SB), NOSPLIT, $0-0
	LEAL	-24(SP), SP
	LEAL	8(SP), SP
	JMP	·flagstrap(SB)
