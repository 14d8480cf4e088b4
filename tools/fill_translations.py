"""Apply translations from a JSON file to a Qt .ts catalogue (and rebuild the .qm).

Why: the catalogue is one shared XML file; when two branches add strings, a rebase
conflicts in it. Keep your translations in a small JSON file, take the other side's
catalogue, run ``tools/update_translations.py`` and then this script: nothing is typed
twice and no XML is merged by hand.

The JSON maps a context to ``{source: translation}``; plural messages take a list::

    {"ProductsPane": {"Order…": "Beställ…", "%n vehicle(s)": ["%n fordon", "%n fordon"]}}

Usage::

    python tools/fill_translations.py my_sv.json            # into mpro_sv.ts
    python tools/fill_translations.py my_de.json --lang de
    python tools/fill_translations.py --dump-unfinished     # the entries still to do, as JSON

Afterwards the catalogue is refreshed by ``update_translations`` (its layout, the .qm).
Only messages that exist in the catalogue are touched; a translation marked unfinished
becomes finished. Sources not found are listed on stderr (a typo, or a string changed).
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from update_translations import main as update_catalogues  # noqa: E402
from update_translations import ts_path  # noqa: E402


def _messages(tree: ET.ElementTree):
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            yield name, message


def dump_unfinished(ts: Path) -> dict[str, dict[str, str | list[str]]]:
    """The unfinished messages of ``ts`` as the JSON this script reads (current text kept)."""
    out: dict[str, dict[str, str | list[str]]] = {}
    for ctx, message in _messages(ET.parse(ts)):
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        forms = translation.findall("numerusform")
        value: str | list[str] = (
            [f.text or "" for f in forms] if forms else (translation.text or "")
        )
        out.setdefault(ctx, {})[message.findtext("source") or ""] = value
    return out


def fill(ts: Path, wanted: dict[str, dict[str, str | list[str]]]) -> tuple[int, list[str]]:
    """Write ``wanted`` into ``ts``; returns (messages changed, "ctx: source" not found)."""
    tree = ET.parse(ts)
    missing = {(ctx, src) for ctx, sources in wanted.items() for src in sources}
    changed = 0
    for ctx, message in _messages(tree):
        source = message.findtext("source") or ""
        if (ctx, source) not in missing:
            continue
        missing.discard((ctx, source))
        value = wanted[ctx][source]
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            forms = value if isinstance(value, list) else [value]
            for child in list(translation):
                translation.remove(child)
            translation.text = None
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
        else:
            translation.text = value if isinstance(value, str) else value[0]
        changed += 1
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", "utf-8")
    return changed, sorted(f"{c}: {s}" for c, s in missing)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json_file", nargs="?", type=Path)
    parser.add_argument("--lang", default="sv")
    parser.add_argument("--dump-unfinished", action="store_true")
    args = parser.parse_args(argv)
    ts = ts_path(args.lang)
    if not ts.exists():
        print(
            f"error: {ts} does not exist; run tools/update_translations.py first", file=sys.stderr
        )
        return 2
    if args.dump_unfinished:
        json.dump(dump_unfinished(ts), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if args.json_file is None:
        parser.error("a JSON file is needed (or --dump-unfinished)")
    try:
        wanted = json.loads(args.json_file.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        print(f"error: cannot read {args.json_file}: {exc}", file=sys.stderr)
        return 2
    if not isinstance(wanted, dict) or not all(isinstance(v, dict) for v in wanted.values()):
        print("error: the JSON must map each context to {source: translation}", file=sys.stderr)
        return 2
    changed, missing = fill(ts, wanted)
    for entry in missing:
        print(f"not in the catalogue: {entry}", file=sys.stderr)
    print(f"{ts.relative_to(ROOT)}: {changed} translation(s) written")
    # lupdate rewrites the file in its own layout (the diff stays small) and builds the .qm
    return update_catalogues([args.lang])


if __name__ == "__main__":
    sys.exit(main())
