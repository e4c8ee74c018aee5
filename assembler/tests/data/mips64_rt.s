// A minimal "runtime" for linking the mips64 stubs into a static executable in tests (both
// byte orders): it defines what the stubs reference and a __start (the entry symbol of MIPS linkers) that calls reflectcall once
// (40+2 through call32) and exits 0 when the result came back through reflectcallmove.
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
	MOVV	dst+8(FP), R1
	MOVV	src+16(FP), R2
	MOVV	size+24(FP), R3
	MOVV	$result<>(SB), R4
	MOVV	R3, (R4)
loop:
	BEQ	R3, done
	MOVBU	(R2), R5
	MOVBU	R5, (R1)
	ADDV	$1, R1
	ADDV	$1, R2
	ADDV	$-1, R3
	JMP	loop
done:
	RET

// exit(3) and exit(4): n64 exit is syscall 5058
TEXT runtime·badreflectcall(SB), NOSPLIT, $0-0
	MOVV	$3, R4
	MOVV	$5058, R2
	SYSCALL
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT, $0-0
	MOVV	$4, R4
	MOVV	$5058, R2
	SYSCALL
	RET

// callee for reflectcall: ret = a + b
TEXT ·add(SB), NOSPLIT, $0-24
	MOVV	a+0(FP), R1
	MOVV	b+8(FP), R2
	ADDV	R2, R1
	MOVV	R1, ret+16(FP)
	RET

DATA addfn<>+0(SB)/8, $·add(SB)
GLOBL addfn<>(SB), NOPTR, $8

GLOBL args<>(SB), NOPTR, $24

TEXT __start(SB), NOSPLIT, $48-0
	// RSB (R28) is the high half of the text's addresses, as Go's rt0 sets it: symbol
	// addresses are LUI + DADDU RSB + the low half
	BGEZAL	R0, here
here:
	SRLV	$32, R31, RSB
	SLLV	$32, RSB
	MOVV	$rtg<>(SB), g
	MOVV	$args<>(SB), R1
	MOVV	$40, R2
	MOVV	R2, 0(R1)
	MOVV	$2, R2
	MOVV	R2, 8(R1)
	MOVV	R0, 8(R29)
	MOVV	$addfn<>(SB), R2
	MOVV	R2, 16(R29)
	MOVV	R1, 24(R29)
	MOVV	$24, R2
	MOVW	R2, 32(R29)
	MOVV	$16, R2
	MOVW	R2, 36(R29)
	JAL	runtime·reflectcall(SB)
	// exit(args[2] == 42 && result == 8 ? 0 : 1)
	MOVV	$1, R4
	MOVV	$args<>(SB), R1
	MOVV	16(R1), R1
	MOVV	$42, R2
	BNE	R1, R2, exit
	MOVV	$result<>(SB), R2
	MOVV	(R2), R2
	MOVV	$8, R3
	BNE	R2, R3, exit
	MOVV	$0, R4
exit:
	MOVV	$5058, R2
	SYSCALL
	RET
