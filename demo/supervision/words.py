"""What the synthetic pods say in supervision: a small bank of Signs of Safety mappings, decisions with their
reasons, and actions, written the way pod managers record them. Never about a real child."""

from __future__ import annotations

HARM = (
    "Bruising to the upper arm seen at school; mother's account does not fit the marks.",
    "Police called twice to domestic abuse at the home in the last month; the children were present.",
    "The children were found home alone overnight; the house was cold and there was no food.",
    "Missed health appointments for the baby's weight; the health visitor is worried about her growth.",
    "The young person went missing for two nights and was found with older men in another town.",
    "Father's drinking has led to him collapsing while caring for the children.",
)
COMPLICATING = (
    "Mother's new partner is not known to services and will not meet us.",
    "The family have moved three times this year; school places keep changing.",
    "Mother's low mood: she has stopped taking her medication.",
    "Father minimises the violence and blames the children's behaviour.",
    "The extended family are estranged after a dispute over the grandparents' house.",
    "English is the family's second language and an interpreter has not always been booked.",
)
DANGER = (
    "We are worried that the children will be hurt again when the adults argue and drink.",
    "We are worried that the baby will not grow and thrive if her feeds are missed.",
    "We are worried that the young person will be sexually exploited if she keeps going missing.",
    "We are worried that the children will be left without a safe adult overnight.",
)
STRENGTHS = (
    "Grandmother lives nearby, is trusted by the children and has offered to help.",
    "School know the children well and see them every day; attendance is good.",
    "Mother engaged with the parenting course and attended every session.",
    "The young person has a strong bond with her youth worker and talks to her.",
    "Father has been sober for six weeks and is attending his recovery group.",
)
EXISTING_SAFETY = (
    "Grandmother has had the children every weekend for a month and they are calm afterwards.",
    "Mother called the police herself at the last incident and kept the children upstairs.",
    "The baby has gained weight at the last two clinic visits.",
    "The young person has come home by 10pm every night this fortnight.",
)
SAFETY_GOALS = (
    "A sober adult is with the children every evening, checked by the network.",
    "The baby is weighed every two weeks and keeps gaining weight for three months.",
    "The young person has a safety plan she helped write and uses it when she feels unsafe.",
    "The network meets monthly and everyone knows their part of the safety plan.",
)
NEXT_STEPS = (
    "Family network meeting; checks on the partner; share the plan with school.",
    "Health visitor to increase visits; agree a feeding plan with mother.",
    "Return home interviews after every missing episode; refer to the exploitation team.",
    "Direct work with the children using the three houses tool.",
)
HYPOTHESES = (
    "The drinking follows the father's move out; mother may be isolated and overwhelmed.",
    "The missing episodes began when the young person's placement changed; she may be looking for belonging.",
    "Mother's low mood may explain the missed appointments more than unwillingness.",
    "",
)
DECISIONS = (
    (
        "Convene a family network meeting within two weeks to agree who supervises the children at weekends.",
        "Grandmother is willing and trusted by the children; a plan built with the family is likelier to hold.",
    ),
    (
        "Continue the child protection plan; review at the core group on the date set, with the police check back.",
        "The danger statement is unchanged and the partner's history is not yet known; safety is not yet shown.",
    ),
    (
        "Step down to a child in need plan from the next review if the network plan holds for a month.",
        "Three months of safe weekends, seen by school and grandmother; the family asked for less involvement.",
    ),
    (
        "Request a legal planning meeting to consider the pre-proceedings process.",
        "Safety has not improved despite the plan; the pod agrees the threshold may be met and advice is needed.",
    ),
    (
        "Increase visits to weekly, at least one unannounced, and see the children alone each time.",
        "The children's accounts differ from their mother's; the pod needs to hear from them directly.",
    ),
    (
        "Refer to the exploitation panel and agree a return home interview after every missing episode.",
        "The pattern of going missing and the older men involved meet the panel's threshold.",
    ),
    (
        "Keep the placement; arrange sibling contact fortnightly and life story work with the worker.",
        "She is settled at school and says she wants to stay; she misses her brother most.",
    ),
)
DISSENT = (
    "The senior social worker thought a legal planning meeting should be requested now.",
    "The worker in training felt the children's views had not been heard enough to decide.",
)
ACTIONS = (
    "Invite the family network to a meeting and share the danger statement",
    "Police and health checks on mother's partner",
    "Visit unannounced and see the children alone",
    "Ask school for attendance and their observations",
    "Book an interpreter for the next family meeting",
    "Direct work with the children: three houses",
    "Update the chronology and the assessment",
    "Speak to the health visitor about the feeding plan",
    "Arrange sibling contact and tell the carers",
    "Complete the return home interview",
)
AUDIT_DONE_WELL = (
    "The child's views are recorded in their own words throughout and shape the plan.",
    "The worker has known the family for over a year and the relationship shows in every visit.",
    "Management oversight is clear: each decision is recorded with its reasons.",
)
AUDIT_MUST_IMPROVE = (
    "The plan's timescales slipped twice without a recorded reason.",
    "The child's identity needs (faith, culture and language) are not addressed in the plan.",
    "Chronology not updated since the last transfer; significant events are missing.",
)
