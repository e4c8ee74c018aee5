// A minimal "runtime" for linking the ppc64 stubs into a static executable in tests (both byte
// orders): it defines what the stubs reference and a _start that calls reflectcall once (40+2
// through call32) and exits 0 when the result came back through reflectcallmove. On ELFv1
// (ppc64) _start's symbol is its .opd descriptor, which is what the kernel and qemu enter
// through.
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
	MOVD	dst+8(FP), R3
	MOVD	src+16(FP), R4
	MOVD	size+24(FP), R5
	MOVD	$result<>(SB), R6
	MOVD	R5, (R6)
	CMP	R5, $0
	BEQ	done
loop:
	MOVBZ	(R4), R7
	MOVB	R7, (R3)
	ADD	$1, R4
	ADD	$1, R3
	ADD	$-1, R5
	CMP	R5, $0
	BNE	loop
done:
	RET

TEXT runtime·badreflectcall(SB), NOSPLIT, $0-0
	MOVD	$3, R3
	SYSCALL	$234
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT, $0-0
	MOVD	$4, R3
	SYSCALL	$234
	RET

// callee for reflectcall: ret = a + b
TEXT ·add(SB), NOSPLIT, $0-24
	MOVD	a+0(FP), R3
	MOVD	b+8(FP), R4
	ADD	R4, R3
	MOVD	R3, ret+16(FP)
	RET

// a FuncVal for ·add: its first word is the code (on ELFv1 the code, not the descriptor)
DATA addfv<>+0(SB)/8, $·add(SB)
GLOBL addfv<>(SB), RODATA, $8

DATA args<>+0(SB)/8, $40
DATA args<>+8(SB)/8, $2
DATA args<>+16(SB)/8, $0
GLOBL args<>(SB), NOPTR, $24

TEXT _start(SB), NOSPLIT, $32-0
	MOVD	$rtg<>(SB), g
	MOVD	$0, R3
	MOVD	R3, 32(R1)
	MOVD	$addfv<>(SB), R3
	MOVD	R3, 40(R1)
	MOVD	$args<>(SB), R3
	MOVD	R3, 48(R1)
	MOVD	$24, R3
	MOVW	R3, 56(R1)
	MOVD	$16, R3
	MOVW	R3, 60(R1)
	BL	runtime·reflectcall(SB)
	MOVD	$args<>(SB), R3
	MOVD	16(R3), R4
	CMP	R4, $42
	BNE	bad
	MOVD	$result<>(SB), R3
	MOVD	(R3), R4
	CMP	R4, $8
	BNE	bad
	MOVD	$0, R3
	SYSCALL	$234
bad:
	MOVD	$1, R3
	SYSCALL	$234
	RET
