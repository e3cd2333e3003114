"""The message catalogues: current with the code, complete in every language, and each
translation keeping its message's placeholders."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from assessment import i18n
from tests.conftest import ROOT

LOCALE = ROOT / "assessment" / "locale"
POT = LOCALE / "messages.pot"
LANGS = sorted(p.name for p in LOCALE.iterdir() if p.is_dir())
# {name} of str.format, %(name)s of the templates' gettext
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%\([A-Za-z_][A-Za-z0-9_]*\)[sd]")


def ids(path: Path) -> set[str]:
    with path.open("rb") as f:
        catalogue = read_po(f)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}


def test_every_language_has_a_catalogue_and_a_name() -> None:
    assert set(LANGS) | {i18n.SOURCE} == set(i18n.LANGUAGES)


def test_the_template_holds_every_message_of_the_code(tmp_path: Path) -> None:
    """`make messages` was run after the last change of a message."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "N_",
            "-k",
            "ngettext:1,2",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    missing = ids(fresh) - ids(POT)
    stale = ids(POT) - ids(fresh)
    assert not missing and not stale, (
        f"run `make messages`: new {sorted(missing)[:10]}, gone {sorted(stale)[:10]}"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated_with_its_placeholders(lang: str) -> None:
    with (LOCALE / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalogue = read_po(f, locale=lang)
    wanted = ids(POT)
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key not in wanted:
            continue
        wanted.discard(key)
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        targets = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy or not all(t for t in targets):
            problems.append(f"untranslated: {key[:70]!r}")
            continue
        want = sorted(set(PLACEHOLDER.findall(sources[-1])))
        for target in targets:
            have = sorted(set(PLACEHOLDER.findall(target)))
            # a singular may name the number in words ("one step") and leave {n} out
            if have != want and not (len(targets) > 1 and set(have) < set(want)):
                problems.append(f"placeholders {want} became {have}: {key[:70]!r}")
    problems += [f"missing: {key[:70]!r}" for key in sorted(wanted)]
    assert not problems, f"{len(problems)} problems in {lang}:\n" + "\n".join(problems[:30])


@pytest.mark.parametrize("lang", LANGS)
def test_each_catalogue_compiles_and_translates(lang: str) -> None:
    i18n.catalogue.cache_clear()
    with i18n.using(lang):
        assert i18n._("Next") != "Next"
    assert i18n._("Next") == "Next"
