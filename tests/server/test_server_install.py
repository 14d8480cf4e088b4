"""The portal installs and runs without Qt (issue 13): pyproject's ``server`` dependency
group is the project's dependencies less the desktop's, and the portal and the simulator
run in a Python where PySide6 (and the other desktop packages) cannot be imported."""

from __future__ import annotations

import importlib.metadata as md
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from tests.portal_fixtures import REPO_ROOT, LivePortal, register_body

DESKTOP_ONLY = {"pyside6-essentials", "pyqtgraph", "numpy", "keyring"}
#: a sitecustomize that makes every installed package outside the server group (and its
#: requirements) unimportable, as on a server that installed only that group
BLOCKER = """
import importlib.abc, sys
_BLOCKED = frozenset({blocked!r})
class _ServerOnly(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in _BLOCKED:
            raise ImportError(f"{{name}} is not installed on this server")
        return None
sys.meta_path.insert(0, _ServerOnly())
"""


def _pyproject() -> dict:
    return tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))


def _name(req: str) -> str:
    return re.sub(r"[-_.]+", "-", Requirement(req).name).lower()


def _closure(requirements: list[str]) -> set[str]:
    """The distributions the requirements pull in, as installed here (markers evaluated)."""
    seen: set[str] = set()
    todo = [(Requirement(r), "") for r in requirements]
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        key = f"{_name(req.name)}[{','.join(sorted(req.extras))}]"
        if key in seen:
            continue
        seen.add(key)
        for sub in md.requires(req.name) or []:
            for wanted in req.extras or {""}:
                todo.append((Requirement(sub), wanted))
    return {k.split("[")[0] for k in seen}


def _outside_the_group() -> set[str]:
    """Top-level modules installed here that only packages outside the group provide."""
    allowed = _closure(_pyproject()["dependency-groups"]["server"])
    return {module for module, dists in md.packages_distributions().items()
            if module not in sys.stdlib_module_names and module != "_distutils_hack"
            and not {_name(d) for d in dists} & (allowed | {"mpro-desktop"})}


def _blocker(tmp_path: Path) -> Path:
    folder = tmp_path / "server-only"
    folder.mkdir()
    blocked = sorted(_outside_the_group())
    assert {"PySide6", "pyqtgraph", "numpy", "keyring", "pytest"} <= set(blocked)
    (folder / "sitecustomize.py").write_text(BLOCKER.format(blocked=blocked), "utf-8")
    return folder


def test_the_server_group_is_the_dependencies_less_the_desktops() -> None:
    project = _pyproject()
    deps = {str(Requirement(r)) for r in project["project"]["dependencies"]
            if _name(r) not in DESKTOP_ONLY}
    group = {str(Requirement(r)) for r in project["dependency-groups"]["server"]}
    assert group == deps
    assert not {_name(r) for r in group} & DESKTOP_ONLY


def test_the_portal_runs_where_pyside6_cannot_be_imported(tmp_path: Path) -> None:
    blocker = _blocker(tmp_path)
    probe = subprocess.run([sys.executable, "-c", "import PySide6"], capture_output=True,
                           text=True, env={"PYTHONPATH": str(blocker)}, timeout=60, check=False)
    assert probe.returncode != 0 and "not installed on this server" in probe.stderr, probe.stderr
    portal = LivePortal(f"sqlite:///{tmp_path / 'portal.sqlite3'}",
                        env={"PYTHONPATH": str(blocker), "MPRO_MAIL_DIR": str(tmp_path / "mail")})
    portal.start()
    try:
        with portal.client() as c:
            assert c.get("/healthz").json() == {"status": "ok"}
            assert c.get("/readyz").json() == {"status": "ready"}
            body = register_body("Serverns AB", "server-only@example.com", "correct horse battery")
            assert c.post("/api/v1/register", json=body).status_code == 201
            assert "mpro_http_request_duration_seconds" in c.get("/metrics").text
    finally:
        assert portal.stop() == 0
    sim = subprocess.run([sys.executable, "-m", "embedded_server.simulator.cli", "--help"],
                         capture_output=True, text=True, cwd=REPO_ROOT, timeout=60, check=False,
                         env={"PYTHONPATH": f"{blocker}:{REPO_ROOT}", "PATH": "/usr/bin:/bin"})
    assert sim.returncode == 0, sim.stderr


#: run in the blocked interpreter: build the app, list every top-level module it loaded
_IMPORTS = """
import json, sys
from embedded_server import cli, workers
from embedded_server.app import create_app
from embedded_server.config import Settings
from embedded_server.simulator import cli as sim_cli
app = create_app(Settings(database_url=sys.argv[1], mail_dir=sys.argv[2]))
app.state.engine.dispose()
print(json.dumps(sorted(sys.modules)))
"""


def test_what_the_portal_imports_comes_from_the_server_group(tmp_path: Path) -> None:
    blocker = _blocker(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTS, f"sqlite:///{tmp_path / 'p.sqlite3'}", str(tmp_path)],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=120, check=False,
        env={"PYTHONPATH": f"{blocker}:{REPO_ROOT}", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert not {m.split(".")[0] for m in loaded} & _outside_the_group()
    desktop = [m for m in loaded if m.startswith("mpro_desktop.")]
    assert desktop and all(m.startswith("mpro_desktop.domain") for m in desktop), desktop


def test_a_server_install_is_documented() -> None:
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    assert "pip install --group server && pip install --no-deps ." in readme
