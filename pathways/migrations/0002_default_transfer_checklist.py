"""A default transfer checklist to Building Your Futures, in the flowchart's words.

Administrators edit the list in the admin; this only fills an empty list.
"""

from django.db import migrations

DEFAULT_ITEMS = [
    "Care proceedings concluded and the final care plan shared with the family",
    "Placement settled, with the placement plan up to date",
    "'Children we care for' plan reviewed, in strength-based language",
    "Family time calendar agreed with the family",
    "Going Home plan (post 1 year) recorded and shared with the family and network",
    "Lifelong Links considered",
    "Critical conversations held with the family, carers and professional network",
    "Chronology and assessments up to date",
    "Transfer meeting held with the Building Your Futures team",
]


def add_defaults(apps, schema_editor):
    item = apps.get_model("pathways", "TransferChecklistItem")
    if not item.objects.exists():
        for position, text in enumerate(DEFAULT_ITEMS, start=1):
            item.objects.create(text=text, position=position)


class Migration(migrations.Migration):
    dependencies = [("pathways", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
