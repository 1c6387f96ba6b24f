"""Copy each person's owner agency onto their name syllables (the agency-scoped search index)."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    PersonNameToken = apps.get_model("people", "PersonNameToken")
    PersonNameToken.objects.update(
        owner_agency_id=models.Subquery(Person.objects.filter(pk=models.OuterRef("person_id")).values("owner_agency_id")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_initial"),
        ("people", "0003_seed_supervision_bases"),
    ]

    operations = [
        migrations.AddField(
            model_name="personnametoken",
            name="owner_agency",
            field=models.ForeignKey(null=True, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.agency"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="personnametoken",
            name="owner_agency",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.agency"),
        ),
        migrations.AddIndex(
            model_name="personnametoken",
            index=models.Index(fields=["owner_agency", "token", "person"], name="person_token_by_agency"),
        ),
    ]
