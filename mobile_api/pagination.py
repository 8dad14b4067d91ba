from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class DutchPageNumberPagination(PageNumberPagination):
    """Pages with camelCase Dutch query keys (/core/query-keys-camel-case)."""

    page_query_param = "pagina"
    page_size_query_param = "paginaGrootte"
    max_page_size = 200
    page_query_description = "Het paginanummer, vanaf 1."
    page_size_query_description = "Aantal resultaten per pagina, 1 tot 200 (standaard 50)."
    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        self._validate_query(request)
        return super().paginate_queryset(queryset, request, view)

    def _validate_query(self, request):
        """Both parameters at once: a whole number from 1, or a 400 naming what is wrong
        (instead of silently using the default page size or answering 404)."""
        errors = {}
        limits = {
            self.page_query_param: serializers.IntegerField(min_value=1),
            self.page_size_query_param: serializers.IntegerField(
                min_value=1, max_value=self.max_page_size
            ),
        }
        for name, field in limits.items():
            raw = request.query_params.get(name)
            if raw is None:
                continue
            try:
                field.run_validation(raw)
            except exceptions.ValidationError as exc:
                errors[name] = exc.detail
        if errors:
            raise exceptions.ValidationError(errors)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters

    def get_paginated_response(self, data):
        return Response(
            {
                "aantal": self.page.paginator.count,
                "volgende": self.get_next_link(),
                "vorige": self.get_previous_link(),
                "resultaten": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["aantal", "volgende", "vorige", "resultaten"],
            "properties": {
                "aantal": {"type": "integer", "example": 123},
                "volgende": {"type": "string", "nullable": True, "format": "uri"},
                "vorige": {"type": "string", "nullable": True, "format": "uri"},
                "resultaten": schema,
            },
        }
