"""The search key (migration 0003) keeps Arabic words in PostgreSQL's trigram index."""

from __future__ import annotations

import importlib

from strait.exchange import search


def test_migration_holds_the_same_key_as_search() -> None:
    migration = importlib.import_module("strait.exchange.migrations.0003_search_key_trigram_index")
    assert (migration.KEY_FROM, migration.KEY_TO) == (search.KEY_FROM, search.KEY_TO)


def test_key_maps_each_folded_arabic_letter_to_its_own_ascii_one() -> None:
    folded = search.fold("أسلحة شحنة إرهاب")
    key = search.search_key(folded)
    assert key.isascii()
    # The 29 letters left after folding, each to a different one (variants like ک may share).
    letters = search.KEY_FROM[:29]
    assert len({search.search_key(c) for c in letters}) == 29
    assert search.search_key("embarcacion 2024") == "embarcacion 2024"
