"""The folded family and given names of every person (the same-person check's blocking key)."""

from django.db import migrations, models

from giapranh.people.models import name_keys

BATCH = 5_000


def fill(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    last = 0
    while True:
        rows = list(Person.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "full_name")[:BATCH])
        if not rows:
            return
        persons = []
        for pk, full_name in rows:
            family, given = name_keys(full_name)
            persons.append(Person(pk=pk, family_key=family, given_key=given))
        Person.objects.bulk_update(persons, ["family_key", "given_key"])
        last = rows[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_token_expiry_session_epoch'),
        ('people', '0009_merge_countries_match_pairs'),
        ('territory', '0002_cluster_membership_with_validity'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalperson',
            name='family_key',
            field=models.CharField(default='', editable=False, max_length=40),
        ),
        migrations.AddField(
            model_name='historicalperson',
            name='given_key',
            field=models.CharField(default='', editable=False, max_length=40),
        ),
        migrations.AddField(
            model_name='person',
            name='family_key',
            field=models.CharField(default='', editable=False, max_length=40),
        ),
        migrations.AddField(
            model_name='person',
            name='given_key',
            field=models.CharField(default='', editable=False, max_length=40),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['given_key', 'family_key', 'birth_year', 'owner_agency'], name='person_given_family_year'),
        ),
    ]
