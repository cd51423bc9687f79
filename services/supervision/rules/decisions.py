"""What makes a decision a decision: words that say what will happen, and a rationale that says why.

"Case discussed, plan agreed" records that a meeting happened, not what was decided; a record like that cannot be
relied on in court or by the next worker, so it is refused.
"""

from __future__ import annotations

import re

# Phrases that, alone, say nothing about what was decided (lower case, punctuation dropped).
SAYS_NOTHING = frozenset(
    {
        "agreed",
        "as above",
        "as discussed",
        "case discussed",
        "case discussed plan agreed",
        "case discussed and plan agreed",
        "continue",
        "continue as planned",
        "continue with plan",
        "continue with the plan",
        "discussed",
        "discussed in supervision",
        "for review",
        "n a",
        "na",
        "no change",
        "no changes",
        "none",
        "noted",
        "nothing to add",
        "plan agreed",
        "plan to continue",
        "see above",
        "see notes",
    }
)
FEWEST_WORDS = 3


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def says_nothing(text: str) -> bool:
    """True when the text records no decision (or no reason): empty, a stock phrase, or under three words."""
    words = _words(text)
    return len(words) < FEWEST_WORDS or " ".join(words) in SAYS_NOTHING


def refusal(decision: str, rationale: str) -> tuple[str, str] | None:
    """(field, why) when the decision or its rationale would not stand as a record; None when both do."""
    if says_nothing(decision):
        return "decision", "a decision says what will happen (who, what, by when), not only that the case was discussed"
    if says_nothing(rationale):
        return "rationale", "a decision needs its rationale: why this, on what the pod knows of the child's safety"
    if _words(rationale) == _words(decision):
        return "rationale", "the rationale repeats the decision; say why it was decided"
    return None
