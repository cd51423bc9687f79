"""The allocation rules: pure functions over plain values, no I/O.

The service's commands load rows, call these, and turn the results into facts and responses.
"""
