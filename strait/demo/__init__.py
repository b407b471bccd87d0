"""The demo: three nodes (Morocco, Spain, Portugal) with synthetic users, run by ``strait demo``.

``world`` creates a node's demo users (inside that node's Django process); ``launcher`` prepares
every node home and runs their web servers and workers as child processes.
"""
