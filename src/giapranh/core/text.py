"""Text utilities, kept here for the record apps' imports; they live in `giapranh.text` (below every app)."""

from giapranh.text import UncleanText, clean_text, compact, fold

__all__ = ["UncleanText", "clean_text", "compact", "fold"]
