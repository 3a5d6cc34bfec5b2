from django import template

register = template.Library()


@register.filter
def mmss(seconds: int) -> str:
    """Seconds as m:ss; overtime shows as +m:ss."""
    sign = "+" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


@register.simple_tag
def timer_left(sessie) -> int:
    return sessie.step_seconds - sessie.timer_elapsed()
