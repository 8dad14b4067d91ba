from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView

DOCUMENT_DESCRIPTION = (
    "Het OpenAPI-document van deze API (OpenAPI 3.0.3), openbaar en vanaf elke herkomst "
    "leesbaar (CORS). Hetzelfde document staat als YAML op `/openapi.yaml` "
    "(`application/vnd.oai.openapi`)."
)


class PublicSchemaView(SpectacularAPIView):
    """/core/publish-openapi: the document is public and readable from any origin."""

    authentication_classes = []
    permission_classes = []

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


class OpenApiJsonView(PublicSchemaView):
    renderer_classes = [OpenApiJsonRenderer]

    @extend_schema(
        operation_id="openapi_json_retrieve",
        summary="Het OpenAPI-document",
        description=DOCUMENT_DESCRIPTION,
        tags=["api"],
        auth=[],
        parameters=[
            OpenApiParameter(
                "access-control-allow-origin",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                response=[200],
                description="Altijd `*`: het document is voor iedereen leesbaar.",
            )
        ],
        responses={
            (200, OpenApiJsonRenderer.media_type): OpenApiResponse(
                OpenApiTypes.OBJECT, description="Het OpenAPI-document."
            )
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class OpenApiYamlView(PublicSchemaView):
    """The same document as YAML; named in the JSON operation's description rather than as an
    operation of its own (ADR 2.1.0 allows only /openapi.json as a non-kebab-case path)."""

    renderer_classes = [OpenApiYamlRenderer]
