"""The demo: two nodes (Morocco and Spain) with synthetic users, run by ``strait demo``.

``world`` creates a node's demo users (inside that node's Django process); ``launcher`` prepares
both node homes and runs their web servers and workers as child processes.
"""
