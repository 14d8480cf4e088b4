"""Vehicles pane: the fleet table, the selected van's detail, remote services, add/remove."""
