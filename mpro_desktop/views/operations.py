"""Temporary: the sign-in dialog's import until it moves into its folder."""

from mpro_desktop.views.common.operations import run_in_background  # noqa: F401
