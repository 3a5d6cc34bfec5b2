"""The method itself: the didactisch kader (ten questions). Frames, werksituaties and
proposals grow here."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class DidactischeVraag(models.Model):
    """One of the ten questions of the didactisch kader.

    Method data, the same for every organisation; loaded by a data migration and read-only
    in the UI.
    """

    class Scope(models.TextChoices):
        GROEP = "groep", _("Groepsvraag")
        INDIVIDU = "individu", _("Individuele vraag")

    GROUP_PREFIX = _("Hoe kunnen we als groep:")

    number = models.PositiveSmallIntegerField(
        _("nummer"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    text = models.CharField(_("vraag"), max_length=200)
    scope = models.CharField(_("soort"), max_length=10, choices=Scope.choices)

    class Meta:
        ordering = ["number"]
        verbose_name = _("didactische vraag")
        verbose_name_plural = _("didactische vragen")

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def is_group_question(self) -> bool:
        return self.scope == self.Scope.GROEP
