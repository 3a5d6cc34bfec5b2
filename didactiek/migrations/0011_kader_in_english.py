"""The ten questions in both languages: Dutch as they were, English next to them."""

from django.db import migrations

ENGLISH = {
    1: "improve critical work situations",
    2: "innovate critical work situations",
    3: "do our work better (using AI)",
    4: "adopt a more critical attitude towards the use of AI",
    5: "increase our productivity",
    6: "improve our work climate and our vitality",
    7: "bring about more inclusiveness and collaboration",
    8: "contribute to a more sustainable society",
    9: "How can I as an individual improve my performance, talents and qualifications?",
    10: "What can my organisation mean for me and my work environment in this context?",
}


def forward(apps, schema_editor):
    Vraag = apps.get_model("didactiek", "DidactischeVraag")
    for vraag in Vraag.objects.all():
        vraag.text_nl = vraag.text_nl or vraag.text
        vraag.text_en = ENGLISH.get(vraag.number, vraag.text_en)
        vraag.save(update_fields=["text_nl", "text_en"])


class Migration(migrations.Migration):
    dependencies = [("didactiek", "0010_frames_and_translations")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
