"""Turning a service's refusal into words for the person who asked."""

from django.core.exceptions import PermissionDenied, ValidationError


def messages_of(exc: ValidationError | PermissionDenied) -> list[str]:
    """The (already translated) messages of a ValidationError or PermissionDenied."""
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    return [str(exc)] if str(exc) else []
