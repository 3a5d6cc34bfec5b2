"""The REST API's pieces for the didactisch kader: its questions, in and out."""

from rest_framework import serializers

from .models import DidactischeVraag
from .selectors import didactisch_kader


class VraagSerializer(serializers.ModelSerializer):
    class Meta:
        model = DidactischeVraag
        fields = ["number", "text"]
        read_only_fields = fields


class VraagNumbersField(serializers.ListField):
    """Numbers of questions of the didactisch kader, turned into the questions."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.IntegerField(min_value=1, max_value=10))
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", "Numbers (1–10) of questions of the didactisch kader.")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        numbers = set(super().to_internal_value(data))
        vragen = list(didactisch_kader().filter(number__in=numbers))
        if len(vragen) != len(numbers):
            raise serializers.ValidationError("Kies vragen uit het didactisch kader.")
        return vragen
