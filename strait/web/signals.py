"""Signals about the node as a whole, for apps to hook into without the sender knowing them."""

from django.dispatch import Signal

# Sent by `strait init` after migrating and seeding the reference data, on every run (so
# receivers must be idempotent): apps create what a node needs exactly once, such as its keys.
# Keyword arguments: node (strait.node.NodeConfig).
node_initialised = Signal()
