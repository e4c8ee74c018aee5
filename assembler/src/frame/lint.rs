//! Frame lint (placeholder).
