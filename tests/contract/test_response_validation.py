"""The response-validating client itself must catch a response that breaks the contract."""

import pytest
from django.http import JsonResponse
from django.test import override_settings
from django.urls import path

from tests.openapi_validation import ContractCheckingClient, ContractViolation


def _wrong_mij(request):
    return JsonResponse({"naam": 42})


urlpatterns = [path("api/v1/mij", _wrong_mij)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_response_that_breaks_the_contract_fails_the_test(db):
    with pytest.raises(ContractViolation):
        ContractCheckingClient().get("/api/v1/mij")
