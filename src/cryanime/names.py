"""How names are folded for looking titles up: the words of a name, its key (case, width,
punctuation and spacing folded away) and its trigrams. The data model indexes names with
these; :mod:`cryanime.matching` applies the lookup rules."""

from __future__ import annotations

import re

# Compiled by `re` on first use (and cached there), not at import: not every run looks
# a name up.
_WORD = r"\w+"
_NOT_KEY = r"[\W_]+"


def fold(text: str) -> str:
    """Case and width folded, apostrophes dropped: what words and keys are made of. ASCII
    text is its own NFKC form, so only other text is normalised (unicodedata is imported
    for it alone: a run asked in ASCII words never loads it)."""
    if not text.isascii():
        import unicodedata

        text = unicodedata.normalize("NFKC", text)
    return text.casefold().replace("'", "").replace("\u2019", "")


def words(text: str) -> list[str]:
    """The words of a name or query: 'Natsume's Book' -> ['natsumes', 'book']."""
    return re.findall(_WORD, fold(text))


def key(text: str) -> str:
    """A name with case, width, punctuation and spacing folded away (every character
    that is not str.isalnum(), which is what [\\W_] matches)."""
    return key_of_folded(fold(text))


# What [\W_] matches in ASCII: every byte but letters and digits (bytes.translate drops
# them five times as fast as the pattern does, encoding and decoding included).
_NOT_KEY_ASCII = bytes(c for c in range(128) if not chr(c).isalnum())


def key_of_folded(folded: str) -> str:
    """key() of a text already folded (fold())."""
    if folded.isascii():
        return folded.encode("ascii").translate(None, _NOT_KEY_ASCII).decode("ascii")
    return re.sub(_NOT_KEY, "", folded)


def trigrams(text: str) -> set[str]:
    """The runs of three characters in `text` (none when it is shorter)."""
    return {text[i:i + 3] for i in range(len(text) - 2)}
