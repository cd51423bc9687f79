"""The shape of a synthetic council: how many pods and children, and the rates that drive its history.

Rates are calibrated against published figures: about 14% of looked-after children in the seed council had
3 or more social workers in a year, about 25% nationally (DfE, SSDA903 social worker module).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Size:
    pods: int
    open_children: int
    transfers_per_case_year: float
    """Changes of worker other than a worker leaving: caseload management, process, requests."""
    leavers_per_worker_year: float
    care_entry_transfer: float
    """The chance that a child's worker changes when the child comes into care."""
    cross_pod_share: float
    agency_share: float

    def scaled(self, pods: int) -> Size:
        """The same rates for another number of pods, keeping children per pod."""
        per_pod = self.open_children / self.pods
        return Size(
            pods,
            round(per_pod * pods),
            self.transfers_per_case_year,
            self.leavers_per_worker_year,
            self.care_entry_transfer,
            self.cross_pod_share,
            self.agency_share,
        )


SIZES = {
    "town": Size(25, 2000, 0.42, 0.14, 0.25, 0.15, 0.10),
    "city": Size(80, 6400, 0.40, 0.16, 0.30, 0.20, 0.14),
    "national": Size(1200, 96000, 0.62, 0.18, 0.45, 0.30, 0.18),
}

HISTORY_DAYS = 730

AREAS = ("North", "South", "East", "West", "Central", "Riverside", "Hill", "Park", "Harbour", "Valley")
GIVEN_NAMES = (
    "Amara", "Ben", "Chloe", "Daniel", "Ella", "Finley", "Grace", "Harry", "Isla", "Jack", "Keira", "Leo",
    "Maya", "Noah", "Olivia", "Priya", "Quinn", "Ruby", "Sami", "Theo", "Uma", "Vinnie", "Willow", "Yusuf",
    "Zara", "Aiden", "Bethany", "Callum", "Darcy", "Ethan", "Freya", "Gabriel", "Hana", "Idris", "Jasmine",
    "Kai", "Lily", "Mohammed", "Nia", "Oscar",
)  # fmt: skip
FAMILY_NAMES = (
    "Jones", "Smith", "Osei", "Khan", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson", "Thomas",
    "Roberts", "Johnson", "Lewis", "Walker", "Robinson", "Wood", "Thompson", "White", "Watson", "Ahmed",
    "Begum", "Nowak", "Kowalski", "Okafor", "Mensah", "Patel", "Singh", "Hughes", "Green", "Hall", "Clarke",
)  # fmt: skip

# SSDA903 legal statuses for children coming into care, with their weights.
LEGAL_STATUSES = (("C2", 30), ("C1", 22), ("V2", 30), ("E1", 4), ("L2", 3), ("J2", 2), ("V3", 5), ("V4", 4))
CP_CATEGORIES = (("NEG", 50), ("EMO", 33), ("PHY", 8), ("SAB", 4), ("MUL", 5))
TRANSFER_REASONS = (
    ("MANAGE", 36), ("TSPROC", 22), ("ABSENC", 8), ("ORGRST", 5), ("CHCHAN", 5), ("PCCHAN", 8), ("OTHERS", 16),
)  # fmt: skip
COVER_REASONS = (("leave", 55), ("sickness", 30), ("court", 10), ("duty", 5))
