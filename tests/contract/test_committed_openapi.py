import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "openapi" / "openapi.yaml"
RULESETS = ROOT.parent / "shared" / "api-design-rules"
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"


def test_committed_document_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--lang", "nl", "--file", str(generated)
    )
    assert generated.read_text() == COMMITTED.read_text(), (
        "openapi/openapi.yaml is out of date: run `make schema` and commit the result"
    )


def test_document_is_openapi_3_0_and_describes_itself():
    document = yaml.safe_load(COMMITTED.read_text())
    assert document["openapi"] == "3.0.3"  # ADR 2.1.0 requires 3.0.x
    assert "/openapi.json" in document["paths"]
    assert "/openapi.yaml" in document["paths"]["/openapi.json"]["get"]["description"]


def test_the_served_document_is_the_committed_one(api_client, db):
    response = api_client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    served = response.json()
    committed = yaml.safe_load(COMMITTED.read_text())
    assert served["paths"].keys() == committed["paths"].keys()
    assert served["info"]["version"] == committed["info"]["version"]


def test_document_version_is_the_api_version(settings):
    document = yaml.safe_load(COMMITTED.read_text())
    assert document["info"]["version"] == settings.API_VERSION
    assert document["servers"][0]["url"].endswith(f"/api/v{settings.API_VERSION.split('.')[0]}")
    changelog = (ROOT / "openapi" / "CHANGELOG.md").read_text()
    assert f"## {settings.API_VERSION}" in changelog


@pytest.mark.parametrize(
    "ruleset", [".spectral-adr-2.1.yaml", ".spectral.yaml"], ids=["adr-2.1.0", "adr-2.2.0-rc.1"]
)
def test_document_passes_the_nl_api_design_rules_linter(ruleset):
    """Zero errors and zero warnings, against the adopted 2.1.0 and the coming 2.2."""
    if not RULESETS.is_dir():
        pytest.skip(f"{RULESETS} is absent on this machine: the ADR lint cannot run here")
    if not SPECTRAL.exists() or shutil.which("node") is None:
        pytest.skip("Spectral is not installed (needs npm: `make install` runs `npm ci`)")
    result = subprocess.run(
        [str(SPECTRAL), "lint", "-r", ruleset, "openapi/openapi.yaml", "-F", "warn"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SCARF_ANALYTICS": "false"},
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_project_ruleset_catches_non_standard_methods(tmp_path):
    """The project's http-methods rule fires where the upstream one does not."""
    if not RULESETS.is_dir():
        pytest.skip(f"{RULESETS} is absent on this machine: the ADR lint cannot run here")
    if not SPECTRAL.exists() or shutil.which("node") is None:
        pytest.skip("Spectral is not installed (needs npm: `make install` runs `npm ci`)")
    document = yaml.safe_load(COMMITTED.read_text())
    path_item = next(iter(document["paths"].values()))
    path_item["trace"] = next(iter(path_item.values()))
    broken = ROOT / "openapi" / f".lint-probe-{os.getpid()}.yaml"
    broken.write_text(yaml.safe_dump(document))
    try:
        result = subprocess.run(
            [str(SPECTRAL), "lint", "-r", ".spectral.yaml", str(broken)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "SCARF_ANALYTICS": "false"},
            timeout=120,
        )
    finally:
        broken.unlink()
    assert result.returncode != 0
    assert "project:standard-http-methods" in result.stdout
