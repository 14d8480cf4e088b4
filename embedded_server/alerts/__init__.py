"""Fleet alerts: evaluated on ingest, open -> acknowledged -> closed (API.md "Alerts and trips")."""
