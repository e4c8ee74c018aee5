TEXT ·f(SB),4,$0
	RET
GLOBL ·f(SB), $8
TEXT main·f(SB),4,$0
	RET
