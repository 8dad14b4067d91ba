"""Demo content for Zeventerpen: six modules of real Dutch lessons (microlessons/demo_content),
loaded through the content-pack importer. Idempotent: modules that exist are left alone."""

import json
from pathlib import Path

from backend.organisations.models import Organisation
from microlessons.content_packs import PACK_FORMAT, PACK_VERSION, module_import
from microlessons.models import Module

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"


def demo_packs():
    for path in sorted(CONTENT_DIR.glob("*.json")):
        module = json.loads(path.read_text(encoding="utf-8"))
        yield {"formaat": PACK_FORMAT, "versie": PACK_VERSION, "module": module, "afbeeldingen": {}}


def load(stdout=None):
    zeventerpen = Organisation.objects.get(slug="zeventerpen")
    loaded = 0
    for position, pack in enumerate(demo_packs(), start=1):
        if Module.objects.filter(owner=zeventerpen, key=pack["module"]["sleutel"]).exists():
            continue
        module_import(pack=pack, organisation=zeventerpen, position=position * 10)
        loaded += 1
    if stdout is not None:
        total = Module.objects.filter(owner=zeventerpen).count()
        stdout.write(f"Microlessons: {total} modules for Zeventerpen ({loaded} loaded now)")
