"""Temporary: the sign-in dialog's import until it moves into its folder."""

from mpro_desktop.views.common.style import error_label  # noqa: F401
