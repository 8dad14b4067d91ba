from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class JsonWhateverIsAccepted(DefaultContentNegotiation):
    """The API speaks JSON (problem+json for errors). A client that asks for something else
    still gets JSON rather than a 406, as HTTP allows (RFC 9110, 12.5.1)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            renderer = renderers[0]
            return renderer, renderer.media_type
