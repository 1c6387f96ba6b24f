from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from giapranh.territory.choices import UnitLevel
from giapranh.territory.equivalence import cluster_commune_ids, equivalent_unit_ids
from giapranh.territory.selectors import unit_search


def near_commune_ids(user: object) -> set[int]:
    """The user's own commune and its cluster's, before and after the reform: ranked first when searching units."""
    agency = getattr(user, "agency", None)
    own = equivalent_unit_ids({agency.jurisdiction_id}) if agency is not None else set()
    return own | cluster_commune_ids(user)

_ELEMENT_ID = re.compile(r"^[A-Za-z][\w-]{0,80}$")


@login_required
@require_GET
def unit_picker(request: HttpRequest) -> HttpResponse:
    """Communes matching what was typed, for UnitPickerWidget (units are public reference data)."""
    target = request.GET.get("target", "")
    if not _ELEMENT_ID.match(target):
        raise Http404
    q = request.GET.get("unit-q", "").strip()[:80]
    first = near_commune_ids(request.user) if len(q) >= 2 else set()
    units = unit_search(q=q, level=UnitLevel.COMMUNE, limit=15, first=first) if len(q) >= 2 else []
    return render(request, "territory/partials/_unit_results.html", {"units": units, "target": target})
