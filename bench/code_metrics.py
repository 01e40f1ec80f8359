"""Figures for the code's shape: import cycles, the largest modules, function lengths.

Run from the project root (no Django needed), optionally on another checkout:

    .venv/bin/python bench/code_metrics.py [ROOT]

Cycles count every project import, including those inside functions (which hide a cycle
from Python's import system but not from a reader).
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_architecture import PACKAGES, strongly_connected


def project_modules(root: Path) -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            if "migrations" not in path.parts:
                name = ".".join(path.relative_to(root).with_suffix("").parts)
                found[name.removesuffix(".__init__")] = path
    return found


def imports_of(tree: ast.AST, names: dict) -> set[str]:
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            targets.add(node.module)
            targets |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {target for target in targets if target in names}


def function_lengths(tree: ast.AST) -> list[int]:
    return [
        node.end_lineno - node.lineno + 1
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    names = project_modules(root)
    trees = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in names.items()}
    graph = {name: imports_of(tree, names) - {name} for name, tree in trees.items()}
    cycles = [group for group in strongly_connected(graph) if len(group) > 1]
    lengths = sorted(n for tree in trees.values() for n in function_lengths(tree))
    sizes = sorted(
        (
            (len(path.read_text(encoding="utf-8").splitlines()), name)
            for name, path in names.items()
        ),
        reverse=True,
    )
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    print(f"| figure | {root.name} |\n|---|---|")
    print(f"| modules | {len(names)} |")
    print(f"| import cycles (groups of modules) | {len(cycles)} |")
    for group in cycles:
        print(f"|   cycle | {', '.join(group)} |")
    for lines, name in sizes[:3]:
        print(f"| large module | {name} ({lines} lines) |")
    print(f"| functions | {len(lengths)} |")
    print(f"| function length, median | {statistics.median(lengths):g} lines |")
    print(f"| function length, 90th percentile | {p90} lines |")


if __name__ == "__main__":
    main()
