"""The layout keeps its promises: dependencies run one way, and no module imports one above it.

Read from the source with `ast`, imports inside functions included, so a lazy import cannot
hide a cycle.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cspr_site", "reviews", "learning")

# Lowest first. A module may import from its own layer and the layers below it, never above.
LAYERS = [
    (
        "the review kinds and the window's rule",
        ["reviews.kinds", "reviews.window.rules", "reviews.page_rows", "reviews.remembered"],
    ),
    ("the publication window", ["reviews.window"]),
    (
        "documents, finding and the editorial process",
        ["reviews.documents", "reviews.finding", "reviews.editorial"],
    ),
    ("the reviews app's models and wiring", ["reviews"]),
    ("Learning on a Page", ["learning"]),
    ("the site", ["cspr_site"]),
]
# The parts in the middle layer build on the window, not on each other.
SIDE_BY_SIDE = ["reviews.documents", "reviews.finding", "reviews.editorial"]


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules():
    return {
        module_name(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if ".venv" not in path.parts
    }


def imports_of(name, path, known):
    """The project modules this file imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names
            ]
        else:
            continue
        found.update(target for target in targets if target in known and target != name)
    return found


@pytest.fixture(scope="module")
def graph():
    modules = project_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def layer_of(name):
    """The index of the most specific layer prefix that names this module."""
    best = None
    for index, (_label, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if name == prefix or name.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (index, len(prefix))
    return best[0]


def part_of(name):
    return next((part for part in SIDE_BY_SIDE if name == part or name.startswith(part + ".")), None)


def test_the_project_has_no_import_cycle(graph):
    visiting, done, cycles = [], set(), []

    def visit(name):
        if name in done:
            return
        if name in visiting:
            cycles.append(" -> ".join([*visiting[visiting.index(name) :], name]))
            return
        visiting.append(name)
        for target in sorted(graph[name]):
            visit(target)
        visiting.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)
    assert not cycles, "\n".join(cycles)


def test_no_module_imports_from_a_layer_above_it(graph):
    upward = [
        f"{name} ({LAYERS[layer_of(name)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for name, targets in graph.items()
        if not name.startswith(("cspr_site.settings", "reviews.migrations", "learning.migrations"))
        for target in targets
        if layer_of(target) > layer_of(name)
    ]
    assert not upward, "\n".join(upward)


def test_documents_finding_and_the_editorial_process_do_not_import_each_other(graph):
    crossing = [
        f"{name} imports {target}"
        for name, targets in graph.items()
        for target in targets
        if part_of(name) and part_of(target) and part_of(name) != part_of(target)
    ]
    assert not crossing, "\n".join(crossing)


def test_the_window_rule_imports_nothing_from_the_project(graph):
    assert graph["reviews.window.rules"] == set()
    assert graph["reviews.kinds"] == set()


def test_settings_import_no_app_code(graph):
    app_imports = [
        f"{name} imports {target}"
        for name, targets in graph.items()
        if name.startswith("cspr_site.settings")
        for target in targets
        if not target.startswith("cspr_site.settings")
    ]
    assert not app_imports, "\n".join(app_imports)


def test_only_hooks_urls_and_other_views_import_admin_views(graph):
    def is_views(name):
        return "views" in name.split(".")

    wrong = [
        f"{name} imports {target}"
        for name, targets in graph.items()
        for target in targets
        if is_views(target) and not (name.endswith((".hooks", ".urls")) or is_views(name))
    ]
    assert not wrong, "\n".join(wrong)


def test_wagtail_hooks_only_imports_each_parts_hooks(graph):
    assert graph["reviews.wagtail_hooks"] == {
        "reviews.window.hooks",
        "reviews.editorial.hooks",
        "reviews.documents.hooks",
    }


def architecture_rows():
    """The README's architecture table: (folders, files named in the description) for each row."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Architecture\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and "`" in cells[1]:
            folders = re.findall(r"`([^`]+)`", cells[1])
            named = re.findall(r"`([a-z_]+(?:\.py|/))`", cells[2])
            rows.append((folders, named))
    return rows


def test_the_readmes_architecture_table_names_only_what_exists():
    missing = []
    for folders, named in architecture_rows():
        missing += [folder for folder in folders if not (ROOT / folder).exists()]
        bases = [ROOT / folder for folder in folders if (ROOT / folder).is_dir()]
        missing += [
            f"{name} (in {', '.join(folders)})"
            for name in named
            if bases
            and not any((base / name).exists() or (base / "templatetags" / name).exists() for base in bases)
        ]
    assert not missing, missing


def test_the_readmes_architecture_table_covers_every_part_of_the_reviews_app():
    listed = {folder.rstrip("/") for folders, _named in architecture_rows() for folder in folders}
    parts = {
        f"reviews/{path.name}"
        for path in (ROOT / "reviews").iterdir()
        if path.is_dir() and (path / "__init__.py").exists() and path.name != "migrations"
    }
    assert parts - listed == set()
