"""The KPI service takes no commands: its read model changes only when events arrive (handlers.py)."""
