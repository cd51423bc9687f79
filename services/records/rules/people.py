"""How an adult relates to a family (sibling group): family members, carers and professionals around the child."""

from __future__ import annotations

from typing import Literal

RelationshipCode = Literal[
    "mother",
    "father",
    "step_parent",
    "parent_partner",
    "grandparent",
    "adult_sibling",
    "other_relative",
    "family_friend",
    "foster_carer",
    "kinship_carer",
    "residential_worker",
    "teacher",
    "health_visitor",
    "gp",
    "police",
    "other_professional",
    "other",
]

PROFESSIONALS = frozenset({"teacher", "health_visitor", "gp", "police", "residential_worker", "other_professional"})
