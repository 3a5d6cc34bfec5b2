"""Form pieces for the didactisch kader, shared by every form that chooses questions."""

from django.utils.translation import gettext as _

from .models import DidactischeVraag


class VragenMixin:
    """A ``vragen`` field of checkboxes over the ten questions, grouped as in the kader."""

    def _init_vragen(self, vragen: list[DidactischeVraag]) -> None:
        self.vraag_by_id = {str(v.pk): v for v in vragen}
        self.fields["vragen"].choices = [(str(v.pk), str(v)) for v in vragen]

    def clean_vragen(self) -> list[DidactischeVraag]:
        return [self.vraag_by_id[pk] for pk in self.cleaned_data["vragen"]]

    def vraag_groups(self) -> list[tuple[str, list[tuple[DidactischeVraag, bool]]]]:
        chosen = {str(pk) for pk in (self["vragen"].value() or [])}
        rows = [(v, str(v.pk) in chosen) for v in self.vraag_by_id.values()]
        return [
            (str(DidactischeVraag.GROUP_PREFIX), [r for r in rows if r[0].is_group_question]),
            (_("Als individu:"), [r for r in rows if not r[0].is_group_question]),
        ]
