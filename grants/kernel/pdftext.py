"""Text for reportlab's paragraphs, which read a small markup language (<b>, <font>, <a href>, <img src>,
&entities;): whatever people or staff typed is escaped here, so that it prints as typed, never as markup that
breaks the PDF or pulls in a file."""

from __future__ import annotations

from xml.sax.saxutils import escape

from grants.kernel.inputs import strip_controls


def paragraph_text(value) -> str:
    """`value` as a paragraph's markup: escaped, line breaks kept."""
    return escape(strip_controls(str(value if value is not None else ""))).replace("\n", "<br/>")
