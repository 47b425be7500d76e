"""The house's rules, read from the code itself (docs/architecture.md explains them):

- layers run one way: councils ← sessions ← oversight ← workbooks ← reports ← hdnd; a module may import
  its own app and the apps below it, never one above (imports inside functions included);
- no two modules import each other, directly or round a circle;
- no module outside migrations and tests is longer than 400 lines.

Each checker is also run on a small made-up project, to show it fails when the rule is broken.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["councils", "sessions", "oversight", "workbooks", "reports", "hdnd"]  # each may import those before it
MAX_LINES = 400


def project_modules(root: Path) -> dict[str, Path]:
    """{dotted module name: file} for every module of the layered apps, migrations left out."""
    modules = {}
    for app in LAYERS:
        for path in sorted((root / app).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports, wherever in the file the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # "from councils import access" imports the module councils.access
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    modules = project_modules(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def wrong_way_imports(root: Path) -> list[str]:
    wrong = []
    for module, targets in import_graph(root).items():
        layer = LAYERS.index(module.split(".")[0])
        for target in sorted(targets):
            if LAYERS.index(target.split(".")[0]) > layer:
                wrong.append(f"{module} imports {target}")
    return wrong


def import_cycles(root: Path) -> list[list[str]]:
    """Groups of modules that import each other (strongly connected components of two or more)."""
    graph = import_graph(root)
    index, low, on_stack, stack, cycles, counter = {}, {}, set(), [], [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def long_modules(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root)} ({n} lines)"
        for path in project_modules(root).values()
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    ]


# --- the project -----------------------------------------------------------------------------


def test_layers_run_one_way():
    assert wrong_way_imports(ROOT) == []


def test_no_module_imports_round_a_circle():
    assert import_cycles(ROOT) == []


def test_no_module_is_longer_than_400_lines():
    assert long_modules(ROOT) == []


def test_the_checkers_see_the_whole_project():
    graph = import_graph(ROOT)
    assert "councils.models" in graph["sessions.models.sessions"]
    assert "oversight.selectors" in graph["reports.figures"]
    assert len(graph) > 40


# --- the checkers, on a made-up project ---------------------------------------------------------


def make_project(root: Path, files: dict[str, str]) -> Path:
    for app in LAYERS:
        (root / app).mkdir(parents=True, exist_ok=True)
        (root / app / "__init__.py").write_text("")
    for name, text in files.items():
        (root / name).write_text(text)
    return root


def test_a_wrong_way_import_is_found_even_inside_a_function(tmp_path):
    project = make_project(
        tmp_path,
        {
            "reports/figures.py": "X = 1\n",
            "councils/views.py": "def home():\n    from reports import figures\n    return figures.X\n",
            "sessions/models.py": "from councils import views\n",  # the right way: not reported
        },
    )
    assert wrong_way_imports(project) == ["councils.views imports reports.figures"]


def test_a_circle_is_found(tmp_path):
    project = make_project(
        tmp_path,
        {
            "councils/records.py": "from councils.review import message\n",
            "councils/review.py": "def message():\n    from councils import records\n",
            "councils/text.py": "",
        },
    )
    assert import_cycles(project) == [["councils.records", "councils.review"]]


def test_a_long_module_is_found(tmp_path):
    project = make_project(tmp_path, {"oversight/models.py": "x = 1\n" * 401})
    assert long_modules(project) == ["oversight/models.py (401 lines)"]
