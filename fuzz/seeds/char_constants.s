TEXT ·f(SB),4,$0
	MOVQ $'\xff', AX
	MOVQ $'\u00e9', BX
	MOVQ $'\377', CX
	RET
