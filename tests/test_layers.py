"""Layers point one way: territory and accounts below, the records layer (core) above, record apps on top."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "giapranh"
LOWER = ("territory", "accounts")
UPPER = ("giapranh.core", "giapranh.incidents", "giapranh.people", "giapranh.reports", "giapranh.exchange", "giapranh.community")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_territory_and_accounts_do_not_import_the_layers_above() -> None:
    offending = []
    for app in LOWER:
        for path in (SRC / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for name in _imports(path):
                if name.startswith(UPPER):
                    offending.append(f"{path.relative_to(SRC)} imports {name}")
    assert offending == []


def test_territory_does_not_import_accounts() -> None:
    offending = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in (SRC / "territory").rglob("*.py") if "migrations" not in path.parts
        for name in _imports(path) if name.startswith("giapranh.accounts")
    ]
    assert offending == []
