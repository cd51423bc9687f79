#!/usr/bin/env python3
"""Write the hand-made sample folders sample_clean/<ruleset>/ and sample_bad/<ruleset>/.

The same children are written for each reporting year, their dates moved by whole years, because the SW rules
check dates against the collection year (1 April .. 31 March). Dates are written dd/mm/yyyy, as the package reads
them. Plain python, no venv needed:  python3 tools/validate903/make_samples.py
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
RULESETS = {"lac2023_24": 2024, "lac2024_25": 2025, "lac2025_26": 2026}  # ruleset -> collection end year

HEADER_COLS = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
EPISODE_COLS = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"]
SW_COLS = ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"]


def d(text: str, end_year: int) -> str:
    """'dd/mm/Y-1' style template -> a real date. Y is the collection end year (31/03/Y)."""
    if not text or "/" not in text:
        return text
    dd, mm, yy = text.split("/")
    if yy.startswith("Y"):
        yy = str(end_year + int(yy[1:] or 0))
    return f"{dd}/{mm}/{yy}"


# ---- children: (CHILD, SEX, DOB, UPN) ; episodes ; sw episodes -------------------------------------------------
# Dates are templates: "10/05/Y-3" = 10 May three years before the collection end year.
# The reporting year runs 01/04/Y-1 .. 31/03/Y.

CLEAN = {
    "header": [
        ("1001", "1", "15/06/Y-10", "A123456789012"),
        ("1002", "2", "02/02/Y-6", "A123456789013"),
        ("1003", "1", "21/11/Y-13", "A123456789014"),
        ("1004", "2", "08/08/Y-3", "A123456789015"),
    ],
    # CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN
    "episodes": [
        # in care since three years ago, one open episode
        ("1001", "10/05/Y-3", "S", "C2", "N1", "U4", "PR1", "", "", "", "TW9 1AA", "TW10 5AA", "XXXXXXX"),
        # came into care during the year
        ("1002", "01/09/Y-1", "S", "C1", "N2", "U4", "PR1", "", "", "", "TW9 1AB", "TW10 5AB", "XXXXXXX"),
        # in care for five years
        ("1003", "03/02/Y-5", "S", "C2", "N1", "U5", "PR1", "", "", "", "TW9 1AD", "TW10 5AA", "XXXXXXX"),
        # came into care during the year, under an interim care order
        ("1004", "14/10/Y-1", "S", "C1", "N1", "U4", "PR1", "", "", "", "TW9 1AA", "TW10 5AB", "XXXXXXX"),
    ],
    # CHILD, SW_ID, SW_DECOM, SW_DEC, SW_REASON   (DOB is copied from the header)
    "sw": [
        # 1001: one change in the year (worker left the role), handed over on the same day
        ("1001", "SW0001", "10/05/Y-3", "14/06/Y-1", "FCONTA"),
        ("1001", "SW0002", "14/06/Y-1", "", "LEFTRL"),
        # 1002: allocated on the day care began, then a change after a 2-day gap (within the 7 days allowed)
        ("1002", "SW0003", "01/09/Y-1", "01/12/Y-1", "FCONTA"),
        ("1002", "SW0004", "03/12/Y-1", "", "ABSENC"),
        # 1003: A -> B -> A in the year (2 distinct workers, 2 changes)
        ("1003", "SW0005", "03/02/Y-5", "30/06/Y-1", "FCONTA"),
        ("1003", "SW0006", "30/06/Y-1", "15/11/Y-1", "ORGRST"),
        ("1003", "SW0005", "15/11/Y-1", "", "MANAGE"),
        # 1004: one worker since the day care began
        ("1004", "SW0007", "14/10/Y-1", "", "FCONTA"),
    ],
}

# Each bad child carries one deliberate defect (README lists what each one triggers, as observed).
BAD = {
    "header": [(f"20{n:02d}", "1" if n % 2 else "2", "01/07/Y-9", f"B1234567890{n:02d}") for n in range(1, 19)],
    "episodes": [
        (f"20{n:02d}", "01/04/Y-4", "S", "C2", "N1", "U4", "PR1", "", "", "", "TW9 1AA", "TW10 5AA", "XXXXXXX")
        for n in range(1, 19) if n not in (9, 10, 11, 12)
    ] + [
        # 2009: looked after on 31 March, but no SW episode at all
        ("2009", "01/04/Y-4", "S", "C2", "N1", "U4", "PR1", "", "", "", "TW9 1AA", "TW10 5AA", "XXXXXXX"),
        # 2010: a placement change during the year (its open episode has RNE=P), SW history itself clean
        ("2010", "01/04/Y-4", "S", "C2", "N1", "U4", "PR1", "20/08/Y-1", "X1", "CARPL", "TW9 1AA", "TW10 5AA", "XXXXXXX"),
        ("2010", "20/08/Y-1", "P", "C2", "N1", "U5", "PR1", "", "", "", "TW9 1AA", "TW10 5AB", "XXXXXXX"),
        # 2011: came into care during the year, worker allocated 3 weeks BEFORE care began (CIN/CP worker)
        ("2011", "01/10/Y-1", "S", "C1", "N1", "U4", "PR1", "", "", "", "TW9 1AA", "TW10 5AA", "XXXXXXX"),
        # 2012: left care during the year (adopted), SW episodes closed when care ended
        ("2012", "01/04/Y-4", "S", "C2", "N1", "U4", "PR1", "10/01/Y", "E11", "", "TW9 1AA", "TW10 5AA", "XXXXXXX"),
    ],
    "sw": [
        # 2001: GAP of 18 days between two workers (over the 7 allowed)
        ("2001", "SW0101", "01/04/Y-4", "01/07/Y-1", "FCONTA"),
        ("2001", "SW0102", "19/07/Y-1", "", "LEFTRL"),
        # 2002: OVERLAP - the next worker starts 2 months before the previous one ended
        ("2002", "SW0103", "01/04/Y-4", "30/09/Y-1", "FCONTA"),
        ("2002", "SW0104", "01/08/Y-1", "", "MANAGE"),
        # 2003: OVERLAP - previous episode never closed (no SW_DEC) but a new one started
        ("2003", "SW0105", "01/04/Y-4", "", "FCONTA"),
        ("2003", "SW0106", "01/09/Y-1", "", "MANAGE"),
        # 2004: NO OPEN WORKER on 31 March - last episode ended in January
        ("2004", "SW0107", "01/04/Y-4", "15/01/Y", "FCONTA"),
        # 2005: NO OPEN WORKER on 31 March - last episode ended 3 days before 31 March
        ("2005", "SW0108", "01/04/Y-4", "28/03/Y", "FCONTA"),
        # 2006: INVALID SW_REASON code
        ("2006", "SW0109", "01/04/Y-4", "", "NOTACD"),
        # 2007: SW_ID not starting with SW / XX
        ("2007", "AB0110", "01/04/Y-4", "", "FCONTA"),
        # 2008: dates in ISO yyyy-mm-dd instead of dd/mm/yyyy: SW_DEC of the 1st episode, SW_DECOM of the 2nd
        ("2008", "SW0111", "01/04/Y-4", "ISO:01/06/Y-1", "FCONTA"),
        ("2008", "SW0112", "ISO:01/06/Y-1", "", "LEFTRL"),
        # (2009: no SW rows at all)
        # 2010: clean SW history (defect is in Episodes: a placement change)
        ("2010", "SW0113", "01/04/Y-4", "", "FCONTA"),
        # 2011: worker allocated before the child came into care
        ("2011", "SW0114", "10/09/Y-1", "", "FCONTA"),
        # 2012: left care 10/01; SW episode closed the same day
        ("2012", "SW0115", "01/04/Y-4", "10/01/Y", "FCONTA"),
        # 2013: episode lasting less than 24 hours (SW_DEC = SW_DECOM), then the next worker
        ("2013", "SW0116", "01/04/Y-4", "02/05/Y-1", "FCONTA"),
        ("2013", "SW0117", "02/05/Y-1", "02/05/Y-1", "ABSENC"),
        ("2013", "SW0118", "02/05/Y-1", "", "ABSENC"),
        # 2014: SW_DEC before SW_DECOM
        ("2014", "SW0119", "01/04/Y-4", "10/06/Y-1", "FCONTA"),
        ("2014", "SW0120", "12/06/Y-1", "05/06/Y-1", "MANAGE"),
        ("2014", "SW0121", "12/06/Y-1", "", "MANAGE"),
        # 2015: episode starting after the collection year ends (SW_DECOM in the future)
        ("2015", "SW0122", "01/04/Y-4", "", "FCONTA"),
        ("2015", "SW0123", "05/04/Y", "", "MANAGE"),
        # 2016: missing SW_REASON on an episode that began in the year
        ("2016", "SW0124", "01/04/Y-4", "20/05/Y-1", "FCONTA"),
        ("2016", "SW0125", "20/05/Y-1", "", ""),
        # 2017: an episode that ended two years before the reporting year (should not be in the return)
        ("2017", "SW0126", "01/04/Y-4", "15/01/Y-2", "FCONTA"),
        ("2017", "SW0127", "15/01/Y-2", "", "LEFTRL"),
        # 2018: a 'first contact' (FCONTA) episode that starts before the previous episode ended
        ("2018", "SW0128", "01/04/Y-4", "01/10/Y-1", "FCONTA"),
        ("2018", "SW0129", "20/09/Y-1", "", "FCONTA"),
    ],
}


def write(folder: Path, spec: dict, end_year: int) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    dob = {c: d(b, end_year) for c, _s, b, _u in spec["header"]}

    def iso_fix(v: str) -> str:  # "ISO:01/06/Y-1" -> "2024-06-01" (the deliberately wrong ISO format)
        if v.startswith("ISO:"):
            dd, mm, yyyy = d(v[4:], end_year).split("/")
            return f"{yyyy}-{mm}-{dd}"
        return d(v, end_year)

    with open(folder / "header.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER_COLS)
        for child, sex, b, upn in spec["header"]:
            # SEX is coded 1/2 up to 2023-24 and M/F/U from 2024-25 (rule 101); the SW rules do not read it
            if end_year >= 2025:
                sex = {"1": "M", "2": "F"}.get(sex, sex)
            mother = "0" if sex in ("2", "F") else ""  # rule 393: MOTHER (0/1) is required for girls
            w.writerow([child, sex, d(b, end_year), "WBRI", upn, mother, ""])
    with open(folder / "episodes.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(EPISODE_COLS)
        for row in sorted(spec["episodes"], key=lambda r: r[0]):  # by child, each child's rows kept in order
            w.writerow([d(v, end_year) for v in row])
    with open(folder / "sw_episodes.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(SW_COLS)
        for child, sw_id, decom, dec, reason in spec["sw"]:
            w.writerow([child, dob[child], sw_id, iso_fix(decom), iso_fix(dec), reason])


def main() -> None:
    for ruleset, end_year in RULESETS.items():
        write(HERE / "sample_clean" / ruleset, CLEAN, end_year)
        write(HERE / "sample_bad" / ruleset, BAD, end_year)
    print("wrote", ", ".join(f"sample_{k}/{r}" for k in ("clean", "bad") for r in RULESETS))


if __name__ == "__main__":
    main()
