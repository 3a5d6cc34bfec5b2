"""Turning a service's refusal into words for the person who asked (``refusal``: the one
helper every view uses around a service call)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages as django_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest


def messages_of(exc: ValidationError | PermissionDenied) -> list[str]:
    """The (already translated) messages of a ValidationError or PermissionDenied."""
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    return [str(exc)] if str(exc) else []


@dataclass
class Refusal:
    """Whether a service refused (``if refused:``), and why, in the person's words."""

    refused: bool = False
    messages: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.refused


@contextmanager
def refusal(
    request: HttpRequest | None = None,
    *,
    form: forms.Form | None = None,
    on_fields: bool = False,
    forbidden_is_404: bool = False,
    fallback: str = "",
) -> Iterator[Refusal]:
    """The one shape of a view that calls a service: a refusal (``ValidationError``,
    ``PermissionDenied``) becomes the person's messages, never a 500::

        with refusal(request) as refused:
            services.sessie_start(sessie=sessie, by=request.user)
        if refused:
            return redirect(...)

    The messages go onto ``form`` (as errors above its fields, or with ``on_fields`` on the
    field a message names; the typed input stays) or, without a form, to ``request``'s
    messages for the next page; they are in
    ``refused.messages`` either way. With ``forbidden_is_404`` a ``PermissionDenied`` is a 404
    (not the person's to do: nothing is revealed). ``fallback`` is said when the refusal
    came without words."""
    outcome = Refusal()
    try:
        yield outcome
    except PermissionDenied as exc:
        if forbidden_is_404:
            raise Http404 from exc
        outcome.refused, outcome.messages = True, messages_of(exc)
    except ValidationError as exc:
        outcome.refused, outcome.messages = True, messages_of(exc)
        if form is not None and on_fields:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return
    if not outcome.refused:
        return
    if not outcome.messages and fallback:
        outcome.messages = [fallback]
    for message in outcome.messages:
        if form is not None:
            form.add_error(None, message)
        elif request is not None:
            django_messages.error(request, message)
