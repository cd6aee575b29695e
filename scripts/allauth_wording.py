"""Write locale_overrides/{en,fr}/LC_MESSAGES/django.po: allauth's own strings in the portal's wording.

allauth's English is in Title Case ("Sign In", "Remember Me") and says "email"; its French says "e-mail" and
has no non-breaking space before : ; ? !. The portal writes sentence case and "e-mail" in English, "courriel"
and French typography in French. These catalogs (settings.LOCALE_PATHS, after the portal's own) override
allauth's. Run it again after upgrading allauth:

    python scripts/allauth_wording.py && python manage.py compilemessages --ignore '.venv/*'
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import allauth

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(allauth.__file__).parent / "locale"
TARGET = ROOT / "locale_overrides"
# Words kept capitalized in sentence case.
PROPER = {"I", "TOTP", "WebAuthn", "ID", "URL", "OK", "E-mail"}
HEADER = "\n".join([
    "# allauth's strings in the portal's wording. Written by scripts/allauth_wording.py: do not edit by hand.",
    'msgid ""',
    'msgstr ""',
    '"Language: %s\\n"',
    '"MIME-Version: 1.0\\n"',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Content-Transfer-Encoding: 8bit\\n"',
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
])
PLACEHOLDER = r"%\([^)]*\)[sd]|\{[^}]*\}|<[^>]*>"


def outside_placeholders(text: str, change) -> str:
    """Apply `change` to the text between placeholders and markup, never inside them."""
    parts = re.split(f"({PLACEHOLDER})", text)
    return "".join(part if i % 2 else change(part) for i, part in enumerate(parts))


def english(text: str) -> str:
    def words(part: str) -> str:
        part = re.sub(r"\bEmail\b", "E-mail", part)
        part = re.sub(r"\bemail\b", "e-mail", part)
        return re.sub(r"\bEmails\b", "E-mails", re.sub(r"\bemails\b", "e-mails", part))

    text = outside_placeholders(text, words)
    words_ = text.split(" ")
    title_case = len(words_) > 1 and all(w[:1].isupper() for w in words_ if w[:1].isalpha())
    if title_case:  # "Sign In" -> "Sign in"; sentences are left alone
        text = " ".join([words_[0], *(w if w in PROPER else w.lower() for w in words_[1:])])
    return text


def french(text: str) -> str:
    def words(part: str) -> str:
        for pattern, replacement in (
            (r"\b[Aa]dresses? (e-mail|email|électronique)", lambda m: m.group(0).split(" ")[0] + " courriel"),
            (r"\bun (e-mail|email)\b", "un courriel"),
            (r"\b([LlDd])['’](e-mail|email)\b", lambda m: m.group(1) + "e courriel"),
            (r"\b([Cc])et (e-mail|email)\b", lambda m: m.group(1) + "e courriel"),
            (r"\b(e-mails|emails)\b", "courriels"),
            (r"\b(E-mails|Emails)\b", "Courriels"),
            (r"\b(e-mail|email)\b", "courriel"),
            (r"\b(E-mail|Email)\b", "Courriel"),
        ):
            part = re.sub(pattern, replacement, part)
        # French typography: a non-breaking space before : ; ? ! (never in "http://").
        part = re.sub(r"[ \u00a0\u202f]*([;?!])", "\u00a0\\1", part)
        part = re.sub(r"[ \u00a0\u202f]+:", "\u00a0:", part)
        return re.sub(r"(?<=[^\W\d_]):(?!//)", "\u00a0:", part)

    return outside_placeholders(text, words)


def filter_command(language: str) -> list[str]:
    return [sys.executable, __file__, "--filter", language]


def main() -> None:
    for language in ("en", "fr"):
        source = SOURCE / language / "LC_MESSAGES" / "django.po"
        target = TARGET / language / "LC_MESSAGES" / "django.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        copied = source
        if language == "en":  # allauth's English catalog is empty: start from the msgids
            subprocess.run(["msgen", "-o", str(target), str(source)], check=True)
            copied = target
        subprocess.run(
            ["msgfilter", "--keep-header", "--no-wrap", "-i", str(copied), "-o", str(target),
             *filter_command(language)],
            check=True,
        )
        # Keep only the strings whose wording changed, without fuzzy ones or allauth's source references.
        subprocess.run(["msgattrib", "--no-fuzzy", "--no-obsolete", "--no-location", "--no-wrap",
                        "-o", str(target), str(target)], check=True)
        _drop_unchanged(target, language)


def _drop_unchanged(target: Path, language: str) -> None:
    """Entries that say what allauth already says are removed: the file holds only the portal's changes."""
    reference = target.with_suffix(".allauth.po")
    source = SOURCE / language / "LC_MESSAGES" / "django.po"
    if language == "en":
        subprocess.run(["msgen", "-o", str(reference), str(source)], check=True)
        source = reference
    subprocess.run(["msgattrib", "--no-fuzzy", "--no-obsolete", "--no-location", "--no-wrap",
                    "-o", str(reference), str(source)], check=True)
    theirs = dict(_entries(reference))
    reference.unlink()
    header, entries = _split(target.read_text())
    kept = [text for key, text in entries if theirs.get(key) != text]
    target.write_text("\n\n".join([HEADER % language, *kept]) + "\n")


def _split(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The header, then each entry as (its msgctxt and msgid, its text without comments)."""
    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", text) if b.strip()]
    entries = []
    for block in blocks[1:]:
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        first_msgstr = next(i for i, line in enumerate(lines) if line.startswith("msgstr"))
        entries.append(("\n".join(lines[:first_msgstr]), "\n".join(lines)))
    return blocks[0], entries


def _entries(path: Path) -> list[tuple[str, str]]:
    return _split(path.read_text())[1]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--filter":
        text = sys.stdin.read()
        sys.stdout.write(english(text) if sys.argv[2] == "en" else french(text))
    else:
        main()
