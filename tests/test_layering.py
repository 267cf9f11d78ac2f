"""The domain core never imports Textual (or kiwipiepy): only factcheck.tui may."""

import subprocess
import sys
from pathlib import Path


def test_importing_the_core_leaves_textual_unloaded() -> None:
    code = (
        "import sys, factcheck, factcheck.services, factcheck.cli, factcheck.models;"
        "print(','.join(m for m in ('textual', 'kiwipiepy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_the_import_contracts_hold() -> None:
    """The layers, the Textual and database boundaries and the ban on import cycles, as
    pyproject.toml's [tool.importlinter] states them (run `uv run lint-imports` to see why)."""
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Contracts: 4 kept, 0 broken." in out.stdout


def test_no_module_imports_itself_in_a_circle() -> None:
    """No import cycle between any two modules of factcheck, a package and its own modules
    included (import-linter's acyclic_siblings looks at siblings only). Imports inside
    functions and under TYPE_CHECKING count: a cycle there is a design knot all the same."""
    import grimp

    graph = grimp.build_graph("factcheck")
    imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    assert _cycles(imports) == []


def _cycles(imports: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in imports.get(module, ()):
            if imported not in imports:
                continue
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(imports):
        if module not in order:
            visit(module)
    return groups
