"""Catalogue items in both languages (django-modeltranslation, see didactiek/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import CatalogusItem


@register(CatalogusItem)
class CatalogusItemTranslation(TranslationOptions):
    fields = ("title", "description")
