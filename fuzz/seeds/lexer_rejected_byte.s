TEXT ·f(SB),4,$0
	MOVQ $1, AX 
	RET
