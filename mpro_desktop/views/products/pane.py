"""Products: what the portal offers and what it costs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP

from mpro_desktop.domain.accounts import Permission
from mpro_desktop.models.products import ProductTableModel
from mpro_desktop.models.table import RowTableModel
from mpro_desktop.views.common.list_pane import ListPane

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.sync.cache import Cache


class ProductsPane(ListPane):
    NAME = "products"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Products")
    ENTITIES = frozenset({"product"})
    PERMISSION = Permission.READ

    def make_model(self) -> RowTableModel:
        return ProductTableModel(self)

    @staticmethod
    def read(cache: Cache) -> list[dict]:
        return cache.products()

    def note(self) -> str:
        return self.tr(
            "The portal and vehicle administration are free; paid products are billed per term."
        )
