"""Search queries as people type them ("school attendance", "contact with father" -mother, nursery or school),
read the same way on both databases: PostgreSQL's `websearch_to_tsquery` reads them natively; for SQLite's FTS5
they are rewritten here into its own syntax, each term quoted so no input can break the query. Highlights come
back with private markers around the matches, and are made safe HTML here: the text escaped, the matches in
`<mark>`."""

from __future__ import annotations

import html
import re

MATCH_START, MATCH_END = "\x02", "\x03"
MAX_QUERY = 200
_TOKENS = re.compile(r'-?"[^"]*"?|\S+')
_WORDLIKE = re.compile(r"\w", re.UNICODE)


def _quoted(term: str) -> str | None:
    words = term.strip('"')
    if not _WORDLIKE.search(words):
        return None
    return '"' + words.replace('"', '""') + '"'


def fts5_query(typed: str) -> str | None:
    """The FTS5 query for what was typed, or None when nothing in it can match (no words, or only exclusions)."""
    groups: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    for token in _TOKENS.findall(typed):
        if token.lower() == "or":
            join_next = bool(groups)
            continue
        negative = token.startswith("-") and len(token) > 1
        quoted = _quoted(token[1:] if negative else token)
        if quoted is None:
            continue
        if negative:
            excluded.append(quoted)
        elif join_next:
            groups[-1].append(quoted)
        else:
            groups.append([quoted])
        join_next = False
    if not groups:
        return None
    query = " AND ".join(f"({' OR '.join(group)})" for group in groups)
    return f"{query} NOT ({' OR '.join(excluded)})" if excluded else query


def safe_highlight(fragment: str | None) -> str | None:
    """A highlight made by the database with the private markers, as HTML: escaped, matches in `<mark>`."""
    if fragment is None:
        return None
    escaped = html.escape(fragment.replace("\n", " ").strip(), quote=False)
    return escaped.replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>")
