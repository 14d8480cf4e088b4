"""Trip rows (one per ignition cycle)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from embedded_server.db import UTCDateTime, utcnow
from embedded_server.models import Base, Vehicle


class Trip(Base):
    """Ignition on -> off. While open, ``end_*`` is the latest point and ``ended_at`` null.

    The feed carries a trip when it starts and when it ends (not on every sample);
    ``fed_version`` works as for alerts."""

    __tablename__ = "trips"
    __table_args__ = (
        Index("ix_trips_vehicle_started", "vehicle_id", "started_at"),
        Index("ix_trips_unfed", "company_id", "fed_version", "version"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"))
    vehicle_id: Mapped[str] = mapped_column(ForeignKey("vehicles.id", ondelete="CASCADE"))
    vehicle: Mapped[Vehicle] = relationship(lazy="joined", innerjoin=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    start_lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    start_lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    start_odometer_km: Mapped[float | None] = mapped_column(Float, nullable=True)
    start_place: Mapped[str | None] = mapped_column(String(200), nullable=True)
    end_lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    end_lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    end_odometer_km: Mapped[float | None] = mapped_column(Float, nullable=True)
    end_place: Mapped[str | None] = mapped_column(String(200), nullable=True)
    distance_km: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_speed_kmh: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    fed_version: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def start_point(self) -> dict[str, float | str | None]:
        return {"lat": self.start_lat, "lon": self.start_lon,
                "odometer_km": self.start_odometer_km, "place": self.start_place}

    @property
    def end_point(self) -> dict[str, float | str | None]:
        return {"lat": self.end_lat, "lon": self.end_lon,
                "odometer_km": self.end_odometer_km, "place": self.end_place}
