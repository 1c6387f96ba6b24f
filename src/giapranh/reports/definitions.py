"""The figures of DESIGN.md that the incidents and people record types support.

Community figures (officers, groups, outreach, models, pacts, commendations)
and exchange figures (notices, requests) are declared by their own apps in
`report_figures.py` when those types exist.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from giapranh.reports.figures import (
    Counting,
    Figure,
    Period,
    Section,
    register_figure,
    register_section,
)

register_section(Section("political_security", _("Political security"), 10))
register_section(Section("social_order", _("Social order and safety"), 20))
register_section(Section("traffic", _("Road traffic"), 30))
register_section(Section("coordination", _("Coordination and handling"), 40))
register_section(Section("community", _("Movement of the whole people"), 50))
register_section(Section("force", _("Commune police force"), 60))
register_section(Section("exchange", _("Information exchange"), 70))

CASES = _("cases")
SUBJECTS = _("subjects")
PERSONS = _("persons")
VISITS = _("visits")

_DEFINITIONS = [
    Figure(
        key="illegal_exits.women", label=_("Women who exited the country illegally"), section="political_security",
        model="people.IllegalExit", date_field="left_on", filter=Q(person__gender="female"),
        about_persons=True, unit=PERSONS, order=10, seed=75,
    ),
    *[
        Figure(
            key=f"foreign_visits.{purpose}", label=label, section="political_security",
            model="people.ForeignVisit", date_field="arrival_on", filter=Q(purpose=purpose),
            about_persons=True, unit=VISITS, order=20 + index, seed=145 if purpose == "family_visit" else None,
        )
        for index, (purpose, label) in enumerate([
            ("family_visit", _("Foreigners' visits: family visits")),
            ("work", _("Foreigners' visits: work")),
            ("tourism", _("Foreigners' visits: tourism")),
            ("other", _("Foreigners' visits: other purposes")),
        ])
    ],
    Figure(
        key="supervision.persons", label=_("Persons under supervision"), section="social_order",
        model="people.Supervision", date_field="starts_on", period=Period.ACTIVE, end_field="ends_on",
        counting=Counting.PERSONS, path="person", about_persons=True, unit=SUBJECTS, order=10, seed=171,
    ),
    Figure(
        key="incidents.total", label=_("Incidents related to security and order"), section="social_order",
        model="incidents.Incident", date_field="occurred_at", unit=CASES, order=20, seed=172,
    ),
    Figure(
        key="incidents.prosecuted.cases", label=_("Prosecuted: cases"), section="social_order",
        model="incidents.Incident", date_field="occurred_at", filter=Q(outcome="prosecuted"),
        unit=CASES, order=21, seed=99,
    ),
    Figure(
        key="incidents.prosecuted.subjects", label=_("Prosecuted: subjects"), section="social_order",
        model="incidents.Incident", date_field="occurred_at", filter=Q(outcome="prosecuted"),
        counting=Counting.PERSONS, path="involvements__person", path_filter=Q(involvements__role="suspect"),
        about_persons=True, unit=SUBJECTS, order=22, seed=153,
    ),
    Figure(
        key="incidents.not_prosecuted.cases", label=_("Not prosecuted: cases"), section="social_order",
        model="incidents.Incident", date_field="occurred_at", filter=Q(outcome="not_prosecuted"),
        unit=CASES, order=23, seed=73,
    ),
    Figure(
        key="incidents.not_prosecuted.subjects", label=_("Not prosecuted: subjects"), section="social_order",
        model="incidents.Incident", date_field="occurred_at", filter=Q(outcome="not_prosecuted"),
        counting=Counting.PERSONS, path="involvements__person", path_filter=Q(involvements__role="suspect"),
        about_persons=True, unit=SUBJECTS, order=24, seed=116,
    ),
    Figure(
        key="accidents.total", label=_("Road traffic accidents and collisions"), section="traffic",
        model="incidents.TrafficAccident", date_field="occurred_at", unit=CASES, order=10, seed=49,
    ),
    Figure(
        key="accidents.deaths", label=_("Killed in road traffic accidents"), section="traffic",
        model="incidents.TrafficAccident", date_field="occurred_at", counting=Counting.SUM, path="deaths",
        about_persons=True, unit=PERSONS, order=11, seed=3,
    ),
    Figure(
        key="accidents.injuries", label=_("Injured in road traffic accidents"), section="traffic",
        model="incidents.TrafficAccident", date_field="occurred_at", counting=Counting.SUM, path="injuries",
        about_persons=True, unit=PERSONS, order=12, seed=73,
    ),
    Figure(
        key="cleared_jointly.cases", label=_("Cleared jointly with partner agencies: cases"), section="coordination",
        model="incidents.Incident", date_field="occurred_at", filter=Q(cleared_jointly=True),
        unit=CASES, order=10, seed=21,
    ),
    Figure(
        key="cleared_jointly.subjects", label=_("Cleared jointly with partner agencies: subjects"), section="coordination",
        model="incidents.Incident", date_field="occurred_at", filter=Q(cleared_jointly=True),
        counting=Counting.PERSONS, path="involvements__person", path_filter=Q(involvements__role="suspect"),
        about_persons=True, unit=SUBJECTS, order=11, seed=28,
    ),
    *[
        Figure(
            key=f"measures.{kind}", label=label, section="coordination", model="people.Measure",
            date_field="decision_date", filter=Q(kind=kind), counting=Counting.PERSONS, path="person",
            about_persons=True, unit=SUBJECTS, order=20 + index, seed=seed,
        )
        for index, (kind, label, seed) in enumerate([
            ("community_education", _("Measure: education in the commune"), 30),
            ("compulsory_rehab", _("Measure: compulsory drug rehabilitation"), 24),
            ("compulsory_education", _("Measure: compulsory education institution"), 5),
        ])
    ],
]

for _figure in _DEFINITIONS:
    register_figure(_figure)
