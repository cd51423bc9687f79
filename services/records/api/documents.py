"""The subject access export as a document a person reads: plain HTML, every value escaped, printable."""

from __future__ import annotations

from html import escape
from typing import Any

from services.records.api.schemas.subject_access import HeldEntryOut, SubjectAccessOut

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;line-height:1.45;color:#111}"
    "h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #999}article{border-top:1px solid #ddd;"
    "padding:.6rem 0}.meta{color:#555;font-size:.9rem}.flag{color:#a00;font-weight:600}"
    ".named{background:#fff6d5;padding:.3rem .5rem}p{white-space:pre-wrap}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}"
)


def _cell(value: Any) -> str:
    return escape("" if value is None else str(value))


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    if not rows:
        return "<p>None held.</p>"
    head = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(row.get(c))}</td>" for c in columns) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _entry(entry: HeldEntryOut) -> str:
    flags = []
    if entry.status == "draft":
        flags.append("Draft (not completed)")
    if entry.entered_in_error:
        flags.append(f"Entered in error: {entry.entered_in_error}")
    parts = [
        f"<h3>{_cell(entry.occurred_on)} · {_cell(entry.title)}</h3>",
        f'<div class="meta">{_cell(entry.entry_type.replace("_", " "))} · {_cell(entry.source)}'
        + (f" · written by {_cell(entry.author)}" if entry.author else "")
        + (f" · recorded {_cell(entry.recorded_at)}" if entry.recorded_at else "")
        + "</div>",
    ]
    parts += [f'<div class="flag">{escape(flag)}</div>' for flag in flags]
    if entry.purpose:
        parts.append(f"<p><strong>Purpose:</strong> {_cell(entry.purpose)}</p>")
    if entry.text:
        parts.append(f"<p>{_cell(entry.text)}</p>")
    for name, words in entry.sections.items():
        parts.append(f"<p><strong>{escape(name)}:</strong> {_cell(words)}</p>")
    for appendment in entry.appendments:
        added = f"Added by {_cell(appendment.author)} on {_cell(appendment.appended_at)}:"
        parts.append(f"<p><em>{added}</em> {_cell(appendment.text)}</p>")
    if entry.facts:
        facts = ", ".join(f"{escape(str(k))}: {_cell(v)}" for k, v in sorted(entry.facts.items()) if v is not None)
        parts.append(f'<div class="meta">{facts}</div>')
    if entry.also_names:
        named = "; ".join(f"{_cell(n.name)} ({_cell(n.kind)})" for n in entry.also_names)
        parts.append(f'<div class="named">Also names: {named}</div>')
    return f"<article>{''.join(parts)}</article>"


def subject_access_html(record: SubjectAccessOut) -> str:
    subject = record.subject
    who = subject.get("la_child_id") or f"{subject.get('given_name', '')} {subject.get('family_name', '')}".strip()
    details = _table([subject], [key for key in subject if key != "kind"])
    people = _table(
        [
            {"name": f"{p.given_name} {p.family_name}", "relationship": ", ".join(f.relationship for f in p.families)}
            | {"organisation": p.organisation, "contact": p.contact}
            for p in record.people
        ],
        ["name", "relationship", "organisation", "contact"],
    )
    named = sum(1 for e in record.entries if e.also_names)
    cases = _table([c.model_dump() for c in record.cases], ["referral_date", "closed_on", "closure_reason"])
    statuses = _table(
        [s.model_dump() for s in record.statuses], ["kind", "start", "end", "cp_category", "legal_status"]
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Subject access: {_cell(who)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Records held about {_cell(subject.get('kind'))} {_cell(who)}</h1>"
        f'<p class="meta">Produced {_cell(record.generated_at)} for a subject access request. '
        f"{len(record.entries)} entries; {named} name other people and are marked for redaction review.</p>"
        f"<h2>Details</h2>{details}"
        f"<h2>Cases</h2>{cases}<h2>Statuses</h2>{statuses}"
        f"<h2>People around the child</h2>{people}"
        f"<h2>Entries, oldest first</h2>{''.join(_entry(e) for e in record.entries) or '<p>None held.</p>'}"
        "</body></html>"
    )
