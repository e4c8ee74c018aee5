//! Go's pc-value tables (cmd/internal/obj/pcln.go): pcsp and pcdata.
