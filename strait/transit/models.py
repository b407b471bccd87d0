"""The transit app's rows (written by the helper who builds it)."""
