"""Swedish catalogue (SPEC N2): complete, placeholder-safe, up to date, and loadable.

If ``test_catalogue_matches_sources`` fails you added, changed or removed a
user-visible string: run ``python tools/update_translations.py``, translate the
entries marked ``type="unfinished"`` in resources/translations/mpro_sv.ts,
and run the script again to rebuild the .qm.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from mpro_desktop import i18n
from mpro_desktop.views.vehicles.pane import VehiclesPane

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "mpro_sv.ts"  # the editable catalogue (not shipped)
QM = TS.with_suffix(".qm")
FIX_HINT = (
    "run `python tools/update_translations.py`, translate the new entries in "
    f'{TS.relative_to(ROOT)} (type="unfinished"), then run the script again'
)

# %1..%99 (optionally %L1), %n (numerus), %v / %m / %p (QProgressBar formats)
PLACEHOLDER = re.compile(r"%(?:L?[0-9]{1,2}|[nvmp](?![A-Za-z]))")
HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^>]*>")
ACCELERATOR = re.compile(r"&(?!&)[^\s&]")


def _load_tool_module():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "tools" / "update_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not on PATH; it ships with PySide6 (PySide6-Essentials)")
    return path


def _messages(ts: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (ctx.findtext("name"), msg) for ctx in root.iter("context") for msg in ctx.iter("message")
    ]


def _key(context: str, msg: ET.Element) -> tuple[str, str, str]:
    return (context, msg.findtext("source"), msg.findtext("comment") or "")


def _forms(msg: ET.Element) -> list[str]:
    tr = msg.find("translation")
    if msg.get("numerus") == "yes":
        return [form.text or "" for form in tr.iter("numerusform")]
    return [tr.text or ""]


def test_catalogue_is_complete_and_keeps_placeholders():
    messages = _messages(TS)
    assert len(messages) > 100
    problems = []
    for context, msg in messages:
        source = msg.findtext("source")
        where = f"{context}: {source!r}"
        tr = msg.find("translation")
        if tr.get("type") in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{where} is {tr.get('type')}")
            continue
        forms = _forms(msg)
        if msg.get("numerus") == "yes" and len(forms) != 2:
            problems.append(f"{where} needs 2 numerus forms (singular, plural), has {len(forms)}")
        for form in forms:
            if not form.strip():
                problems.append(f"{where} has an empty translation")
                continue
            if Counter(PLACEHOLDER.findall(form)) != Counter(PLACEHOLDER.findall(source)):
                problems.append(f"{where}: placeholders differ in {form!r}")
            if Counter(HTML_TAG.findall(form)) != Counter(HTML_TAG.findall(source)):
                problems.append(f"{where}: HTML tags differ in {form!r}")
            if bool(ACCELERATOR.search(form)) != bool(ACCELERATOR.search(source)):
                problems.append(f"{where}: keyboard accelerator (&) missing or extra in {form!r}")
    assert not problems, "\n".join(problems)


def test_catalogue_matches_sources(tmp_path):
    """Every translatable string in mpro_desktop/ is in the .ts, and nothing else is."""
    tool = _load_tool_module()
    fresh = tmp_path / "mpro_sv.ts"
    subprocess.run(
        [_tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none"]
        + [str(p) for p in tool.source_files()]
        + ["-ts", str(fresh)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    in_sources = {_key(c, m) for c, m in _messages(fresh)}
    in_catalogue = {_key(c, m) for c, m in _messages(TS)}
    missing = sorted(in_sources - in_catalogue)
    stale = sorted(in_catalogue - in_sources)
    assert not missing and not stale, (
        f"translations out of date: {FIX_HINT}.\n"
        f"not in the catalogue: {missing}\nno longer in the sources: {stale}"
    )


def test_compiled_qm_is_up_to_date():
    """The shipped .qm holds exactly the committed .ts translations (lrelease was run)."""
    assert QM.exists(), f"{QM.name} is missing: {FIX_HINT}"
    qm = QTranslator()
    assert qm.load(str(QM)), f"{QM.name} does not load"
    stale = []
    for context, msg in _messages(TS):
        source, comment = msg.findtext("source"), msg.findtext("comment")
        if msg.get("numerus") == "yes":
            got = [qm.translate(context, source, comment, n) for n in (1, 2)]
        else:
            got = [qm.translate(context, source, comment)]
        if got != _forms(msg):
            stale.append(f"{context}: {source!r} -> {got!r}")
    assert not stale, f"{QM.name} is stale: {FIX_HINT}\n" + "\n".join(stale)


@pytest.fixture
def translators(qapp):
    """install_translators() for a locale; removes them afterwards so other tests stay English."""
    before = len(i18n._installed)

    def install(name: str) -> list[str]:
        return i18n.install_translators(qapp, QLocale(name))

    yield install
    while len(i18n._installed) > before:
        QCoreApplication.removeTranslator(i18n._installed.pop())


def test_swedish_locale_translates(translators):
    assert "mpro" in translators("sv_SE")
    tr = QCoreApplication.translate
    assert tr("Navigation", "Vehicles") == "Fordon"
    assert VehiclesPane.title() == "Fordon"  # the navigation reads the pane's own title
    assert tr("UserTableModel", "Fleet manager") == "Fordonschef"
    assert tr("VehiclesPane", "%n vehicles", "", 3) == "3 fordon"
    assert tr("VehiclesPane", "1 vehicle") == "1 fordon"
    # singular and plural are separate messages (English needs no catalogue for them)
    assert tr("SyncStatusBar", "1 change waiting to upload") == "1 ändring väntar på uppladdning"
    assert tr("SyncStatusBar", "%n changes waiting to upload", "", 4) == (
        "4 ändringar väntar på uppladdning"
    )


def test_english_locale_keeps_source_text(translators):
    assert "mpro" not in translators("en_GB")
    tr = QCoreApplication.translate
    assert tr("Navigation", "Vehicles") == "Vehicles"
    assert tr("VehiclesPane", "%n vehicle(s)", "", 3) == "3 vehicle(s)"


def test_translators_removed_after_swedish_test(qapp):
    """Guards the fixture: nothing Swedish leaks into later tests."""
    assert QCoreApplication.translate("Navigation", "Vehicles") == "Vehicles"


def test_relative_times_and_terms_are_translated(translators):
    from mpro_desktop.models import format as fmt
    from mpro_desktop.models.products import term_text

    translators("sv_SE")
    assert fmt.ago(995.0, 1000.0) == "för 5 s sedan"
    assert fmt.ago(1000.0 - 180, 1000.0) == "för 3 min sedan"
    assert term_text({"term_months": 12}) == "12 månader"
    assert term_text({"term_months": 1}) == "1 månad"
