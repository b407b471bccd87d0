"""Hit/no-hit checks: a partner asks whether we hold something; we answer only hit or no hit
and a reference (AC-04); the details follow by a request on the proper channel."""
