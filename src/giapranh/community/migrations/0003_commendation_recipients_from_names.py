"""Commendations recorded before recipients were linked name a group, team or officer by free text.

Each such name is linked to the one record it names: a self-management group
or mediation team of one of the commendation's cluster communes (the cluster
reads them), an officer of the roster of the recording agency or an agency
below it (the roster the coordinator may read). A name that matches no record,
or more than one, stays as it was (the pages show it; the next edit asks for
the link). Citizens keep their free name.
"""

import unicodedata

from django.db import migrations


def _fold(text):
    text = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def _unique(candidates, name, attribute):
    wanted = _fold(name)
    found = [obj for obj in candidates if _fold(getattr(obj, attribute)) == wanted]
    return found[0] if len(found) == 1 else None


def link_recipients(apps, schema_editor):
    Commendation = apps.get_model("community", "Commendation")
    SelfManagementGroup = apps.get_model("community", "SelfManagementGroup")
    MediationTeam = apps.get_model("community", "MediationTeam")
    Officer = apps.get_model("community", "Officer")
    Agency = apps.get_model("accounts", "Agency")
    pending = Commendation.objects.filter(recipient_kind__in=["group", "team", "officer"]).exclude(recipient_name="")
    for commendation in pending.select_related("cluster", "owner_agency"):
        found = None
        if commendation.recipient_kind in ("group", "team"):
            model = SelfManagementGroup if commendation.recipient_kind == "group" else MediationTeam
            communes = commendation.cluster.communes.values_list("id", flat=True) if commendation.cluster_id else []
            found = _unique(model.objects.filter(commune_id__in=list(communes)), commendation.recipient_name, "name")
        else:
            agencies = Agency.objects.filter(path__startswith=commendation.owner_agency.path).values_list("id", flat=True)
            found = _unique(Officer.objects.filter(owner_agency_id__in=list(agencies)), commendation.recipient_name, "full_name")
        if found is None:
            continue
        setattr(commendation, f"recipient_{commendation.recipient_kind}", found)
        commendation.recipient_name = ""
        commendation.save(update_fields=[f"recipient_{commendation.recipient_kind}", "recipient_name"])


def unlink_recipients(apps, schema_editor):
    Commendation = apps.get_model("community", "Commendation")
    for commendation in Commendation.objects.filter(recipient_kind__in=["group", "team", "officer"], recipient_name=""):
        linked = getattr(commendation, f"recipient_{commendation.recipient_kind}")
        if linked is not None:
            commendation.recipient_name = getattr(linked, "full_name", None) or linked.name
            commendation.save(update_fields=["recipient_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0002_commendation_recipient_links"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(link_recipients, unlink_recipients)]
