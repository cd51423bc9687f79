"""Reports as JSON, CSV or XLSX: `?format=csv|xlsx`, or the Accept header (api.md: CSV and XLSX for tabular
reports). The JSON is the report itself; CSV and XLSX are its rows, one sheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import Query, Request, Response
from openpyxl import Workbook
from pydantic import BaseModel

Format = Literal["json", "csv", "xlsx"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FormatQuery = Annotated[Format | None, Query(description="json (default), csv or xlsx; or send Accept")]
TABULAR: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}, XLSX: {"schema": {"type": "string"}}}}
}


def chosen(request: Request, format: Format | None) -> Format:
    accept = request.headers.get("accept", "")
    return format or ("csv" if "text/csv" in accept else "xlsx" if XLSX in accept else "json")


def tabular(
    report: BaseModel, fmt: Format, header: Sequence[str], rows: Sequence[Sequence[Any]], filename: str
) -> Response:
    if fmt == "json":
        return Response(report.model_dump_json(), media_type="application/json")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
        return Response(
            buffer.getvalue(),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    book = Workbook()
    sheet = book.active
    sheet.title = filename[:31]
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return Response(
        out.getvalue(), media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'}
    )
