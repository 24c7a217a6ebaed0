"""What a user types in the debrief search, read once and spelled for each engine.

The language is the same on SQLite and PostgreSQL: every word must occur (any field, any case,
accents ignored), words in double quotes are a phrase, and the last word matches as a prefix
while it is being typed (no space after it yet). Nothing typed is ever read as the engine's own
syntax: only runs of letters and digits reach either engine. SQLite's FTS5 gets quoted strings
(`fts_query`); PostgreSQL gets a `to_tsquery` text (`tsquery_text`) — not
`websearch_to_tsquery`, which has no prefix match. PostgreSQL's index keeps no positions for a
snippet, so `snippet_of` cuts one here the way FTS5's `snippet()` does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Markers around matches in a snippet; control characters never occur in typed text, so the
# snippet can be HTML-escaped first and the markers turned into <b> afterwards.
HIT_OPEN = "\x02"
HIT_CLOSE = "\x03"
ELLIPSIS = "…"
SNIPPET_TOKENS = 14

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    """One thing every match must hold: a word, or a phrase of words in this order."""

    words: tuple[str, ...]
    phrase: bool
    prefix: bool = False  # the last word may be the start of a longer one


def read_query(user_text: str) -> list[Term]:
    """Return the terms of what a user typed (empty when there is nothing to find)."""
    terms: list[Term] = []
    for phrase, word in re.findall(r'"([^"]*)"?|(\S+)', user_text):
        words = tuple(_WORD.findall(phrase if phrase else word))
        if not words:
            continue
        if phrase:
            terms.append(Term(words, phrase=True))
        else:
            terms.extend(Term((w,), phrase=False) for w in words)
    if not terms:
        return []
    last_is_phrase = user_text.rstrip().endswith('"')
    if not last_is_phrase and not user_text[-1:].isspace():
        last = terms[-1]
        terms[-1] = Term(last.words, last.phrase, prefix=True)
    return terms


def fts_query(user_text: str) -> str:
    """Return an FTS5 MATCH expression for what a user typed ("" when there is nothing to find).

    Every word becomes a quoted string (so FTS5 syntax in the input is never interpreted), words
    in double quotes stay a phrase, and the last word is a prefix so results follow typing.
    """
    parts: list[str] = []
    for term in read_query(user_text):
        quoted = (
            ['"' + " ".join(term.words) + '"'] if term.phrase else [f'"{w}"' for w in term.words]
        )
        if term.prefix:
            quoted[-1] += "*"
        parts.extend(quoted)
    return " ".join(parts)


def tsquery_text(user_text: str) -> str:
    """Return a PostgreSQL `to_tsquery` text for what a user typed ("" when nothing to find).

    Words are joined by `&`, a phrase's words by `<->`, the last word gets `:*` as a prefix.
    Folding (case, accents) is left to the database's `fv_fold`, the rule its index was built by.
    """
    parts: list[str] = []
    for term in read_query(user_text):
        lexemes = [f"'{w}'" for w in term.words]
        if term.prefix:
            lexemes[-1] += ":*"
        parts.append(f"({' <-> '.join(lexemes)})" if len(lexemes) > 1 else lexemes[0])
    return " & ".join(parts)


def fold(word: str) -> str:
    """Return a word in lower case without accents (as the indexes compare words)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def snippet_of(fields: Sequence[str | None], user_text: str) -> str:
    """Return the best few words of the best field, matches between HIT_OPEN and HIT_CLOSE.

    As FTS5's snippet(): the field with the most matches, a window of at most SNIPPET_TOKENS
    words around them, one highlight per matched word or phrase, and an ellipsis where the
    field goes on.
    """
    terms = read_query(user_text)
    best: tuple[int, str, list[re.Match[str]], list[tuple[int, int]]] | None = None
    for text in fields:
        tokens = list(_WORD.finditer(text or ""))
        spans = _matches([fold(t.group()) for t in tokens], terms)
        if best is None or len(spans) > best[0]:
            best = (len(spans), text or "", tokens, spans)
    if best is None or not best[2]:
        return ""
    _, text, tokens, spans = best
    marks = [False] * len(tokens)
    for first_hit, last_hit in spans:
        marks[first_hit : last_hit + 1] = [True] * (last_hit - first_hit + 1)
    first = _window(marks)
    last = min(len(tokens), first + SNIPPET_TOKENS) - 1
    opens = {i for i, _ in spans}
    closes = {j for _, j in spans}
    out: list[str] = [ELLIPSIS] if first > 0 else []
    at = tokens[first].start()
    for i in range(first, last + 1):
        token = tokens[i]
        out.append(text[at : token.start()])
        open_here = i in opens or (i == first and marks[i])
        close_here = i in closes or (i == last and marks[i])
        out.append(
            (HIT_OPEN if open_here else "") + token.group() + (HIT_CLOSE if close_here else "")
        )
        at = token.end()
    out.append(ELLIPSIS if last < len(tokens) - 1 else text[at:])
    return "".join(out)


def _matches(folded: list[str], terms: list[Term]) -> list[tuple[int, int]]:
    """Return the (first, last) token of every match of a term, merged where they overlap."""
    found: list[tuple[int, int]] = []
    for term in terms:
        words = [fold(w) for w in term.words]
        size = len(words)
        for i in range(len(folded) - size + 1):
            here = folded[i : i + size]
            if here[:-1] != words[:-1]:
                continue
            if here[-1] == words[-1] or (term.prefix and here[-1].startswith(words[-1])):
                found.append((i, i + size - 1))
    merged: list[tuple[int, int]] = []
    for first, last in sorted(found):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def _window(marks: list[bool]) -> int:
    """Return the first token of the window holding the most matches, matches centred in it."""
    size = SNIPPET_TOKENS
    if len(marks) <= size:
        return 0
    best_start, best_count = 0, -1
    for start in range(len(marks) - size + 1):
        count = sum(marks[start : start + size])
        if count > best_count:
            best_start, best_count = start, count
    inside = [i for i in range(best_start, best_start + size) if marks[i]]
    if not inside:
        return 0
    spare = size - (inside[-1] - inside[0] + 1)
    return max(0, min(len(marks) - size, inside[0] - spare // 2))
