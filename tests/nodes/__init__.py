"""Code the two-node tests run inside a node, in that node's own Django.

A test calls ``on(node, module.function, **kwargs)``: the node runs
``strait manage shell -c "from tests.nodes import main; main('module:function', 'kwargs')"``,
which imports the function, calls it with the JSON keyword arguments and prints what it returns
as one ``RESULT`` line of JSON; ``on`` reads it back. The functions live in ordinary modules
(tests/nodes/exchange.py, tests/nodes/checks.py), linted and type-checked like the rest, instead
of Python held in strings.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from strait.federation.testing import LocalNode

RESULT = "RESULT "


def on(node: LocalNode, function: Callable[..., Any], **kwargs: Any) -> Any:
    """Run ``function(**kwargs)`` in ``node``'s Django and return its (JSON) result."""
    return on_named(node, f"{function.__module__}:{function.__qualname__}", **kwargs)


def on_named(node: LocalNode, target: str, **kwargs: Any) -> Any:
    """``on`` by the function's ``module:name``, for a caller without Django of its own (a
    benchmark): the module is imported only inside the node."""
    call = f"from tests.nodes import main; main({target!r}, {json.dumps(kwargs)!r})"
    output = node.strait("manage", "shell", "-c", call)
    for line in reversed(output.splitlines()):
        if line.startswith(RESULT):
            return json.loads(line.removeprefix(RESULT))
    raise AssertionError(f"no {RESULT.strip()} from node {node.code} for {target}:\n{output}")


def main(target: str, kwargs: str) -> None:
    """In the node: call ``module:function`` with the JSON ``kwargs``, print its result."""
    module, _, name = target.partition(":")
    function = getattr(importlib.import_module(module), name)
    print(RESULT + json.dumps(function(**json.loads(kwargs)), default=str))
