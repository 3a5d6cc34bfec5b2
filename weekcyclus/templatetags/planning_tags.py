"""Template tags of the planning pages (the group page's weeks, session links)."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def groep_weken(groep) -> dict:
    """The group's coming and recent weeks with their sessions, for ``_groep_weken.html``:
    ``{% groep_weken groep as weken %}`` (a fixed number of queries)."""
    return selectors.groep_weken(groep=groep)
