"""What an order costs (R19, R20): one pure function, money in integer öre.

Every product has a monthly price per vehicle for each billing term it is sold for (12,
24 or 36 months; a longer commitment is cheaper per month). A *package* bundles other
products at its own package price; its saving is the sum of its parts at the same term
minus the package price. :func:`quote` is the ONE place the portal (orders, the
``total`` of an order) and the desktop (order wizard, dashboard) compute a cost: per
order line (one product for n vehicles), per package, per term, monthly and in total.

Money is an ``int`` of öre (1 SEK = 100 öre) inside; :func:`to_ore` / :func:`from_ore`
convert the catalogue's ``Decimal`` text at the edges. No float anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

__all__ = [
    "TERMS",
    "DEFAULT_TERM",
    "Line",
    "PriceList",
    "PricingError",
    "Quote",
    "from_ore",
    "price_list",
    "quote",
    "to_ore",
]

#: the billing terms (months) a paid product is sold for
TERMS: tuple[int, ...] = (12, 24, 36)
DEFAULT_TERM = 12


class PricingError(ValueError):
    """A line the catalogue can't price: unknown product, term not offered, bad count."""

    def __init__(self, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.code, self.detail, self.extra = code, detail, extra


def to_ore(amount: Decimal | str | int) -> int:
    """``Decimal("149.00")`` / ``"149.00"`` / ``149`` (SEK) as 14900 öre (exact, or an error)."""
    if isinstance(amount, bool) or isinstance(amount, float):
        raise TypeError("money is never a float")
    try:
        d = Decimal(amount) * 100
    except (InvalidOperation, ValueError) as exc:
        raise PricingError("invalid_price", f"not an amount: {amount!r}") from exc
    if d != d.to_integral_value():
        raise PricingError("invalid_price", f"finer than öre: {amount!r}")
    return int(d)


def from_ore(ore: int) -> Decimal:
    """14900 öre as ``Decimal("149.00")`` SEK."""
    return (Decimal(ore) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class PriceList:
    """One product's prices: monthly öre per vehicle per term; ``package_of`` its parts."""

    product_id: str
    monthly_ore: Mapping[int, int]
    free: bool = False
    package_of: tuple[str, ...] = ()
    currency: str = "SEK"


def price_list(product: Mapping[str, Any]) -> PriceList:
    """A catalogue entry (``term_prices`` {"12": "149.00", ...}, ``free``, ``package_of``)
    — a product row's JSON or the catalogue's data — as a :class:`PriceList`."""
    prices = product.get("term_prices") or {}
    return PriceList(
        product_id=str(product["id"]),
        monthly_ore={int(k): to_ore(v) for k, v in prices.items()},
        free=bool(product.get("free")),
        package_of=tuple(product.get("package_of") or ()),
        currency=str(product.get("currency") or "SEK"),
    )


@dataclass(frozen=True, slots=True)
class Line:
    """One order line: ``product_id`` for ``vehicles`` vehicles over ``term_months``."""

    product_id: str
    vehicles: int
    term_months: int
    unit_monthly_ore: int  #: per vehicle and month
    monthly_ore: int  #: the line per month (all its vehicles)
    total_ore: int  #: the line over the whole term
    #: packages: the parts bought one by one at the same term (per vehicle and month)
    parts_monthly_ore: int | None = None
    #: packages: what the package saves over the whole term against its parts
    saving_ore: int = 0


@dataclass(frozen=True, slots=True)
class Quote:
    lines: tuple[Line, ...]
    currency: str
    monthly_ore: int
    total_ore: int
    saving_ore: int
    per_term: Mapping[int, int] = field(default_factory=dict)  #: term -> total over it

    @property
    def yearly_ore(self) -> int:
        return self.monthly_ore * 12


def _unit(pl: PriceList, term: int) -> int:
    if pl.free:
        return 0
    try:
        return pl.monthly_ore[term]
    except KeyError:
        raise PricingError("term_not_offered",
                           f"{pl.product_id} is not sold for {term} months.",
                           product_id=pl.product_id, term_months=term,
                           terms=sorted(pl.monthly_ore)) from None


def quote(items: Iterable[tuple[str, int, int]], catalogue: Mapping[str, PriceList]) -> Quote:
    """The cost of ``items`` — ``(product_id, number of vehicles, term_months)`` each —
    priced from ``catalogue`` (product id -> :class:`PriceList`).

    Per line: unit price per vehicle and month, the line's monthly cost and its total
    over the term; for a package also the parts' price and the saving. The quote adds
    the lines up (monthly, total over each line's term, saving) and groups the totals
    per term. Raises :class:`PricingError` for an unknown product or term.
    """
    lines: list[Line] = []
    currencies: set[str] = set()
    for product_id, vehicles, term in items:
        pl = catalogue.get(product_id)
        if pl is None:
            raise PricingError("unknown_product", f"Unknown product {product_id!r}.",
                               product_id=product_id)
        if isinstance(vehicles, bool) or not isinstance(vehicles, int) or vehicles < 0:
            raise PricingError("invalid_count", "The number of vehicles must be >= 0.")
        currencies.add(pl.currency)
        unit = _unit(pl, term)
        parts: int | None = None
        saving = 0
        if pl.package_of:
            parts = sum(_unit(_part(catalogue, p), term) for p in pl.package_of)
            saving = max(parts - unit, 0) * vehicles * term
        lines.append(Line(product_id, vehicles, term, unit, unit * vehicles,
                          unit * vehicles * term, parts, saving))
    if len(currencies) > 1:
        raise PricingError("mixed_currencies", "An order is priced in one currency.")
    per_term: dict[int, int] = {}
    for line in lines:
        per_term[line.term_months] = per_term.get(line.term_months, 0) + line.total_ore
    return Quote(
        lines=tuple(lines),
        currency=currencies.pop() if currencies else "SEK",
        monthly_ore=sum(x.monthly_ore for x in lines),
        total_ore=sum(x.total_ore for x in lines),
        saving_ore=sum(x.saving_ore for x in lines),
        per_term=per_term,
    )


def _part(catalogue: Mapping[str, PriceList], product_id: str) -> PriceList:
    pl = catalogue.get(product_id)
    if pl is None:
        raise PricingError("unknown_product", f"Unknown package part {product_id!r}.",
                           product_id=product_id)
    return pl


def components(product_id: str, catalogue: Mapping[str, Sequence[str]]) -> set[str]:
    """``product_id`` and, for a package, every product it bundles (recursively);
    ``catalogue`` maps product id -> its ``package_of``."""
    seen: set[str] = set()
    todo = [product_id]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        todo.extend(catalogue.get(p, ()))
    return seen
