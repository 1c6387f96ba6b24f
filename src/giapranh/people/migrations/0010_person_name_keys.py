"""The folded family and given names of every person (the same-person check's blocking key)."""

import re

from django.db import migrations, models

from giapranh.text import fold

BATCH = 5_000
_WORDS = re.compile(r"[\W_]+")


def name_keys(full_name):
    """As `people.models.name_keys` was written when this migration was (the folded first and last syllables)."""
    syllables = [fold(word)[:40] for word in _WORDS.split((full_name or "").lower()) if word]
    return (syllables[0], syllables[-1]) if syllables else ("", "")


def fill(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    table = schema_editor.connection.ops.quote_name(Person._meta.db_table)
    # One plain UPDATE per row, run as a batch: `bulk_update`'s CASE over thousands of ids is quadratic.
    sql = f"UPDATE {table} SET family_key = %s, given_key = %s WHERE id = %s"  # noqa: S608 - the table's own name
    last = 0
    while True:
        rows = list(Person.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "full_name")[:BATCH])
        if not rows:
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(sql, [(*name_keys(full_name), pk) for pk, full_name in rows])
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
