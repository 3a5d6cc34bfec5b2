from django import template

register = template.Library()


@register.simple_tag
def review_form_items(voorstel, keep=None) -> list[dict]:
    """The critical review's fields with their versions (see Verbetervoorstel)."""
    return voorstel.review_form_items(keep) if voorstel else []


@register.simple_tag
def proposal_form_steps(screen, keep=None) -> list[dict]:
    """The proposal form's steps: as saved, or as typed when the save was refused (a step
    over the length limit must not be lost)."""
    if keep is not None and hasattr(keep, "getlist") and "stap" in keep:
        ideas = keep.getlist("stap_ideeen")
        typed = [
            {
                "tekst": text,
                "ideeen": [
                    int(n) for n in (ideas[i] if i < len(ideas) else "").split(",") if n.isdigit()
                ],
            }
            for i, text in enumerate(keep.getlist("stap"))
            if text.strip()
        ]
        return screen.with_ideas(typed)
    return screen.voorstel_steps
