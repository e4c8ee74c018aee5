// C-callable entry points into Go assembly (AAPCS64 in, Go's ABI0 out).
#include "textflag.h"

// md5_block(state *uint32, p *byte, len uintptr): crypto/md5's block(dig *digest, p []byte).
// Go code keeps none of C's callee-saved registers (R19-R28), so they are saved here.
TEXT md5_block(SB), NOSPLIT, $128-0
	STP	(R19, R20), 48(RSP)
	STP	(R21, R22), 64(RSP)
	STP	(R23, R24), 80(RSP)
	STP	(R25, R26), 96(RSP)
	STP	(R27, g), 112(RSP)
	MOVD	R0, 8(RSP)
	MOVD	R1, 16(RSP)
	MOVD	R2, 24(RSP)
	MOVD	R2, 32(RSP)
	BL	crypto∕md5·block(SB)
	LDP	48(RSP), (R19, R20)
	LDP	64(RSP), (R21, R22)
	LDP	80(RSP), (R23, R24)
	LDP	96(RSP), (R25, R26)
	LDP	112(RSP), (R27, g)
	RET

// add_scaled(a, b int64) int64 = (a + b) * SCALE
TEXT add_scaled(SB), NOSPLIT, $0-0
	ADD	R1, R0, R0
	MOVD	$SCALE, R1
	MUL	R1, R0, R0
	RET
