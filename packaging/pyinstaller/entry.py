"""The bundles' one entry point: the desktop, or the portal or simulator beside it.

``--demo`` starts the portal and the simulator as ``sys.executable -m MODULE``
(``mpro_desktop/demo.py``). In a bundle ``sys.executable`` is this program and there is
no interpreter to take ``-m``, so ``-m`` is answered here, for those modules only. On
Windows that also keeps the children windowless: they are the GUI executable again.
Started as ``mpro-server`` or ``mpro-sim`` (the console executables of the spec), it is
that program; under any other name it is the desktop.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def _desktop(argv: list[str]) -> int:
    from mpro_desktop.app import main

    return main(argv)


def _server(argv: list[str]) -> int:
    from embedded_server.cli import main

    return main(argv)


def _sim(argv: list[str]) -> int:
    from embedded_server.simulator.cli import main

    return main(argv)


#: What ``-m`` may name: the modules the pip install's console scripts run.
MODULES: dict[str, Callable[[list[str]], int]] = {
    "mpro_desktop.app": _desktop,
    "embedded_server.cli": _server,
    "embedded_server.simulator.cli": _sim,
}
#: Executable name (without .exe) -> program.
PROGRAMS: dict[str, Callable[[list[str]], int]] = {"mpro-server": _server, "mpro-sim": _sim}


def _console_for_text(argv: list[str]) -> None:
    """Windows: the GUI executable has no console, so Python leaves ``sys.stdout`` None
    and ``mpro-desktop.exe --version`` or ``--help`` typed in a terminal would print
    nothing. For those two it writes to the console it was started from, if any.
    (Redirected output, as the demo's children and CI have, is a real stream already.)"""
    if sys.platform != "win32" or sys.stdout is not None:
        return
    if not {"--version", "--help", "-h"} & set(argv[1:]):
        return
    import ctypes

    attach_parent_process = -1
    if ctypes.windll.kernel32.AttachConsole(attach_parent_process):
        sys.stdout = sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115


def run(argv: list[str]) -> int:
    _console_for_text(argv)
    if argv[1:2] == ["-m"]:
        module = argv[2] if len(argv) > 2 else ""
        program = MODULES.get(module)
        if program is None:
            sys.stderr.write(
                f"{Path(argv[0]).name}: -m {module or '(nothing)'}: this bundle runs only "
                f"{', '.join(MODULES)}\n"
            )
            return 2
        sys.argv = [module, *argv[3:]]
        return program(argv[3:])
    program = PROGRAMS.get(Path(argv[0]).stem.lower(), _desktop)
    return program(argv[1:])


if __name__ == "__main__":
    sys.exit(run(sys.argv))
