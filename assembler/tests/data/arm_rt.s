// A minimal "runtime" for linking the arm stubs into a static executable in tests: it defines
// what the stubs reference and a _start that calls reflectcall once (40+2 through call16) and
// exits 0 when the result came back through reflectcallmove.
#include "textflag.h"

DATA runtime·no_pointers_stackmap+0(SB)/4, $2
DATA runtime·no_pointers_stackmap+4(SB)/4, $0
GLOBL runtime·no_pointers_stackmap(SB), RODATA, $8

// a g: stack bounds, stackguard0 at 8 (0: the split check never fails), _panic at 16
GLOBL rtg<>(SB), NOPTR, $64

DATA result<>+0(SB)/4, $0
GLOBL result<>(SB), NOPTR, $4

// reflectcallmove(typ, dst, src, size): the copy, and a record of the size
TEXT runtime·reflectcallmove(SB), NOSPLIT, $0-16
	MOVW	dst+4(FP), R0
	MOVW	src+8(FP), R1
	MOVW	size+12(FP), R2
	MOVW	$result<>(SB), R3
	MOVW	R2, (R3)
loop:
	CMP	$0, R2
	BEQ	done
	MOVBU.P	1(R1), R4
	MOVBU.P	R4, 1(R0)
	SUB	$1, R2
	B	loop
done:
	RET

TEXT runtime·badreflectcall(SB), NOSPLIT, $0-0
	MOVW	$3, R0
	MOVW	$1, R7
	SWI	$0
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT, $0-0
	MOVW	$4, R0
	MOVW	$1, R7
	SWI	$0
	RET

// callee for reflectcall: ret = a + b
TEXT ·add(SB), NOSPLIT, $0-12
	MOVW	a+0(FP), R0
	MOVW	b+4(FP), R1
	ADD	R1, R0
	MOVW	R0, ret+8(FP)
	RET

DATA addfn<>+0(SB)/4, $·add(SB)
GLOBL addfn<>(SB), NOPTR, $4

GLOBL args<>(SB), NOPTR, $12

TEXT _start(SB), NOSPLIT, $24-0
	MOVW	$rtg<>(SB), g
	MOVW	$args<>(SB), R1
	MOVW	$40, R2
	MOVW	R2, 0(R1)
	MOVW	$2, R2
	MOVW	R2, 4(R1)
	MOVW	$0, R2
	MOVW	R2, 4(R13)
	MOVW	$addfn<>(SB), R2
	MOVW	R2, 8(R13)
	MOVW	R1, 12(R13)
	MOVW	$12, R2
	MOVW	R2, 16(R13)
	MOVW	$8, R2
	MOVW	R2, 20(R13)
	BL	runtime·reflectcall(SB)
	// exit(args[2] == 42 && result == 4 ? 0 : 1)
	MOVW	$1, R0
	MOVW	$args<>(SB), R1
	MOVW	8(R1), R1
	CMP	$42, R1
	BNE	exit
	MOVW	$result<>(SB), R2
	MOVW	(R2), R2
	CMP	$4, R2
	BNE	exit
	MOVW	$0, R0
exit:
	MOVW	$1, R7
	SWI	$0
	RET
