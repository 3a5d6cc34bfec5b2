"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

from . import access


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing ids beyond 64 bits with its own "not a valid value" message
    before they reach the database (an ``IN`` list with such a number makes the driver fail:
    a 500 instead of a form error)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            try:
                access.parse_id(pk)
            except Http404:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                ) from None
        return super()._check_values(value)
