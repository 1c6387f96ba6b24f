from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from giapranh.accounts.selectors import dashboard_clusters_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "agency": user.agency,
        "jurisdiction": user.agency.jurisdiction if user.agency else None,
        "clusters": dashboard_clusters_for(user=user),
    }
    return render(request, "accounts/dashboard.html", context)
