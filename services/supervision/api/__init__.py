"""The supervision REST API: each route authorises, makes one command or query call, and presents the result;
the unit of work commits (shared/runtime/http.py)."""

from fastapi import APIRouter

router = APIRouter()
