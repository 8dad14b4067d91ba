"""Compile locale/*/LC_MESSAGES/django.po into .mo files with polib (no GNU gettext needed)."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

for po_path in sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po")):
    catalogue = polib.pofile(str(po_path))
    catalogue.metadata_is_fuzzy = False
    catalogue.metadata["Project-Id-Version"] = "Dienst-DNA"
    catalogue.save()
    catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"{po_path.relative_to(ROOT)}: {catalogue.percent_translated()}% translated")
