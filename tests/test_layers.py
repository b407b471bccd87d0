"""The one-way layers of issue 10, checked on the source with a small AST walk (no import).

- Views, API, forms and demo code only translate a request (or the demo's script) into an action
  or a query: they call no model write (``.save()``, ``.create()``, ``.update()``, ``.delete()``,
  ``bulk_create``, ``get_or_create``, ``update_or_create``). Writes live in ``actions.py`` and the
  modules it uses.
- The matching library (``strait/matching``) is plain Python: no ``django`` import.
- No import cycle between the modules of an app nor between apps. An import inside a function
  counts as an edge like any other (hiding a cycle in a function does not remove it); only
  imports under ``if TYPE_CHECKING:`` are left out, as they never run.

Each failure names the offending ``file:line``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "strait"

WRITES = frozenset(
    {"save", "create", "update", "delete", "bulk_create", "get_or_create", "update_or_create"}
)
# ``.update()`` is also the dict's; it counts as a write when its receiver is a query: a chain
# of calls (``X.objects.filter(...).update(...)``), a manager (``X.objects.update``) or a name
# bound to one of those in the same function.
QUERY_HINTS = frozenset({"objects", "filter", "exclude", "all", "select_for_update", "_set"})


def is_translation_layer(path: Path) -> bool:
    name = path.name
    return (
        name in ("views.py", "api.py", "forms.py", "demo.py")
        or name.endswith("_views.py")
        or name.endswith("_forms.py")
    )


@cache
def sources() -> tuple[Path, ...]:
    return tuple(
        sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.relative_to(ROOT).parts)
    )


@cache
def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


# --- (a) no writes in views, API, forms, demo ---------------------------------------------------


def mentions_query(node: ast.AST, query_names: set[str]) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and (
            sub.attr in QUERY_HINTS or sub.attr.endswith("_set")
        ):
            return True
        if isinstance(sub, ast.Name) and sub.id in query_names:
            return True
    return False


def query_names_in(scope: ast.AST) -> set[str]:
    """Names bound, in one function, to an expression that reads the database."""
    names: set[str] = set()
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and mentions_query(node.value, set()):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def writes_in(path: Path, module: ast.Module | None = None) -> Iterator[str]:
    module = module or tree(path)
    scopes: list[ast.AST] = [module]
    scopes += [n for n in ast.walk(module) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    # A route's decorator (``@router.delete(...)``) declares a method; it writes nothing.
    seen = {
        id(decorator)
        for scope in scopes
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef)
        for decorator in scope.decorator_list
    }
    for scope in reversed(scopes):  # innermost functions first: their names are their own
        names = query_names_in(scope)
        for node in ast.walk(scope):
            if id(node) in seen or not isinstance(node, ast.Call):
                continue
            func = node.func
            if not isinstance(func, ast.Attribute) or func.attr not in WRITES:
                continue
            if func.attr == "update" and not (
                isinstance(func.value, ast.Call) or mentions_query(func.value, names)
            ):
                continue
            seen.add(id(node))
            yield f"{where(path, node)}: .{func.attr}()"


def test_views_api_forms_and_demo_write_nothing() -> None:
    found = [w for path in sources() if is_translation_layer(path) for w in writes_in(path)]
    assert not found, "writes outside actions (move them into the app's actions.py):\n" + "\n".join(
        found
    )


# --- (b) the matching library is plain Python ----------------------------------------------------


def test_the_matching_library_imports_no_django() -> None:
    found = []
    for path in sources():
        if not path.is_relative_to(PACKAGE / "matching"):
            continue
        for node in ast.walk(tree(path)):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found += [
                f"{where(path, node)}: import {n}"
                for n in names
                if n == "django" or n.startswith("django.")
            ]
    assert not found, "Django in strait/matching:\n" + "\n".join(found)


# --- (c) no import cycles ------------------------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    at: str  # file:line


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import that can run, at module level or in a function; not TYPE_CHECKING ones."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and is_type_checking(child.test):
            for other in child.orelse:
                yield from runtime_imports_of(other)
            continue
        yield from runtime_imports_of(child)


def runtime_imports_of(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    else:
        yield from runtime_imports(node)


@cache
def known_modules() -> frozenset[str]:
    return frozenset(module_name(p) for p in sources())


def resolve(name: str) -> str | None:
    """The project module an import names: the longest known prefix (a name imported from a
    package that is not a module of its own is the package)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known_modules():
            return candidate
        parts.pop()
    return None


def imports_of(path: Path, module: ast.Module | None = None) -> Iterator[Edge]:
    source = module_name(path)
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    for node in runtime_imports(module or tree(path)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{a.name}" for a in node.names]
        for name in targets:
            target = resolve(name)
            if target is not None and target != source:
                yield Edge(source, target, where(path, node))


@cache
def module_edges() -> tuple[Edge, ...]:
    return tuple(edge for path in sources() for edge in imports_of(path))


def app_of(module: str) -> str:
    """``strait.exchange.actions`` → ``strait.exchange``; top-level modules (``strait.api``,
    ``strait.permissions``) are units of their own."""
    return ".".join(module.split(".")[:2])


def cycles(edges: list[Edge]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        graph.setdefault(e.source, set()).add(e.target)
        graph.setdefault(e.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def shortest_cycle(start: str, members: set[str], edges: list[Edge]) -> list[str]:
    """The shortest way from ``start`` back to itself inside one component (breadth first)."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        if e.source in members and e.target in members:
            graph.setdefault(e.source, set()).add(e.target)
    paths: dict[str, list[str]] = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph.get(v, ())):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    return [start]


def describe(component: list[str], edges: list[Edge]) -> str:
    """A cycle, one shortest loop through it, and every import inside it with its file:line."""
    members = set(component)
    by_pair: dict[tuple[str, str], list[str]] = {}
    for e in edges:
        if e.source in members and e.target in members:
            by_pair.setdefault((e.source, e.target), []).append(e.at)
    lines = [f"{a} -> {b}: {', '.join(sorted(set(at)))}" for (a, b), at in sorted(by_pair.items())]
    loop = " -> ".join(shortest_cycle(component[0], members, edges))
    return f"{loop}\n    " + "\n    ".join(lines)


def test_no_import_cycle_between_the_modules_of_an_app() -> None:
    edges = [e for e in module_edges() if app_of(e.source) == app_of(e.target)]
    found = [describe(c, edges) for c in cycles(edges)]
    assert not found, "import cycles inside an app:\n" + "\n".join(found)


def test_no_import_cycle_between_apps() -> None:
    between = [
        Edge(app_of(e.source), app_of(e.target), e.at)
        for e in module_edges()
        if app_of(e.source) != app_of(e.target)
    ]
    found = [describe(c, between) for c in cycles(between)]
    assert not found, "import cycles between apps:\n" + "\n".join(found)


# --- the walk itself ------------------------------------------------------------------------------


def test_the_walk_sees_the_project() -> None:
    assert len([p for p in sources() if is_translation_layer(p)]) >= 10
    assert "strait.exchange.actions" in known_modules()
    assert len(module_edges()) >= 100
    assert cycles([Edge("a", "b", "x:1"), Edge("b", "a", "y:2"), Edge("b", "c", "z:3")]) == [
        ["a", "b"]
    ]


def test_the_walk_finds_writes_and_lazy_imports_and_skips_type_checking() -> None:
    sample = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from strait.exchange import actions\n"
        "def view(request):\n"
        "    from strait.exchange import models\n"
        "    context = {}\n"
        "    context.update(a=1)\n"
        "    rows = models.Message.objects.filter(pk=1)\n"
        "    rows.update(subject='x')\n"
        "    models.Message(subject='x').save()\n"
        "@router.delete('/x')\n"
        "def erase(request): ...\n"
    )
    # Read as if it were a view of the project; the file itself is not read.
    path = PACKAGE / "web" / "views.py"
    assert list(writes_in(path, sample)) == [
        "strait/web/views.py:9: .update()",
        "strait/web/views.py:10: .save()",
    ]
    assert [(e.target, e.at) for e in imports_of(path, sample)] == [
        ("strait.exchange.models", "strait/web/views.py:5")
    ]
