"""Layers without loops (issue 17, point 4): no import circle among the modules of `domain/`
(records at the bottom, rules above them), no `TYPE_CHECKING` workaround there, and nothing
below the command line imports it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS_BELOW_CLI = ["domain", "workflows", "activities", "infra", "reporting", "intake_api"]


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (functions' local imports included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph(package: str) -> dict[str, set[str]]:
    files = {_module(p): p for p in (ROOT / package).rglob("*.py")}
    return {name: {m for m in _imports(path) if m in files and m != name} for name, path in files.items()}


def test_no_module_of_domain_imports_one_that_imports_it_back() -> None:
    graph = _graph("domain")
    state: dict[str, int] = {}  # 1 visiting, 2 done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for child in sorted(graph[name]):
            if state.get(child) == 1:
                cycle = [*path[path.index(child) :], child]
                pytest.fail("import circle: " + " -> ".join(cycle))
            if child not in state:
                visit(child)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


def test_domain_needs_no_type_checking_workaround() -> None:
    offenders = [p.name for p in (ROOT / "domain").rglob("*.py") if "TYPE_CHECKING" in p.read_text()]
    assert offenders == []


@pytest.mark.parametrize("layer", LAYERS_BELOW_CLI)
def test_nothing_below_the_command_line_imports_it(layer: str) -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / layer).rglob("*.py")
        if any(m == "cli" or m.startswith("cli.") for m in _imports(p))
    ]
    assert offenders == []
