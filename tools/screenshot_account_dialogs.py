"""Screenshots of the account dialogs (issue 10) as a fleet manager meets them: the
invite dialog (mobile, with the live message), the roles dialog of the last admin, the
invitation accept dialog of a mobile invitee. Language and colour scheme come from the
environment, as for ``mpro-desktop`` (``LANG``, ``MPRO_COLOR_SCHEME``).

Usage: xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_account_dialogs.py OUTDIR
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mpro_desktop import i18n  # noqa: E402
from mpro_desktop.models.colors import force_color_scheme  # noqa: E402
from mpro_desktop.views.signin.invitation_dialog import AcceptInvitationDialog  # noqa: E402
from mpro_desktop.views.users.dialogs import InviteDialog, RolesDialog  # noqa: E402


def _settle(app: QApplication, seconds: float = 0.4) -> None:
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()
        time.sleep(0.02)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    i18n.install_translators(app)
    force_color_scheme(app, os.environ.get("MPRO_COLOR_SCHEME", ""))
    invite = InviteDialog()
    invite.by_mobile.setChecked(True)
    invite.address.setText("070 12")
    roles = RolesDialog("Anna Andersson", ["company_admin"], last_admin=True)
    accept = AcceptInvitationDialog("http://127.0.0.1:8765", login_fn=lambda *a: {},
                                    token="inv_demo")
    for name, dialog in (("invite-dialog", invite), ("roles-dialog", roles),
                         ("accept-invitation", accept)):
        dialog.show()
        _settle(app)
        dialog.grab().save(str(out / f"{name}.png"))
        dialog.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
