"""Only what pyproject.toml can't say: ``resources/`` installs as the ``mpro_resources`` package.

``[tool.setuptools.packages.find]`` cannot be combined with a renamed package directory, so
the package list is computed here; everything else lives in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["mpro_desktop*", "embedded_server*", "mpro_common*"])
    + ["mpro_resources"],
    package_dir={"mpro_resources": "resources"},
)
