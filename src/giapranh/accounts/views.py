from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from giapranh.accounts.selectors import dashboard_clusters_for

if TYPE_CHECKING:
    from giapranh.accounts.models import User


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)  # login_required
    context = {
        "agency": user.agency,
        "jurisdiction": user.agency.jurisdiction if user.agency else None,
        "clusters": dashboard_clusters_for(user=user),
    }
    return render(request, "accounts/dashboard.html", context)
