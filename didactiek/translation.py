"""Model content in both languages (django-modeltranslation): ``text`` reads the viewer's
language, falling back to Dutch; ``text_nl`` and ``text_en`` are the stored columns."""

from modeltranslation.translator import TranslationOptions, register

from .models import DidactischeVraag, Frame


@register(DidactischeVraag)
class DidactischeVraagTranslation(TranslationOptions):
    fields = ("text",)


@register(Frame)
class FrameTranslation(TranslationOptions):
    fields = ("title", "description")
