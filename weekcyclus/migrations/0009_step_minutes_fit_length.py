"""Step minutes must sum to the session's length: fit the sessions planned before that
rule (their default 60 minutes of steps in a session of another length)."""

from django.db import migrations


def fit(minutes, total):
    if sum(minutes) == total or total < len(minutes):
        return minutes
    scale = total / max(sum(minutes), 1)
    raw = [m * scale for m in minutes]
    fitted = [max(1, int(r)) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - fitted[i], reverse=True)
    i = 0
    while sum(fitted) < total:
        fitted[order[i % len(order)]] += 1
        i += 1
    while sum(fitted) > total:
        j = max(range(len(fitted)), key=lambda k: fitted[k])
        fitted[j] -= 1
    return fitted


def forward(apps, schema_editor):
    Sessie = apps.get_model("weekcyclus", "Sessie")
    for sessie in Sessie.objects.only("pk", "step_minutes", "duration_minutes").iterator():
        minutes = sessie.step_minutes
        if isinstance(minutes, list) and minutes and sum(minutes) != sessie.duration_minutes:
            Sessie.objects.filter(pk=sessie.pk).update(
                step_minutes=fit(minutes, sessie.duration_minutes)
            )


class Migration(migrations.Migration):
    dependencies = [("weekcyclus", "0008_sessie_frame")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
