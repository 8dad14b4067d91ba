"""References shared by several parts of the API."""

from rest_framework import serializers


class ModuleVerwijzingSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    titel = serializers.CharField(source="title")
