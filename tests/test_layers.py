"""The package's layers (docs/architecture.md): each module imports only from its own layer or the
layers below it, never from above, so that the file list keeps telling how data flows.

The imports are read from each module's source (its ``ast``), those inside functions included,
so a lazy import cannot hide an upward dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "docgen"

# The first part of a module's name under docgen → its layer. Modules of one layer import each
# other only within their own group (the ground is one group): the workbook and the documents
# are side by side, and neither may use the other.
GROUPS = {
    "errors": "ground",
    "records": "ground",
    "money": "ground",
    "files": "ground",
    "i18n": "ground",
    "locale": "ground",
    "latvian": "latvian",
    "workbook": "workbook",
    "documents": "documents",
    "batch": "batch",
    "splits": "splits",
    "sample": "sample",
    "sample_esf_plus": "sample",
    "web": "web",
    "cli": "cli",
    "__main__": "cli",
}
RANKS = {
    "ground": 0,
    "latvian": 1,
    "workbook": 2,
    "documents": 2,
    "batch": 3,
    "splits": 4,
    "sample": 4,
    "web": 5,
    "cli": 6,
}
# The package's own __init__ is the facade above everything; below it, only its version may be
# imported from it (it is set before the facade imports anything).
ROOT_NAMES_ALLOWED = {"__version__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, name: str, is_package: bool) -> list[tuple[int, str, list[str]]]:
    """(line, absolute module, names imported from it) for every import of docgen's own code."""
    found = []
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target, [alias.name for alias in node.names]))
    return [f for f in found if f[1] == "docgen" or f[1].startswith("docgen.")]


def group_of(module: str) -> str:
    first = module.split(".")[1]
    if first not in GROUPS:
        raise KeyError(f"{module}: not in a layer; add docgen.{first} to GROUPS in {__file__}")
    return GROUPS[first]


def violations(source: str, name: str, is_package: bool = False) -> list[str]:
    """What the module ``name`` (with this source) imports against the layers."""
    if name == "docgen":
        return []
    own = group_of(name)
    found = []
    for line, target, names in imported_modules(source, name, is_package):
        targets = [target]
        if target == "docgen":  # a submodule by name, or a name of the facade
            targets = [f"docgen.{n}" for n in names if n in GROUPS]
            if set(names) - set(GROUPS) - ROOT_NAMES_ALLOWED:
                found.append(f"{name} line {line} imports from docgen's facade (docgen/__init__)")
        for module in targets:
            other = group_of(module)
            if other != own and RANKS[other] >= RANKS[own]:
                found.append(
                    f"{name} line {line} imports {module}: layer {other} is not below {own}"
                )
    return found


def package_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_imports_only_downward():
    problems = []
    for path in package_modules():
        name = module_name(path)
        problems += violations(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
    assert problems == []


def test_every_module_is_in_a_layer():
    for path in package_modules():
        name = module_name(path)
        if name != "docgen":
            group_of(name)  # raises for a module in no layer


# The checker itself: each of these must be caught.
@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("docgen.money", "from docgen.latvian.words import amount_in_words"),
        ("docgen.latvian.words", "from ..documents import context"),
        ("docgen.workbook.reader", "def f():\n    from docgen.documents.context import x"),
        ("docgen.documents.context", "import docgen.workbook.reader"),
        ("docgen.batch.run", "from docgen import cli"),
        ("docgen.latvian.names", "from docgen import load"),
        ("docgen.workbook.checks", "from docgen import sample"),
    ],
)
def test_an_upward_import_is_found(name, source):
    assert len(violations(source, name)) == 1


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("docgen.money", "from .records import Rates\nfrom docgen.errors import AmountError"),
        ("docgen.batch.run", "from docgen import __version__\nfrom .aside import Aside"),
        ("docgen.cli", "from docgen.batch.run import run_batch\nfrom docgen import splits"),
        ("docgen.latvian", "from . import words"),
    ],
)
def test_a_downward_import_is_allowed(name, source):
    assert violations(source, name, is_package=name == "docgen.latvian") == []


def test_a_module_in_no_layer_is_refused():
    with pytest.raises(KeyError, match="not in a layer"):
        group_of("docgen.newthing")
