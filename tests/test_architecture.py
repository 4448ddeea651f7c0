"""The import rules of docs/architecture.md: articles and pages import no other app, nothing imports wire, no cycles."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["fluxsite", "articles", "wire", "directory", "newsletter", "pages", "readership"]


def _modules():
    """Every non-migration module of the project, by dotted name."""
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _imports(path):
    """Project modules that `path` imports, at the top or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name in MODULES}


GRAPH = {module: _imports(path) for module, path in MODULES.items()}


def _apps_imported_by(app):
    return {target.split(".")[0] for module, targets in GRAPH.items() if module.split(".")[0] == app for target in targets}


def test_articles_imports_no_other_app():
    assert _apps_imported_by("articles") <= {"articles", "fluxsite"}


def test_site_pages_import_only_the_project():
    assert _apps_imported_by("pages") <= {"pages", "fluxsite"}


@pytest.mark.parametrize("app", ["articles", "directory", "newsletter", "pages", "readership"])
def test_no_app_imports_the_wire(app):
    assert "wire" not in _apps_imported_by(app)


def test_the_wire_imports_only_articles_and_the_project():
    assert _apps_imported_by("wire") <= {"wire", "articles", "fluxsite"}


def test_fluxsite_helpers_import_no_app():
    wiring = {"fluxsite.urls", "fluxsite.context_processors", "fluxsite.views", "fluxsite.management.commands.seed_demo"}
    for module, targets in GRAPH.items():
        if module.startswith("fluxsite") and module not in wiring and not module.startswith("fluxsite.management"):
            assert {t.split(".")[0] for t in targets} <= {"fluxsite"}, module


def test_no_import_cycle_between_modules():
    state = {}

    def visit(module, path):
        state[module] = "open"
        for target in GRAPH[module]:
            assert state.get(target) != "open", " -> ".join([*path, target])
            if target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in GRAPH:
        if module not in state:
            visit(module, [module])


def test_readership_imports_only_the_project():
    assert _apps_imported_by("readership") <= {"readership", "fluxsite"}
