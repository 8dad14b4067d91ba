"""Attachments (private, EXIF stripped, PDFs checked) and the programme statistics."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from backend.organisations.roles import Role
from campaigns.rule_reports.models import Attachment
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.helpers import assert_problem
from tests.rule_reports.conftest import step, submit


def _photo_with_exif() -> bytes:
    image = Image.new("RGB", (640, 480), "#3366aa")
    exif = Image.Exif()
    exif[0x010F] = "Telefoon van de melder"  # Make
    exif[0x010E] = "Gemaakt bij de balie, Stationsplein 1"  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _upload(client, uuid, name, data, **extra):
    return client.post(
        f"/api/v1/regelmeldingen/{uuid}/bijlagen",
        {"bestand": SimpleUploadedFile(name, data), **extra},
        format="multipart",
    )


def test_a_photo_loses_its_metadata_and_is_served_only_to_who_may_see_the_report(
    reporter_client, coach_client, employee_client
):
    uuid = submit(reporter_client)["melding"]["uuid"]

    added = _upload(reporter_client, uuid, "foto.jpg", _photo_with_exif())

    assert added.status_code == 201, added.content
    stored = Attachment.objects.get()
    image = Image.open(io.BytesIO(bytes(stored.content)))
    assert not image.getexif()
    url = f"/api/v1/regelmeldingen/{uuid}/bijlagen/{added.json()['uuid']}"
    served = coach_client.get(url)
    assert served.status_code == 200 and served["Cache-Control"] == "private, no-store"
    assert_problem(employee_client.get(url), 404)


def test_a_pdf_is_checked(reporter_client):
    uuid = submit(reporter_client)["melding"]["uuid"]

    broken = _upload(reporter_client, uuid, "regel.pdf", b"%PDF-1.4 half een bestand")
    fine = _upload(reporter_client, uuid, "regel.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    not_a_file = _upload(reporter_client, uuid, "regel.exe", b"MZ\x90\x00 niet goed")

    assert_problem(broken, 400, code="invalid_pdf")
    assert fine.status_code == 201 and fine.json()["mediatype"] == "application/pdf"
    assert_problem(not_a_file, 400)
    assert Attachment.objects.count() == 1


def test_an_anonymous_reporter_adds_an_attachment_with_the_code_only(reporter_client):
    data = submit(reporter_client, privacy="anoniem")
    uuid = data["melding"]["uuid"]

    without = _upload(reporter_client, uuid, "foto.jpg", _photo_with_exif())
    with_code = _upload(
        reporter_client, uuid, "foto.jpg", _photo_with_exif(), volgcode=data["volgcode"]
    )

    assert_problem(without, 403)
    assert with_code.status_code == 201


def test_statistics_per_outcome_hide_small_groups_and_name_nobody(
    reporter_client, coach_client, reporter, zeventerpen
):
    for _ in range(6):
        uuid = submit(reporter_client)["melding"]["uuid"]
        step(coach_client, uuid, "afsluiten", afhandeling="uitgelegd", publiekBericht="Zo zit het.")
    submit(reporter_client, herkomst="landelijk")
    viewer = client_for(EmployeeFactory(organisation=zeventerpen, roles=[Role.INSIGHTS_VIEWER]))

    table = viewer.get("/api/v1/regelmeldingen/statistieken", {"weergave": "uitkomsten"})
    lead = viewer.get("/api/v1/regelmeldingen/statistieken", {"weergave": "doorlooptijden"})

    assert table.status_code == 200 and lead.status_code == 200
    rows = {row["sleutel"]: row for row in table.json()["rijen"]}
    explained = {cell["kolom"]: cell for cell in rows["uitgelegd"]["cellen"]}
    assert explained["eigen_organisatie"]["waarde"] == 6
    still_open = {cell["kolom"]: cell for cell in rows["open"]["cellen"]}
    assert still_open["landelijk"]["onderdrukt"] is True
    assert reporter.last_name not in table.content.decode()
    assert_problem(
        reporter_client.get("/api/v1/regelmeldingen/statistieken", {"weergave": "uitkomsten"}), 403
    )
