"""What the KPI API asks of its read model: figures computed from it (figures.py) by the rules, and the reads
that load it (read_model.py)."""
