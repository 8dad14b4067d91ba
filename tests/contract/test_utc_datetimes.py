from tests.factories import PASSWORD


def test_datetimes_are_utc_with_z(api_client, employee):
    response = api_client.post(
        "/api/v1/tokens",
        {"gebruikersnaam": employee.user.username, "wachtwoord": PASSWORD},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["aangemaaktOp"].endswith("Z")
    assert response.json()["verlooptOp"].endswith("Z")
