"""OpenAPI generation to the NL API Design Rules: problem responses and the API-Version header
come from here, not from per-view discipline."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from mobile_api.problems import PROBLEM_CONTENT_TYPE


class ProbleemSerializer(serializers.Serializer):
    type = serializers.CharField(
        help_text="URI van het soort probleem; `about:blank` als er geen is."
    )
    title = serializers.CharField(help_text="Korte omschrijving van het soort probleem.")
    status = serializers.IntegerField(help_text="De HTTP-statuscode.")
    detail = serializers.CharField(help_text="Uitleg voor mensen over dit geval.")
    instance = serializers.CharField(help_text="Het pad waarop het probleem optrad.")
    code = serializers.CharField(help_text="Vaste code voor programma's, bijvoorbeeld `not_found`.")


class OngeldigeParameterSerializer(serializers.Serializer):
    name = serializers.CharField(
        help_text="Het veld, met punten voor geneste velden (`blokken.0.tekst`)."
    )
    code = serializers.CharField(help_text="Vaste code van de fout, bijvoorbeeld `required`.")
    reason = serializers.CharField(help_text="Uitleg voor mensen.")


class ValidatieProbleemSerializer(ProbleemSerializer):
    invalidParams = OngeldigeParameterSerializer(
        many=True, help_text="Alle ongeldige velden tegelijk."
    )


# The contract is documented in Dutch (/core/doc-language).
PROBLEM_DESCRIPTIONS = {
    400: "Ongeldige invoer; invalidParams noemt elk probleem.",
    401: "Niet aangemeld, of het token is ongeldig, verlopen of ingetrokken.",
    403: "Aangemeld, maar niet bevoegd.",
    404: "Niet gevonden (of van een andere organisatie).",
    409: "In strijd met de huidige toestand.",
    412: "De bron is gewijzigd sinds je hem las.",
    413: "De upload is te groot.",
    415: "Stuur application/json.",
    429: "Te veel verzoeken of mislukte aanmeldpogingen; zie Retry-After.",
}


class ProblemAwareAutoSchema(AutoSchema):
    """Adds the problem+json answers each operation can give.

    Views may list extra statuses in ``problem_statuses`` (e.g. 401 on sign-in, 409 on conflicts).
    """

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for status_code in sorted(self._problem_statuses(operation)):
            serializer = ValidatieProbleemSerializer if status_code == 400 else ProbleemSerializer
            response = self._get_response_for_code(
                serializer, str(status_code), media_types=[PROBLEM_CONTENT_TYPE]
            )
            response["description"] = PROBLEM_DESCRIPTIONS[status_code]
            operation["responses"].setdefault(str(status_code), response)
        return operation

    def _problem_statuses(self, operation):
        statuses = set(getattr(self.view, "problem_statuses", ()))
        writes = self.method in ("POST", "PUT", "PATCH")
        if writes or operation.get("parameters"):
            statuses.add(400)
        if writes:
            statuses.update({413, 415})
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            statuses.update({401, 403, 429})  # 429: too many failed Firebase sign-ins
        if "{" in self.path or self._is_paginated_list():
            statuses.add(404)  # unknown id, or a page past the end
        if self.view.get_throttles():
            statuses.add(429)
        return statuses

    def _is_paginated_list(self):
        return (
            self.method == "GET"
            and self._is_list_view()
            and getattr(self.view, "pagination_class", None) is not None
        )


def document_api_version_header(result, generator, request, public):
    """Postprocessing hook: every response documents API-Version (/core/version-header)."""
    components = result.setdefault("components", {})
    components.setdefault("headers", {})["API-Version"] = {
        "description": "De volledige versie van de API (semver).",
        "schema": {"type": "string", "example": result["info"]["version"]},
        "required": True,
    }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                response.setdefault("headers", {})["API-Version"] = {
                    "$ref": "#/components/headers/API-Version"
                }
    return result


NULL_ONLY = {"type": "object", "nullable": True, "enum": [None]}


def nullable_references_for_oas30(result, generator, request, public):
    """Postprocessing hook: "a Les, or null" as OpenAPI 3.0.3 can say it.

    drf-spectacular writes ``allOf: [$ref], nullable: true``, but in 3.0.3 ``nullable`` only
    acts beside a ``type`` in the same schema object, so validators reject the null. The
    clarified 3.0.3 form is ``oneOf`` the reference and a schema that only admits null."""

    def rewrite(node):
        if isinstance(node, dict):
            if (
                node.get("nullable") is True
                and "type" not in node
                and len(node.get("allOf", [])) == 1
            ):
                node.pop("nullable")
                node["oneOf"] = [node.pop("allOf")[0], dict(NULL_ONLY)]
            for value in node.values():
                rewrite(value)
        elif isinstance(node, list):
            for value in node:
                rewrite(value)

    rewrite(result)
    return result
