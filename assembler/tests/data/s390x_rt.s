// A minimal "runtime" for linking the s390x stubs into a static executable in tests: it
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
	MOVD	dst+8(FP), R2
	MOVD	src+16(FP), R3
	MOVD	size+24(FP), R4
	MOVD	$result<>(SB), R5
	MOVD	R4, (R5)
	CMPBEQ	R4, $0, done
loop:
	MOVBZ	(R3), R6
	MOVB	R6, (R2)
	ADD	$1, R3
	ADD	$1, R2
	SUB	$1, R4
	CMPBNE	R4, $0, loop
done:
	RET

// exit_group(3)
TEXT runtime·badreflectcall(SB), NOSPLIT, $0-0
	MOVD	$3, R2
	MOVD	$248, R1
	SYSCALL
	RET

// exit_group(4)
TEXT runtime·morestack_noctxt(SB), NOSPLIT, $0-0
	MOVD	$4, R2
	MOVD	$248, R1
	SYSCALL
	RET

// callee for reflectcall: ret = a + b
TEXT ·add(SB), NOSPLIT, $0-24
	MOVD	a+0(FP), R2
	MOVD	b+8(FP), R3
	ADD	R3, R2
	MOVD	R2, ret+16(FP)
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
	MOVD	$0, 8(R15)
	MOVD	$addfn<>(SB), R2
	MOVD	R2, 16(R15)
	MOVD	R1, 24(R15)
	MOVD	$24, R2
	MOVW	R2, 32(R15)
	MOVD	$16, R2
	MOVW	R2, 36(R15)
	BL	runtime·reflectcall(SB)
	// exit_group(args[2] == 42 && result == 8 ? 0 : 1)
	MOVD	$1, R2
	MOVD	$args<>(SB), R1
	MOVD	16(R1), R1
	CMPBNE	R1, $42, exit
	MOVD	$result<>(SB), R3
	MOVD	(R3), R3
	CMPBNE	R3, $8, exit
	MOVD	$0, R2
exit:
	MOVD	$248, R1
	SYSCALL
	RET
