"""The records REST API: each route authorises, calls one command or query, presents."""

from fastapi import APIRouter

router = APIRouter()
