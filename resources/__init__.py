"""The program's data files (translations, support contacts), installed as ``mpro_resources``.

A top-level folder so a translator or a market edits data without reading code; the
package only gives it an import name (``importlib.resources.files("mpro_resources")``),
which works the same from a checkout, an editable install, a wheel and a bundle.
"""
