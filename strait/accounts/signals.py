"""Audit receivers for authentication events raised by Django and Axes."""
