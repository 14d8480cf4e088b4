"""ACEA rFMS 4.0 read API for third-party fleet systems (SPEC N4, API.md "Integration").

A company admin creates *rFMS clients* (``clients``); a client trades its id and secret
for a short-lived access token at ``POST /oauth/token`` (``oauth``); that token reads
the company's vehicles holding the Data interface product through ``/rfms/vehicles``,
``/rfms/vehiclepositions`` and ``/rfms/vehiclestatuses`` (``router``), whose answers are
the standard's objects mapped from the portal's telemetry samples (``mapping``). The
standard itself is ``spec/rfms-4.0.yaml`` (a byte-identical copy of the shared file);
the tests validate every answer against it.
"""
