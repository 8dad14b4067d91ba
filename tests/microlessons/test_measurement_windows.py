"""Measurement windows in the admin: the organisation admin sets them for a published test its
organisation can see, one window of a test at a time."""

import datetime

import pytest
from django.utils import timezone

from microlessons.models import MeasurementWindow
from tests.helpers import admin_client
from tests.microlessons.builders import import_module
from tests.microlessons.practice_builders import import_test, window

ADD = "/admin/microlessons/measurementwindow/add/"


@pytest.fixture
def test(zeventerpen):
    return import_test(zeventerpen, [import_module(zeventerpen, "onderwerp", lessons=1)])


def _form(test, name, opens_days, closes_days):
    now = timezone.localtime()

    def split(days):
        moment = now + datetime.timedelta(days=days)
        return {"0": moment.strftime("%Y-%m-%d"), "1": moment.strftime("%H:%M:%S")}

    opens, closes = split(opens_days), split(closes_days)
    return {
        "test": test.pk,
        "name": name,
        "opens_at_0": opens["0"],
        "opens_at_1": opens["1"],
        "closes_at_0": closes["0"],
        "closes_at_1": closes["1"],
    }


def test_the_organisation_admin_sets_a_window(org_admin, test, zeventerpen):
    response = admin_client(org_admin).post(ADD, _form(test, "Meting januari", 1, 30))
    assert response.status_code == 302, response.content[:2000]
    saved = MeasurementWindow.objects.get(name="Meting januari")
    assert saved.organisation == zeventerpen and saved.test == test


def test_an_overlapping_window_of_the_same_test_is_refused(org_admin, test, zeventerpen):
    window(zeventerpen, test, opens_days=-1, closes_days=7, name="Meting nu")
    response = admin_client(org_admin).post(ADD, _form(test, "Te vroeg", 5, 20))
    assert response.status_code == 200
    assert "Meting nu" in response.context["adminform"].form.errors["opens_at"][0]
    assert not MeasurementWindow.objects.filter(name="Te vroeg").exists()
    # right after it closes is fine
    response = admin_client(org_admin).post(ADD, _form(test, "Daarna", 8, 20))
    assert response.status_code == 302


def test_another_organisations_window_does_not_count_as_overlap(
    org_admin, test, zeventerpen, oosterdijk
):
    shared_test = test
    MeasurementWindow.objects.create(
        organisation=oosterdijk,
        test=shared_test,
        name="Elders",
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=30),
    )
    response = admin_client(org_admin).post(ADD, _form(test, "Hier", 1, 20))
    assert response.status_code == 302
