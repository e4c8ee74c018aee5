// Far branches for tests/s390x_frames.rs: branches whose targets are out of reach of the
// 16-bit halfword displacement (BRC, CGRJ, CLGIJ...) become BRCL, or a compare-and-branch around
// a BRCL, round after round of Go's spanz; listings and bytes must equal Go 1.19's. The filler
// is 6-byte LGFI instructions; 11000 of them are 66000 bytes, past the 65534 BRC reaches.

#include "textflag.h"

#define FILL10 MOVD $0x12345678, R1; MOVD $0x12345678, R1; MOVD $0x12345678, R1; MOVD $0x12345678, R1; MOVD $0x12345678, R1; MOVD $0x12345678, R1; MOVD $0x12345678, R1; MOVD $0x12345678, R1; MOVD $0x12345678, R1; MOVD $0x12345678, R1
#define FILL100 FILL10; FILL10; FILL10; FILL10; FILL10; FILL10; FILL10; FILL10; FILL10; FILL10
#define FILL1000 FILL100; FILL100; FILL100; FILL100; FILL100; FILL100; FILL100; FILL100; FILL100; FILL100

// forward: every kind of branch over 66000 bytes, and one that just reaches
TEXT ·forward(SB), NOSPLIT, $0-0
	BEQ	far
	BNE	far
	BR	far
	CMPBEQ	R1, R2, far
	CMPUBLT	R1, $7, far
	CGRJ	$8, R1, R2, far
	CLGIJ	$4, R1, $3, far
	CRJ	$2, R3, R4, far
	BLTU	near
	FILL1000
	FILL1000
	FILL1000
	FILL1000
	FILL1000
near:
	FILL1000
	FILL1000
	FILL1000
	FILL1000
	FILL1000
	FILL1000
far:
	RET

// backward, and a loop whose branch grows because the code in between grows
TEXT ·backward(SB), NOSPLIT, $0-0
back:
	FILL1000
	FILL1000
	FILL1000
	FILL1000
	FILL1000
	FILL1000
	FILL1000
	FILL1000
	FILL1000
	FILL1000
	FILL1000
	BGT	back
	CMPBNE	R5, R6, back
	CMPUBGE	R5, $0, back
	BR	back
