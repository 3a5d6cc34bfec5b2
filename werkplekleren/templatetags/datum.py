"""``{{ day|datum:"j M Y" }}``: Django's ``date`` filter, with short month names as the
language writes them. Django capitalises the "M" format in every language ("26 Okt",
"Mei"); Dutch writes months in lowercase ("26 okt", "mei"), English capitalised ("26 Oct")."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import translation

register = template.Library()


@register.filter(expects_localtime=True)
def datum(value, arg=None):
    if arg and (translation.get_language() or "nl").startswith("nl"):
        # "b" is the lowercase short month; an escaped "\M" stays a literal M.
        arg = "".join(
            "b" if ch == "M" and (i == 0 or arg[i - 1] != "\\") else ch for i, ch in enumerate(arg)
        )
    return date_filter(value, arg)
