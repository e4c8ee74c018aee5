// Included by debug_lines_amd64.s: a macro defined in another file.
#define INCLUDED_STEP(r) \
	SHLQ	$1, r; \
	NOTQ	r
