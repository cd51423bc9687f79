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
VISITS = (
    "Visits: children with a child in need, child protection or looked-after status open on the day. A child is "
    "overdue for a status when its visit is past due by the records service's own clock: from the later of the "
    "status's start and the last day the child was seen (an unsuccessful visit or a child not seen never restarts "
    "it), looked after every 6 weeks (Care Planning, Placement and Case Review (England) Regulations 2010, reg. 28), "
    "child protection every 10 and child in need every 20 working days. CP children seen alone at their last visit: "
    "of CP children ever seen, those whose last day seen is also their last day seen alone. A visit entered in "
    "error is dropped."
)
SUMMARIES = (
    "Case summaries: open cases on the day whose next summary is not past due: the last summary on or before the "
    "day (else the case's opening) plus the cadence that summary carried (else the records service's default, 4 "
    "weeks). Also overdue and due within 7 days."
)
SUPERVISION = (
    "Supervision. Discussed: children with a worker allocated at the end of the day, discussed (a decision about "
    "them) within the shortest interval of their open statuses (supervision's setting, every 4 weeks). Actions: "
    "open on the day (set by then, neither completed nor cancelled by then); overdue: open past its due date. "
    "Scaling: per child, each voice's latest score per question; dropped: a latest score 2 or more points below "
    "that voice's score before."
)
COMPLAINTS = (
    "Complaints: calendar quarters (Q1 is January to March). Per stage, stages whose clock started in the quarter "
    "(receipt for the first stage, the request for stages 2 and 3; a referral to the Ombudsman starts no council "
    "stage) against the same quarter a year earlier; of the stages answered in the quarter, those answered within "
    "the statutory time, extensions included, as the feedback service judged it: Children Act 1989 Representations "
    "Procedure (England) Regulations 2006."
)
COMPLIMENTS = (
    "Compliments received in the quarter per pod (no pod named where none was), beside the same quarter a year "
    "earlier. Never per worker here: a worker's own are in My work."
)
