"""Demo content for Zeventerpen: real Dutch lessons (microlessons/demo_content), with their
pictures drawn from specs (demo_content/afbeeldingen/<module key>.json), loaded through the
content-pack importer. Idempotent: modules that exist are left alone."""

import base64
import functools
import json
from pathlib import Path

from backend.organisations.models import Organisation
from microlessons.content_packs import PACK_FORMAT, PACK_VERSION, module_import
from microlessons.demo_pictures import PictureSpecError, render_picture
from microlessons.models import Module

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"
PICTURES_DIR = CONTENT_DIR / "afbeeldingen"
# Modules are the numbered files (01-….json); the folder also holds the knowledge test and
# the simulations (in simulaties/).
MODULE_FILES = "[0-9][0-9]-*.json"


class DemoContentError(ValueError):
    """The demo content is inconsistent (a picture without a spec, a spec that cannot be
    drawn); the message names the module, lesson and picture."""


def demo_modules():
    """The modules as written, in file order (no pictures drawn)."""
    for path in sorted(CONTENT_DIR.glob(MODULE_FILES)):
        yield json.loads(path.read_text(encoding="utf-8"))


def demo_packs():
    for module in demo_modules():
        yield _pack(module)


def _pack(module: dict) -> dict:
    return {
        "formaat": PACK_FORMAT,
        "versie": PACK_VERSION,
        "module": module,
        "afbeeldingen": _module_pictures(module),
    }


def _module_pictures(module: dict) -> dict:
    """The pictures the module's lessons name in an image block (and only those), drawn."""
    key = module["sleutel"]
    specs_path = PICTURES_DIR / f"{key}.json"
    specs = json.loads(specs_path.read_text(encoding="utf-8")) if specs_path.exists() else {}
    pictures = {}
    for lesson in module["lessen"]:
        for block in lesson["blokken"]:
            name = block.get("afbeelding")
            if block.get("soort") != "afbeelding" or name in pictures:
                continue
            where = f"module {key}, lesson {lesson['sleutel']}, picture {name!r}"
            if name not in specs:
                raise DemoContentError(f"{where}: no spec in afbeeldingen/{key}.json")
            spec = specs[name]
            try:
                content = _drawn(json.dumps(spec, sort_keys=True, ensure_ascii=False))
            except PictureSpecError as exc:
                raise DemoContentError(f"{where}: {exc}") from exc
            pictures[name] = {"beschrijving": spec["beschrijving"], "inhoud": content}
    return pictures


@functools.cache
def _drawn(spec_json: str) -> str:
    """The picture as base64 PNG; cached, since tests and loading read the packs often."""
    return base64.b64encode(render_picture(json.loads(spec_json))).decode("ascii")


def load(stdout=None):
    zeventerpen = Organisation.objects.get(slug="zeventerpen")
    loaded = 0
    for position, module in enumerate(demo_modules(), start=1):
        if Module.objects.filter(owner=zeventerpen, key=module["sleutel"]).exists():
            continue  # and its pictures need not be drawn
        module_import(pack=_pack(module), organisation=zeventerpen, position=position * 10)
        loaded += 1
    if stdout is not None:
        total = Module.objects.filter(owner=zeventerpen).count()
        stdout.write(f"Microlessons: {total} modules for Zeventerpen ({loaded} loaded now)")
