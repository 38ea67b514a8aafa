"""The package's layers import one way (ARCHITECTURE.md): core ← the feedback model ← markup and
editorial ← Sphinx ← the command line; no module imports one in a layer above it, no two modules import
each other (directly or round a circle), and the lower layers do without Sphinx (and core and the model
without docutils). Every import counts, function-local ones too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "sphinx_newsletter"
LAYERS = {  # module name prefix -> layer; the longest matching prefix decides
    "sphinx_newsletter.core": 0,
    "sphinx_newsletter.feedback": 1,
    "sphinx_newsletter.feedback.model": 1,
    "sphinx_newsletter.feedback.submission": 1,
    "sphinx_newsletter.feedback.markup": 2,
    "sphinx_newsletter.feedback.thread": 2,
    "sphinx_newsletter.safety.rest": 2,
    "sphinx_newsletter.editorial": 2,
    "sphinx_newsletter.upstream": 2,  # the private APIs of docutils and MyST, in one place
    "sphinx_newsletter": 3,  # the extension's setup
    "sphinx_newsletter.warnings_": 3,
    "sphinx_newsletter.i18n": 3,
    "sphinx_newsletter.safety": 3,
    "sphinx_newsletter.adapters": 3,
    "sphinx_newsletter.publishing": 3,
    "sphinx_newsletter.importing": 4,
    "sphinx_newsletter.check_cache": 4,
    "sphinx_newsletter.checking": 4,
    "sphinx_newsletter.publish": 4,
    "sphinx_newsletter.send": 4,
    "sphinx_newsletter.offline": 4,
    "sphinx_newsletter.progress": 4,
    "sphinx_newsletter.intake": 4,
    "sphinx_newsletter.scaffold": 4,
    "sphinx_newsletter.cli": 4,
    "sphinx_newsletter.console": 4,
}
NAMES = {0: "core", 1: "the feedback model", 2: "markup and editorial", 3: "Sphinx", 4: "the command line"}
FORBIDDEN = {0: ("sphinx", "docutils", "myst_parser", "markdown_it"),
             1: ("sphinx", "docutils", "myst_parser", "markdown_it"), 2: ("sphinx",)}
"""Libraries a layer does without (top-level package names)."""


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def layer(module: str) -> int:
    prefix = max((name for name in LAYERS if module == name or module.startswith(name + ".")), key=len)
    return LAYERS[prefix]


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def own(module: str, known: dict[str, Path]) -> str | None:
    """The package's module an import names (``from pkg.mod import name`` names ``pkg.mod``)."""
    while module and module not in known:
        module = module.rpartition(".")[0]
    return module or None


KNOWN = modules()
GRAPH = {module: {target for name in imports(path) if name.startswith("sphinx_newsletter")
                  if (target := own(name, KNOWN)) and target != module}
         for module, path in KNOWN.items()}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_import_reaches_up_a_layer_or_into_a_library_the_layer_does_without(module):
    upward = sorted(target for target in GRAPH[module] if layer(target) > layer(module))
    assert not upward, f"{module} ({NAMES[layer(module)]}) imports {upward} from a layer above it"
    libraries = sorted(name for name in imports(KNOWN[module])
                       if name.split(".")[0] in FORBIDDEN.get(layer(module), ()))
    assert not libraries, f"{module} ({NAMES[layer(module)]}) imports {libraries}"


def test_no_circle_of_imports():
    """Tarjan's strongly connected components of the import graph: each one a single module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in GRAPH[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert circles == []


def test_the_layer_table_knows_every_package():
    """A new package gets a layer on purpose, not the extension's by default."""
    packages = {module for module, path in KNOWN.items() if path.name == "__init__.py"}
    assert packages <= set(LAYERS), sorted(packages - set(LAYERS))


def test_the_rule_fails_on_an_import_against_it(monkeypatch):
    """The test can fail: a core module that imports the command line is caught."""
    monkeypatch.setitem(GRAPH, "sphinx_newsletter.core.problems",
                        GRAPH["sphinx_newsletter.core.problems"] | {"sphinx_newsletter.cli"})
    with pytest.raises(AssertionError, match="from a layer above it"):
        test_no_import_reaches_up_a_layer_or_into_a_library_the_layer_does_without("sphinx_newsletter.core.problems")
    monkeypatch.setitem(GRAPH, "sphinx_newsletter.cli",
                        GRAPH["sphinx_newsletter.cli"] | {"sphinx_newsletter.core.problems"})
    with pytest.raises(AssertionError):
        test_no_circle_of_imports()
