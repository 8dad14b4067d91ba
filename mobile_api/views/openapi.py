from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView


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


class OpenApiYamlView(PublicSchemaView):
    renderer_classes = [OpenApiYamlRenderer]
