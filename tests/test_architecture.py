"""The layers point one way: pages → comments → essays, and comments.spam below the services.

Imports are read from the source with `ast`, so the rule holds for code that never runs in
a test too. A project import inside a function must say why in a comment beside it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "essays", "comments", "pages")
# package (or subpackage) -> project packages it must never import
FORBIDDEN = {
    "essays": ("comments", "pages"),
    "comments": ("pages",),
    "comments.spam": ("comments.services", "comments.admin", "comments.views", "pages"),
}


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def is_project(name: str) -> bool:
    return name.split(".")[0] in PACKAGES


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def project_imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, imported name, inside a function) for each project import in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            found.extend(
                (child.lineno, name, in_function) for name in imported(child) if is_project(name)
            )
            visit(child, nested)

    visit(tree, False)
    return found


def test_the_layers_are_found():
    names = modules()
    assert {"pages.views.essays", "comments.services.posting", "essays.models"} <= names.keys()


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_a_layer_above_it(layer):
    wrong = [
        f"{module}:{line} imports {name}"
        for module, path in modules().items()
        if within(module, layer)
        for line, name, _ in project_imports(path)
        for above in FORBIDDEN[layer]
        if within(name, above)
    ]
    assert wrong == []


def test_no_project_import_hides_inside_a_function_without_saying_why():
    hidden = []
    for module, path in modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for line, name, in_function in project_imports(path):
            said_why = "#" in lines[line - 1] or lines[line - 2].strip().startswith("#")
            if in_function and not said_why:
                hidden.append(f"{module}:{line} imports {name}")
    assert hidden == []


def test_no_app_reaches_another_through_the_app_registry():
    for module, path in modules().items():
        text = path.read_text(encoding="utf-8")
        assert "apps.get_model(" not in text, module


def test_there_are_no_import_cycles_between_modules():
    names = modules()
    graph = {
        module: {
            name
            for _, name, in_function in project_imports(path)
            if not in_function and name in names and name != module
        }
        for module, path in names.items()
    }
    cycles = [cycle for cycle in strongly_connected(graph) if len(cycle) > 1]
    assert cycles == []


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that import each other, directly or not."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups
