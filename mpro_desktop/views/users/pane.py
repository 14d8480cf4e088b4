"""Users: the company's users and their roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP

from mpro_desktop.domain.accounts import Permission
from mpro_desktop.models.table import RowTableModel
from mpro_desktop.models.users import UserTableModel
from mpro_desktop.views.common.list_pane import ListPane

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.sync.cache import Cache


class UsersPane(ListPane):
    NAME = "users"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Users")
    ENTITIES = frozenset({"user"})
    PERMISSION = Permission.READ

    def make_model(self) -> RowTableModel:
        return UserTableModel(self)

    @staticmethod
    def read(cache: Cache) -> list[dict]:
        return cache.users()

    def note(self) -> str:
        return self.tr(
            "Users and their roles. Inviting users and changing roles come in a later version."
        )
