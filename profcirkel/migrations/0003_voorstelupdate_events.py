"""Updates about a proposal become events (kind + parameters), shown in each reader's
language; the Dutch sentences written before are read back into events where they match."""

import re
from datetime import date

from django.db import migrations, models

# The Dutch sentences as they were stored (profcirkel.events.MESSAGES, frozen here).
SENTENCES = {
    "ingediend": "Jullie voorstel ‘%(titel)s’ is door %(name)s ingediend bij de Prof-cirkel van "
    "%(team)s.",
    "overgenomen": "Jullie voorstel ‘%(titel)s’ is overgenomen.",
    "overgenomen_reden": "Jullie voorstel ‘%(titel)s’ is overgenomen: %(reden)s",
    "aangepast": "Jullie voorstel ‘%(titel)s’ is aangepast overgenomen: %(reden)s",
    "afgewezen": "Jullie voorstel ‘%(titel)s’ is afgewezen: %(reden)s",
    "uitvoering": "Jullie voorstel ‘%(titel)s’ wordt uitgevoerd. Eigenaar: %(owner)s, klaar "
    "uiterlijk %(when)s.",
    "eigenaar": "Jullie voorstel ‘%(titel)s’ heeft nu %(owner)s als eigenaar en is klaar "
    "uiterlijk %(when)s.",
    "gerealiseerd": "Jullie voorstel ‘%(titel)s’ is gerealiseerd. Kijk samen wat het heeft "
    "opgeleverd.",
    "effect": "Het effect van jullie voorstel ‘%(titel)s’ is beoordeeld: %(effect)s",
}
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def _pattern(sentence: str) -> re.Pattern:
    parts = re.split(r"%\((\w+)\)s", sentence)
    regex = ""
    for i, part in enumerate(parts):
        regex += re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
    return re.compile(f"^{regex}$", re.S)


def _iso(text: str) -> str | None:
    match = re.fullmatch(r"(\d{1,2}) (\w+) (\d{4})", text.strip())
    if not match or match[2] not in MONTHS:
        return None
    return date(int(match[3]), MONTHS.index(match[2]) + 1, int(match[1])).isoformat()


def to_events(apps, schema_editor):
    VoorstelUpdate = apps.get_model("profcirkel", "VoorstelUpdate")
    patterns = [(kind, _pattern(s)) for kind, s in SENTENCES.items()]
    for update in VoorstelUpdate.objects.filter(kind="").iterator():
        if update.text.endswith("…"):
            continue  # cut short: keep the sentence
        for kind, pattern in patterns:
            match = pattern.match(update.text)
            if not match:
                continue
            params = match.groupdict()
            if "when" in params:
                params["when"] = _iso(params["when"])
                if params["when"] is None:
                    break
            update.kind, update.params = kind, params
            update.save(update_fields=["kind", "params"])
            break


class Migration(migrations.Migration):
    dependencies = [
        ("profcirkel", "0002_indexes_for_scale"),
    ]

    operations = [
        migrations.AddField(
            model_name="voorstelupdate",
            name="kind",
            field=models.CharField(blank=True, default="", max_length=20),
        ),
        migrations.AddField(
            model_name="voorstelupdate",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(to_events, migrations.RunPython.noop),
    ]
