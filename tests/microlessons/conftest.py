import pytest

from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.microlessons.builders import import_module


@pytest.fixture
def module(zeventerpen):
    return import_module(zeventerpen, "dienstverlening", lessons=3, questions=2)


@pytest.fixture
def editor(zeventerpen):
    from backend.organisations.roles import Role

    return EmployeeFactory(organisation=zeventerpen, roles=[Role.CONTENT_EDITOR])


@pytest.fixture
def editor_client(editor):
    return client_for(editor)
