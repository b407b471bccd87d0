"""Analysts' decisions on candidate pairs (match, no match, unsure): the Django side of
matching, kept apart so that ``strait.matching`` stays a plain Python library."""
