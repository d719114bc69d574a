"""The definition of done, checked in CI: lint, format, types, and a pure domain."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    executable = BIN / tool
    if not executable.exists():
        pytest.skip(f"{tool} is not installed in this environment")
    return subprocess.run(
        [str(executable), *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_check() -> None:
    done = run("ruff", "check", ".")
    assert done.returncode == 0, done.stdout


def test_ruff_format() -> None:
    done = run("ruff", "format", "--check", ".")
    assert done.returncode == 0, done.stdout


def test_mypy() -> None:
    done = run("mypy")
    assert done.returncode == 0, done.stdout


PACKAGES = ("terminal", "questionnaires", "storage")


def imports(path: Path) -> list[str]:
    """Every module a file imports, at the top, in functions or for types only."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module]
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def python_files(*folders: str) -> list[Path]:
    return [path for folder in folders for path in (ROOT / folder).rglob("*.py")]


# (files under, must never import) — the layout in ../shared/ARCHITECTURE.md.
CONTRACTS = [
    ("questionnaires", ("textual", "terminal", "storage")),
    ("storage", ("textual", "terminal", "questionnaires")),
    (
        "terminal/services",
        ("textual", "terminal.kiosk", "terminal.adviser", "terminal.editor", "terminal.ui"),
    ),
    ("terminal/settings", ("textual", "terminal.kiosk", "terminal.adviser")),
    ("terminal/i18n", ("textual",)),
    ("terminal/kiosk", ("terminal.adviser", "terminal.editor", "terminal.cli")),
    ("terminal/adviser", ("terminal.kiosk", "terminal.editor", "terminal.cli")),
    ("terminal/editor", ("terminal.kiosk", "terminal.adviser", "terminal.cli")),
    ("terminal/ui", ("terminal.kiosk", "terminal.adviser", "terminal.editor", "terminal.cli")),
    ("terminal/kiosk/screens", ("terminal.kiosk.app",)),
    ("terminal/adviser/screens", ("terminal.adviser.app",)),
    ("terminal/editor/screens", ("terminal.editor.app",)),
]


@pytest.mark.parametrize(("folder", "forbidden"), CONTRACTS, ids=[c[0] for c in CONTRACTS])
def test_each_part_imports_only_what_it_may(folder: str, forbidden: tuple[str, ...]) -> None:
    files = python_files(folder)
    assert files, f"{folder} has no module"
    for path in files:
        for name in imports(path):
            assert not any(name == f or name.startswith(f + ".") for f in forbidden), (
                f"{path.relative_to(ROOT)} imports {name}"
            )


def test_no_import_cycle() -> None:
    """No two modules import each other, even lazily or for types only: a cycle
    breaks as soon as one import moves, and it hides which module depends on which."""
    modules = {module_name(path): path for path in python_files(*PACKAGES)}
    graph = {
        name: {target for target in imports(path) if target in modules}
        for name, path in modules.items()
    }
    for name in graph:
        graph[name].discard(name)
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = [*path[path.index(name) :], name]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_the_kiosk_starts_with_only_what_the_welcome_screen_needs() -> None:
    """A later import at the top of a module must not slow every start unnoticed."""
    heavy = ("pydantic", "questionnaires.model", "storage", "ruamel", "qrcode", "fpdf", "PIL")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, terminal.kiosk.app; "
            f"print(' '.join(m for m in {heavy!r} if m in sys.modules))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == ""
