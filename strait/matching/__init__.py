"""Name matching across Arabic and Latin scripts, as a plain Python library (no Django).

    >>> from strait.matching import Index
    >>> index = Index()
    >>> index.add("ma-1", names=["عبد اللطيف الخطابي"], birth_dates=["1980-03-12"])
    >>> [m.record_id for m in index.search(names=["Abdelatif El Khattabi"]) if m.flagged]
    ['ma-1']

See docs/matching.md for the pipeline, the features and their weights.
"""

from strait.matching.dates import PartialDate, parse_date
from strait.matching.identifiers import IdentifierKind, InvalidIdentifier, identifier_key
from strait.matching.index import Index
from strait.matching.scoring import THRESHOLD, Explanation, Match
from strait.matching.tokens import NameToken, parse_name

__all__ = [
    "THRESHOLD",
    "Explanation",
    "IdentifierKind",
    "Index",
    "InvalidIdentifier",
    "Match",
    "NameToken",
    "PartialDate",
    "identifier_key",
    "parse_date",
    "parse_name",
]
