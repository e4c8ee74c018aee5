#include "textflag.h"
TEXT ·f(SB), NOSPLIT, $0-8
	MOVQ SP, BX
	SUBQ $16, SP
	ANDQ $~15, SP
	CALL AX
	MOVQ BX, SP
	RET
TEXT ·g(SB), NOSPLT, $0
	JMP nowhere
	RET
