"""Strait: a federated node for accountable police and intelligence cooperation across a border."""
