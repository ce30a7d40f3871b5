"""The import graph: imports flow toward the kernel (portal/) and documents/, never in a circle.

Every module of the project (migrations and tests aside) is parsed with `ast`; every import
counts, at module level or inside a function, so a lazy import cannot hide a dependency. The
kernel imports no app: apps plug into it through hooks, and it names them only in URL includes
(`include("forum.urls")`) and settings strings, which are not imports.
"""

import ast
import itertools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KERNEL = "portal"
APPS = ("home", "news", "documents", "forum", "kpi", "dxindex", "consultations")
PACKAGES = (KERNEL, *APPS)

# Who may import whom, beyond the kernel (which every app may import). Anything else between apps
# is a dependency someone must argue for here, with the cycle test still passing.
ALLOWED_APP_IMPORTS = {
    "news": {"documents"},  # articles and bulletins cite legal documents
    "kpi": {"documents"},  # a plan is a legal document; measurements cite their source
    "forum": {"documents"},  # a proposal may name the legal documents it is about
    # the DX index: evidence cites library documents, units and the schedule come from plan tasks,
    # the ranking is one of kpi's embeddable cards
    "dxindex": {"documents", "kpi"},
    # a consultation belongs to a draft in the library and reuses the forum's moderation
    "consultations": {"documents", "forum"},
}


def project_modules():
    """(package, dotted module name, path) of every project module, migrations and tests aside."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or "tests" in parts or any(part.startswith(".") for part in parts):
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield package, ".".join(parts), path


def imported_modules(module, path):
    """Every module `module` imports, at any depth of its code, as absolute dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module
            yield node.lineno, name
            # `from portal import models` imports the submodule portal.models.
            for alias in node.names:
                yield node.lineno, f"{name}.{alias.name}"


def package_of(module_name):
    top = module_name.split(".")[0]
    return top if top in PACKAGES else None


def app_dependencies():
    """{(importer package, imported package): [(path, line, module)]} between project packages."""
    edges = {}
    for package, module, path in project_modules():
        for line, name in imported_modules(module, path):
            target = package_of(name)
            if target and target != package:
                edges.setdefault((package, target), []).append((path.relative_to(ROOT), line, name))
    return edges


def find_cycles(edges):
    graph = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    cycles, seen = [], set()

    def visit(node, trail):
        for nxt in sorted(graph.get(node, ())):
            if nxt in trail:
                cycle = trail[trail.index(nxt) :] + [nxt]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    cycles.append(cycle)
            else:
                visit(nxt, [*trail, nxt])

    for start in sorted(graph):
        visit(start, [start])
    return cycles


def describe(edges, pairs):
    lines = []
    for pair in pairs:
        for path, line, name in edges.get(pair, []):
            lines.append(f"  {path}:{line} imports {name}")
    return "\n".join(lines)


def test_the_scanner_sees_every_kind_of_import(tmp_path):
    """The scanner reads module-level, function-level and relative imports (else the tests below
    could pass on a blind scanner)."""
    source = tmp_path / "views.py"
    source.write_text(
        "import forum.models\n"
        "from news import feeds\n"
        "from .sources import Source\n"
        "def view():\n"
        "    from kpi.models import Plan\n"
        "    class Inner:\n"
        "        def method(self):\n"
        "            import home.blocks as blocks\n",
        encoding="utf-8",
    )
    names = {name for _, name in imported_modules("portal.search.views", source)}
    assert {"forum.models", "news", "news.feeds", "portal.search.sources", "kpi.models", "home.blocks"} <= names
    assert find_cycles({("a", "b"): [], ("b", "c"): [], ("c", "a"): []}) == [["a", "b", "c", "a"]]
    assert find_cycles({("a", "b"): [], ("b", "c"): []}) == []


def test_the_project_has_modules_to_scan():
    modules = {module for _, module, _ in project_modules()}
    assert {"portal.urls", "home.models", "kpi.blocks", "portal.models"} <= modules
    assert not any(".migrations." in module for module in modules)


def test_no_cycle_between_apps():
    edges = app_dependencies()
    cycles = find_cycles(edges)
    if cycles:
        details = []
        for cycle in cycles:
            pairs = list(itertools.pairwise(cycle))
            details.append(" -> ".join(cycle) + "\n" + describe(edges, pairs))
        pytest.fail("Import cycles between apps:\n" + "\n".join(details))


def test_the_kernel_imports_no_app():
    """portal/ names apps only in URL includes and settings strings, never in an import."""
    edges = app_dependencies()
    offending = [(KERNEL, app) for app in APPS if (KERNEL, app) in edges]
    assert not offending, "The kernel imports apps (use a hook or a URL include):\n" + describe(edges, offending)


def test_apps_import_only_the_kernel_and_what_they_build_on():
    edges = app_dependencies()
    offending = [
        (source, target)
        for source, target in edges
        if source != KERNEL and target != KERNEL and target not in ALLOWED_APP_IMPORTS.get(source, set())
    ]
    assert not offending, "Imports between apps outside the allowed ones:\n" + describe(edges, sorted(offending))


def test_nothing_imports_home():
    edges = app_dependencies()
    offending = [(source, "home") for source in PACKAGES if (source, "home") in edges]
    assert not offending, "home/ is imported (wire it through hooks or URLs):\n" + describe(edges, offending)


def test_no_code_imports_a_migration_module():
    """Roles and data live in modules the migrations import, never the other way round."""
    offending = [
        f"  {path.relative_to(ROOT)}:{line} imports {name}"
        for _, module, path in project_modules()
        for line, name in imported_modules(module, path)
        if package_of(name) and ".migrations" in name
    ]
    assert not offending, "Migration modules imported at run time:\n" + "\n".join(offending)
