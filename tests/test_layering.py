"""The package's layers, read from its source: every import, function-level ones included
(those under `if TYPE_CHECKING:` are for type checkers and never run), forms no circle;
and the data model and its storage import nothing of matching, ranking or query."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cryanime

PACKAGE = Path(cryanime.__file__).parent
MODEL = ("cryanime.catalogue", "cryanime.records", "cryanime.names", "cryanime.index",
         "cryanime.index_build", "cryanime.index_queries", "cryanime.title_records",
         "cryanime.indexed", "cryanime.jsoncodec")
POLICY = ("cryanime.matching", "cryanime.ranking", "cryanime.query", "cryanime.likeness")


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ["cryanime", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but those under `if TYPE_CHECKING:`."""
    nodes: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        nodes.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return nodes


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that `name` imports when it runs, wherever the import is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] \
                if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                whole = f"{module}.{alias.name}"
                found.add(whole if whole in known else module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in known and m != name}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def test_the_walk_sees_function_level_imports(graph):
    """A check of the check: cli.base imports the matcher inside a function only."""
    assert "cryanime.matching" in graph["cryanime.cli.base"]
    assert "cryanime.indexed" in graph["cryanime.cli.base"]


def test_no_import_circles_anywhere_in_the_package(graph):
    circles = []
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            circles.append([*path[path.index(name):], name])
            return
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    assert circles == []


@pytest.mark.parametrize("model", MODEL)
def test_the_data_model_imports_no_policy(graph, model):
    """Storage answers questions about stored facts; lookup rules, ranking and filters
    are applied over what it gives."""
    reached: set[str] = set()
    stack = [model]
    while stack:
        for other in graph[stack.pop()] - reached:
            reached.add(other)
            stack.append(other)
    assert not reached & set(POLICY), reached & set(POLICY)


def _every_import(path: Path, name: str) -> set[str]:
    """Every module `name` names in an import, type checkers' ones included."""
    package = name.rpartition(".")[0] if path.name != "__init__.py" else name
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] \
                if node.level else []
            found.add(".".join([*base, *([node.module] if node.module else [])]))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("name", sorted(n for n in modules() if n.startswith("cryanime.output")))
def test_output_is_handed_prepared_data_and_never_reads_the_catalogue(name):
    """Tables, cards, TSV and JSON are given what they show (records, cryanime.shown's
    cards, names and theme entries): no output module imports the catalogue or its index,
    even for a type, nor names a Catalogue."""
    path = modules()[name]
    assert not _every_import(path, name) & {"cryanime.catalogue", "cryanime.indexed",
                                             "cryanime.index", "cryanime.index_build",
                                             "cryanime.loading"}
    names = {node.id for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Name)}
    assert "Catalogue" not in names


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_does_too_much_to_read_in_one_sitting(name):
    """A module over 400 lines does several jobs: split it by job."""
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{name}: {lines} lines"
