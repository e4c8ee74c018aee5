// A minimal "runtime" for linking the arm64 stubs into a static executable in tests: it
// defines what the stubs reference and a _start that calls reflectcall once (40+2 through
// call32) and exits 0 when the result came back through reflectcallmove.
#include "textflag.h"

DATA runtime·no_pointers_stackmap+0(SB)/4, $2
DATA runtime·no_pointers_stackmap+4(SB)/4, $0
GLOBL runtime·no_pointers_stackmap(SB), RODATA, $8

// a g: stack bounds, stackguard0 at 16 (0: the split check never fails), _panic at 32
GLOBL rtg<>(SB), NOPTR, $64

DATA result<>+0(SB)/8, $0
GLOBL result<>(SB), NOPTR, $8

// reflectcallmove(typ, dst, src, size): the copy, and a record of the size
TEXT runtime·reflectcallmove(SB), NOSPLIT, $0-32
	MOVD	dst+8(FP), R0
	MOVD	src+16(FP), R1
	MOVD	size+24(FP), R2
	MOVD	$result<>(SB), R3
	MOVD	R2, (R3)
	CBZ	R2, done
loop:
	MOVBU.P	1(R1), R4
	MOVBU.P	R4, 1(R0)
	SUB	$1, R2
	CBNZ	R2, loop
done:
	RET

TEXT runtime·badreflectcall(SB), NOSPLIT, $0-0
	MOVD	$3, R0
	MOVD	$93, R8
	SVC
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT, $0-0
	MOVD	$4, R0
	MOVD	$93, R8
	SVC
	RET

// callee for reflectcall: ret = a + b
TEXT ·add(SB), NOSPLIT, $0-24
	MOVD	a+0(FP), R0
	MOVD	b+8(FP), R1
	ADD	R1, R0
	MOVD	R0, ret+16(FP)
	RET

DATA addfn<>+0(SB)/8, $·add(SB)
GLOBL addfn<>(SB), NOPTR, $8

GLOBL args<>(SB), NOPTR, $24

TEXT _start(SB), NOSPLIT, $48-0
	MOVD	$rtg<>(SB), g
	MOVD	$args<>(SB), R1
	MOVD	$40, R2
	MOVD	R2, 0(R1)
	MOVD	$2, R2
	MOVD	R2, 8(R1)
	MOVD	ZR, 8(RSP)
	MOVD	$addfn<>(SB), R2
	MOVD	R2, 16(RSP)
	MOVD	R1, 24(RSP)
	MOVD	$24, R2
	MOVW	R2, 32(RSP)
	MOVD	$16, R2
	MOVW	R2, 36(RSP)
	BL	runtime·reflectcall(SB)
	// exit(args[2] == 42 && result == 8 ? 0 : 1)
	MOVD	$1, R0
	MOVD	$args<>(SB), R1
	MOVD	16(R1), R1
	CMP	$42, R1
	BNE	exit
	MOVD	$result<>(SB), R2
	MOVD	(R2), R2
	CMP	$8, R2
	BNE	exit
	MOVD	$0, R0
exit:
	MOVD	$93, R8
	SVC
	RET
