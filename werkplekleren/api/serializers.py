"""The core's serializer of the REST API (a person: id and name). Each app's serializers are
in its ``api.py``. Every field is listed explicitly (never ``__all__``), so a new model field
never leaks into an integration by accident.
"""

from rest_framework import serializers

from werkplekleren.models import User


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "name"]
        read_only_fields = fields
