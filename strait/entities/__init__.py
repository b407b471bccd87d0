"""Entities: persons, organisations, vehicles, vessels, aircraft, phones, e-mail addresses,
documents and addresses an agency holds, each kept as written, with its data-protection fields
(DP-01) and its provenance."""
