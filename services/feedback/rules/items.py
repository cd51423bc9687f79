"""Questionnaire items and item banks, and how an answer is read.

Three kinds of item share one engine: a 1-5 scale (1 strongly disagree, 3 neither, 5 strongly agree), yes or no
(stored as 1 or 0), and a share of working time in per cent (the staff health check's "how social workers spend
their time"). The ready-made banks are the seed council's two questionnaires (its children in care council's and its
parents', 10 items each) and its staff social work health check.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from services.feedback.rules.refusals import Refused

Kind = Literal["scale", "yes_no", "share_of_time"]


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    text: str
    kind: Kind = "scale"


@dataclass(frozen=True, slots=True)
class ItemBank:
    code: str
    title: str
    audience: str
    items: tuple[Item, ...]

    def item(self, code: str) -> Item | None:
        return next((item for item in self.items if item.code == code), None)


def _scale(prefix: str, *texts: str) -> tuple[Item, ...]:
    return tuple(Item(f"{prefix}_{number:02d}", text) for number, text in enumerate(texts, start=1))


CHILDREN_IN_CARE_COUNCIL = ItemBank(
    "children_in_care_council",
    "Children in care council: what we think of our social workers",
    "children_in_care",
    _scale(
        "cic",
        "I know who my social worker is",
        "My social worker listens to me",
        "My social worker visits me often enough",
        "I can get hold of my social worker when I need to",
        "My social worker explains decisions about my life",
        "My views count in my plans and reviews",
        "I have kept the same social worker for as long as I wanted",
        "I feel safe where I live",
        "I know how to complain if I need to",
        "My social worker helps me keep in touch with people who matter to me",
    ),
)

PARENTS = ItemBank(
    "parents",
    "Parents: working with our social worker",
    "parents",
    _scale(
        "par",
        "I know who my social worker is and how to contact them",
        "My social worker listens to me",
        "My social worker is honest with me about their worries",
        "I understand what needs to happen for things to get better",
        "My social worker explains things in a way I understand",
        "My social worker does what they say they will do",
        "We have kept the same social worker",
        "When my social worker was away I knew who to contact",
        "My family's views were part of the plans and decisions",
        "Things are better for my family since we started working together",
    ),
)

SOCIAL_WORK_HEALTH_CHECK = ItemBank(
    "social_work_health_check",
    "Social work health check",
    "staff",
    (
        Item("hc_caseload_reasonable", "My caseload is reasonable", "yes_no"),
        Item("hc_beyond_hours", "I regularly work beyond my contracted hours", "yes_no"),
        Item("hc_reflective_supervision", "I have regular reflective supervision", "yes_no"),
        Item("hc_recommend", "I would recommend the service as a place to work", "yes_no"),
        Item("hc_time_direct_work", "Share of my time: direct work with children and families", "share_of_time"),
        Item("hc_time_recording", "Share of my time: recording and case administration", "share_of_time"),
        Item("hc_time_meetings_court", "Share of my time: meetings and court", "share_of_time"),
        Item("hc_time_travel", "Share of my time: travel", "share_of_time"),
        Item("hc_time_learning", "Share of my time: supervision, training and reflection", "share_of_time"),
        Item("hc_supported_by_pod", "I feel supported by my pod"),
        Item("hc_tools", "I have the tools and technology I need"),
        Item("hc_valued", "I feel valued by the council"),
        Item("hc_proud", "I am proud of the difference we make"),
    ),
)

ITEM_BANKS: dict[str, ItemBank] = {
    bank.code: bank for bank in (CHILDREN_IN_CARE_COUNCIL, PARENTS, SOCIAL_WORK_HEALTH_CHECK)
}


def check_items(items: Sequence[Item]) -> None:
    if not items:
        raise Refused("a questionnaire has at least one item", field="items")
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.code in seen:
            raise Refused(f"item code {item.code!r} is used twice", field=f"items.{index}.code")
        seen.add(item.code)


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer as given: exactly one of a score, a yes or no, or a per cent share, as the item asks."""

    item: str
    score: int | None = None
    yes: bool | None = None
    percent: int | None = None


_FIELD_OF_KIND: dict[Kind, str] = {"scale": "score", "yes_no": "yes", "share_of_time": "percent"}


def answer_values(items: Iterable[Item], answers: Sequence[Answer]) -> dict[str, float]:
    """Each answer as the number stored: a score 1-5, 1 for yes and 0 for no, or a per cent share. Items may be
    skipped; an item answered twice, an item not in the run, or an answer of the wrong kind is refused."""
    by_code = {item.code: item for item in items}
    values: dict[str, float] = {}
    for index, answer in enumerate(answers):
        item = by_code.get(answer.item)
        if item is None:
            raise Refused(f"{answer.item!r} is not an item of this questionnaire", field=f"answers.{index}.item")
        if answer.item in values:
            raise Refused(f"{answer.item!r} is answered twice", field=f"answers.{index}.item")
        values[answer.item] = _value(item, answer, index)
    if not values:
        raise Refused("a response answers at least one item", field="answers")
    shares = sum(value for code, value in values.items() if by_code[code].kind == "share_of_time")
    if shares > 100:
        raise Refused(f"the shares of time add up to {shares:g}%, more than 100%", field="answers")
    return values


def _value(item: Item, answer: Answer, index: int) -> float:
    wanted = _FIELD_OF_KIND[item.kind]
    given = {"score": answer.score, "yes": answer.yes, "percent": answer.percent}
    if given[wanted] is None or any(value is not None for name, value in given.items() if name != wanted):
        raise Refused(f"{item.code!r} is answered with {wanted} only", field=f"answers.{index}.{wanted}")
    if answer.score is not None:
        if not 1 <= answer.score <= 5:
            raise Refused("a score is from 1 to 5", field=f"answers.{index}.score")
        return float(answer.score)
    if answer.percent is not None:
        if not 0 <= answer.percent <= 100:
            raise Refused("a share of time is from 0 to 100 per cent", field=f"answers.{index}.percent")
        return float(answer.percent)
    return 1.0 if answer.yes else 0.0
