from django.db.utils import OperationalError
from django.test import Client


def test_liveness(db):
    response = Client().get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_checks_the_database(db):
    response = Client().get("/health/ready")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_readiness_fails_when_the_database_does_not_answer(db, monkeypatch):
    # The database is an external service; this is the one place we simulate its failure.
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken_cursor)
        response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "database_unavailable"


def test_probes_need_no_credentials_and_allow_only_get(db):
    anonymous, bogus = Client(), Client(HTTP_AUTHORIZATION="Bearer ddna_geen-echt-token")
    for client in (anonymous, bogus):  # no sign-in needed, and a bad one does not hurt
        for probe in ("/health/live", "/health/ready"):
            assert client.get(probe).status_code == 200
    for probe in ("/health/live", "/health/ready"):
        assert anonymous.post(probe).status_code == 405
        assert anonymous.delete(probe).status_code == 405
