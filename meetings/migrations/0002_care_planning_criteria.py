"""The care planning criteria from seeds/care-planning-pathways.txt (administrators edit them)."""

from django.db import migrations

SAFEGUARDING = [
    ("Child who is subject to a repeat referral", False),
    ("Child who is subject to pre-proceedings or proceedings", False),
    ("Child who needs a permanency decision: sixteen or seventeen years old, subject to section 20", False),
    ("Child who is transitioning to adult services (sixteen and above)", False),
    ("Child whose placement stability is at risk", False),
    ("Child whose family placement is at risk", False),
    ("Escalation to the Legal Gateway Panel is needed: Child Protection Plan not progressing", False),
    ("Child being assessed for a prospective Special Guardianship arrangement", True),
]
CARED_FOR = [
    ("Child who is subject to pre-proceedings or proceedings", False),
    ("Child who needs a permanency decision: sixteen or seventeen years old, subject to section 20", False),
    ("Child whose plan may be one of reunification", False),
    ("Child who has been in a foster placement for eleven months or more", False),
    ("Child whose plan is one of adoption", False),
    ("Child who is transitioning to adult services (sixteen and above)", False),
    ("Child whose placement stability is at risk", False),
    ("Child being assessed for a prospective Special Guardianship arrangement", True),
]


def add(apps, schema_editor):
    criterion = apps.get_model("meetings", "CarePlanningCriterion")
    if criterion.objects.exists():
        return
    for criteria_list, items in (("safeguarding", SAFEGUARDING), ("cared_for", CARED_FOR)):
        for position, (text, sgo) in enumerate(items, start=1):
            criterion.objects.create(criteria_list=criteria_list, text=text, prospective_sgo=sgo, position=position)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
