from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class DutchPageNumberPagination(PageNumberPagination):
    """Pages with camelCase Dutch query keys (/core/query-keys-camel-case)."""

    page_query_param = "pagina"
    page_size_query_param = "paginaGrootte"
    max_page_size = 200
    page_query_description = "Het paginanummer, vanaf 1."
    page_size_query_description = "Aantal resultaten per pagina (hoogstens 200)."

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
                "volgende": {"type": ["string", "null"], "format": "uri"},
                "vorige": {"type": ["string", "null"], "format": "uri"},
                "resultaten": schema,
            },
        }
