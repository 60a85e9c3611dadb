"""The domain package's shape, read from its own imports (as text, like any reader of the code would):
a newcomer finds a subject in one wing, and the graph stays shallow enough to follow.

- `ipmonitor/` is shared ground (paths, words, numbers, directions, styles, formats, chart images) plus
  one folder a subject: `store/` (the database and what it keeps), `register/` (what each plan asks and
  assigns: targets, tasks, agencies, as files and as stored), `progress/` (how the targets stand),
  `tracker/` (the tasks, the yearly reports, the reviews), `changes/` (what a batch changes, as previews
  and History show it), `documents/` (what a meeting is handed). The shared ground imports no wing.
- Wings lean on each other in one direction only (no two wings import each other), and a wing takes
  only public names from another (nothing that starts with "_").
- No chain of imports inside `ipmonitor/` is longer than 8 modules (issue 19: it was 14).
Every import counts, including one inside a function: it is a dependency all the same.
"""
from __future__ import annotations

import ast
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "ipmonitor"
WINGS = ("store", "register", "progress", "tracker", "changes", "documents")
MOST_LEVELS = 8


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@lru_cache(maxsize=1)
def import_graph() -> dict[str, set[tuple[str, str]]]:
    """Each module of ipmonitor/ → the (module, name) pairs it imports from ipmonitor/ ('' for a module)."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[tuple[str, str]]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                wanted = [(alias.name, "") for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                wanted = [(f"{base}.{alias.name}", "") if f"{base}.{alias.name}" in modules else (base, alias.name)
                          for alias in node.names]
            else:
                continue
            for target, imported in wanted:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add((target, imported))
    return graph


def wing_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in WINGS else None


def levels() -> dict[str, int]:
    graph = import_graph()
    level: dict[str, int] = {}

    def visit(module: str, path: tuple[str, ...]) -> int:
        if module in path:
            raise AssertionError("import circle: " + " → ".join((*path, module)))
        if module not in level:
            level[module] = 1 + max((visit(target, (*path, module)) for target, _ in graph[module]), default=0)
        return level[module]

    for module in graph:
        visit(module, ())
    return level


def longest_chain() -> list[str]:
    graph, level = import_graph(), levels()
    chain = [max(level, key=level.__getitem__)]
    while graph[chain[-1]]:
        chain.append(max((target for target, _ in graph[chain[-1]]), key=level.__getitem__))
    return chain


def test_the_graph_is_read_whole():
    graph = import_graph()
    assert len(graph) > 40, "the graph lost the package's modules"
    assert ("ipmonitor.store.db", "") in graph["ipmonitor.store.queries"]


def test_no_chain_of_imports_is_longer_than_eight_modules():
    chain = longest_chain()
    assert len(chain) <= MOST_LEVELS, " → ".join(chain)


def test_every_module_but_the_package_markers_lives_on_shared_ground_or_in_a_wing():
    for module, path in ((m, PACKAGE.joinpath(*m.split(".")[1:])) for m in import_graph()):
        parts = module.split(".")
        assert len(parts) <= 3, module
        if len(parts) == 3 or (len(parts) == 2 and path.is_dir()):
            assert parts[1] in WINGS, f"{module}: a folder that is not a wing"


def test_shared_ground_imports_no_wing():
    for module, targets in import_graph().items():
        if wing_of(module) is None and module.count(".") == 1:
            assert not {t for t, _ in targets if wing_of(t)}, f"{module} imports a wing: {sorted(targets)}"


def test_wings_lean_one_way_and_take_only_public_names():
    leans: dict[tuple[str, str], str] = {}
    for module, targets in import_graph().items():
        for target, name in targets:
            here, there = wing_of(module), wing_of(target)
            if here and there and here != there:
                assert not name.startswith("_"), f"{module} takes {target}.{name}, a private name"
                leans.setdefault((here, there), f"{module} → {target}")
    both_ways = [(leans[(a, b)], leans[(b, a)]) for a, b in leans if (b, a) in leans and a < b]
    assert not both_ways, f"wings importing each other: {both_ways}"


def test_the_check_finds_a_long_chain(monkeypatch):
    """The level check is not vacuous: a graph of nine modules in a row fails it."""
    chain = {f"ipmonitor.m{i}": ({(f"ipmonitor.m{i + 1}", "")} if i < 8 else set()) for i in range(9)}
    monkeypatch.setattr(sys.modules[__name__], "import_graph", lambda: chain)
    assert len(longest_chain()) == 9 > MOST_LEVELS
