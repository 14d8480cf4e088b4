"""The fleet map: every van at its live position on an offline basemap (issue 12)."""
