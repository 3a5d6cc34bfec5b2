from django.db.models import QuerySet

from .models import DidactischeVraag


def didactisch_kader() -> QuerySet[DidactischeVraag]:
    """The ten questions, in order (method data: the same for every organisation)."""
    return DidactischeVraag.objects.order_by("number")
