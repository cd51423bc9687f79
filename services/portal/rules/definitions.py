"""What each figure on the Performance page means, a click away from it (kpi.md, as the KPI service computes it)."""

from __future__ import annotations

DFE = (
    "DfE social worker instability (SSDA903 social worker module, from 2023-24). Children looked after on 31 March "
    "of the reporting year, leaving out those looked after only under short-break legal statuses V3 or V4. For each "
    "child, the number of different social workers with an episode overlapping 1 April to 31 March, including "
    "episodes while the child was not looked after; a worker counts once (A, then B, then A again is 2). The "
    "headline is the share with 3 or more."
)
CCO = (
    "Children's Commissioner Stability Index, social worker measure. Children looked after on 31 March with an "
    "open social worker episode that day (V3/V4-only excluded). For each child, the number of changes of social "
    "worker in the 12 months to 31 March; a child's first allocation is not a change (A, then B, then A again is 2 "
    "changes). The headline is the share with 2 or more changes; also shown: at least one change, and changes "
    "that moved the child to another pod."
)
LOCAL = (
    "Local continuity: every child with an open case (not only children looked after), over the 12 months to "
    "the date. The share of children who kept the same social worker throughout, the average number of changes "
    "and of workers per child, how long children have been with their current worker, and the reasons recorded "
    "for each change."
)
MONTHLY = (
    "Monthly monitoring: at each month end, children with an open case, children subject to a child protection "
    "plan, and children looked after excluding unaccompanied asylum-seeking children (and those looked after only "
    "under V3/V4), with the change since the month before. Effective dates drive it, so a past month always "
    "reads the same."
)
CASELOADS = (
    "Caseloads as at today: cases held (each child is one case, siblings included) and weighted points against "
    "capacity, which scales with FTE and role. The DfE workforce average caseload is cases held by case-holding "
    "social workers divided by their FTE, counting workers with FTE above 0 who hold at least one case."
)
