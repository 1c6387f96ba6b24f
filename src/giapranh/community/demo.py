"""The demo cluster's community records for 01/07/2015 – 30/06/2020, matching the seed's figures.

Registered with `reports.demo.register_demo_generator`; runs inside the demo's
transaction, once (the demo's marker keeps it idempotent). Outreach quantities
dated within the period sum to the seed's 620 / 175 / 285; on 30/06/2020 exactly
622 groups and 18 + 89 officers are active, with some groups dissolved and some
officers transferred before that day so the roster has a history.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from giapranh.community.choices import (
    CommendationForm,
    OutreachKind,
    OutreachTopic,
    RecipientKind,
    ServiceType,
)
from giapranh.community.models import (
    Commendation,
    EmulationPact,
    MediationTeam,
    Officer,
    OutreachActivity,
    SelfManagementGroup,
    SelfManagementModel,
)
from giapranh.territory.models import Cluster

if TYPE_CHECKING:
    from giapranh.reports.demo import DemoContext

SEED_MEDIATION_TEAMS = 30  # one a village; the seed gives no number
DISSOLVED_GROUPS = 14  # merged before 30/06/2020: not counted on the last day
FORMER_OFFICERS = 9  # left before 30/06/2020: not counted on the last day
REGULAR_RANKS = ["Thiếu úy", "Trung úy", "Thượng úy", "Đại úy"]
SEMI_POSITIONS = ["Phó Trưởng Công an xã", "Công an viên thường trực", "Công an viên"]


def community_demo_records(ctx: DemoContext) -> int:
    """Outreach, self-management groups, mediation teams and the roster of the seed period; returns rows written."""
    from giapranh.reports.demo import (
        FAMILY,
        GIVEN_FEMALE,
        GIVEN_MALE,
        MIDDLE_MALE,
        SEED_COMMUNITY,
        SEED_END,
        SEED_START,
        VILLAGES,
        _split_counts,
    )

    rng = ctx.rng
    codes = list(VILLAGES)
    written = 0

    def place() -> tuple[str, str]:
        code = ctx.pick_commune()
        return code, rng.choice(VILLAGES[code])

    def leader() -> str:
        if rng.random() < 0.8:
            return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
        return f"{rng.choice(FAMILY)} Thị {rng.choice(GIVEN_FEMALE)}"

    # Outreach: several items per record (a month's news items, a batch of banners), sessions one by one.
    outreach = []
    topics = list(OutreachTopic.values)
    for kind, total, high in (
        (OutreachKind.NEWS_ITEM, SEED_COMMUNITY["outreach.news_item"], 4),
        (OutreachKind.SLOGAN_BANNER, SEED_COMMUNITY["outreach.slogan_banner"], 5),
        (OutreachKind.PUBLIC_SESSION, SEED_COMMUNITY["outreach.public_session"], 1),
    ):
        parts = total if high == 1 else (total + high - 1) // high + total // (2 * high)
        for quantity in _split_counts(total, parts, rng, low=1, high=high):
            code, village = place()
            day = ctx.day_between(SEED_START, SEED_END)
            outreach.append(OutreachActivity(
                owner_agency=ctx.agencies[code], commune=ctx.commune_for(code, day), shared_with_cluster=True,
                kind=kind, held_on=day, village=village, topic=rng.choice(topics), quantity=quantity,
                audience=rng.randint(25, 140) if kind == OutreachKind.PUBLIC_SESSION else None,
            ))
    for activity in outreach:
        activity.search_key = activity.build_search_key()
    OutreachActivity.objects.bulk_create(outreach)
    written += len(outreach)

    # Self-management groups: founded before or during the period; a few merged away before its end.
    groups = []
    numbers: dict[tuple[str, str], int] = {}
    for index in range(SEED_COMMUNITY["groups.self_management"] + DISSOLVED_GROUPS):
        code, village = place()
        founded = ctx.day_between(dt.date(2012, 1, 1), SEED_END)
        dissolved = None
        if index >= SEED_COMMUNITY["groups.self_management"]:
            founded = ctx.day_between(dt.date(2012, 1, 1), dt.date(2016, 12, 31))
            dissolved = ctx.day_between(founded + dt.timedelta(days=180), SEED_END - dt.timedelta(days=1))
        numbers[(code, village)] = numbers.get((code, village), 0) + 1
        groups.append(SelfManagementGroup(
            owner_agency=ctx.agencies[code], commune=ctx.commune_for(code, founded), shared_with_cluster=True,
            village=village, name=f"Tổ liên gia tự quản số {numbers[(code, village)]}", leader=leader(),
            households=rng.randint(8, 25), founded_on=founded, dissolved_on=dissolved,
        ))
    for group in groups:
        group.search_key = group.build_search_key()
    SelfManagementGroup.objects.bulk_create(groups)
    written += len(groups)

    # Mediation teams: one in each of five villages of every commune.
    teams = []
    for code in codes:
        for village in VILLAGES[code]:
            founded = ctx.day_between(dt.date(2010, 1, 1), dt.date(2017, 12, 31))
            teams.append(MediationTeam(
                owner_agency=ctx.agencies[code], commune=ctx.commune_for(code, founded), shared_with_cluster=True,
                village=village, name=f"Tổ hòa giải {village}", members=rng.randint(5, 9), founded_on=founded,
            ))
    for team in teams:
        team.search_key = team.build_search_key()
    MediationTeam.objects.bulk_create(teams)
    written += len(teams)

    # The roster on 30/06/2020: regular officers arrived from 2019 on, semi-professional ones earlier;
    # a few left before the last day (transferred, retired).
    officers = []
    plan = (
        [(ServiceType.REGULAR, False)] * SEED_COMMUNITY["officers.regular"]
        + [(ServiceType.SEMI_PROFESSIONAL, False)] * SEED_COMMUNITY["officers.semi_professional"]
        + [(ServiceType.SEMI_PROFESSIONAL, True)] * FORMER_OFFICERS
    )
    for index, (service, former) in enumerate(plan):
        code = codes[index % len(codes)]
        regular = service == ServiceType.REGULAR
        latest = dt.date(2019, 6, 30) if former else dt.date(2020, 5, 31)
        since = ctx.day_between(dt.date(2019, 1, 1) if regular else dt.date(2008, 1, 1), latest)
        until = ctx.day_between(since + dt.timedelta(days=90), SEED_END - dt.timedelta(days=1)) if former else None
        gender = "female" if rng.random() < 0.12 else "male"
        middle = "Thị" if gender == "female" else rng.choice(MIDDLE_MALE)
        given = rng.choice(GIVEN_FEMALE if gender == "female" else GIVEN_MALE)
        officers.append(Officer(
            owner_agency=ctx.agencies[code], commune=ctx.commune_for(code, since),
            full_name=f"{rng.choice(FAMILY)} {middle} {given}",
            rank=rng.choice(REGULAR_RANKS) if regular else "",
            position="Cán bộ Công an xã chính quy" if regular else rng.choice(SEMI_POSITIONS),
            service_type=service, serving_from=since, serving_to=until,
        ))
    for officer in officers:
        officer.search_key = officer.build_search_key()
    Officer.objects.bulk_create(officers)
    written += len(officers)
    return written + _cluster_records(ctx)


MODELS = [
    ("Camera an ninh thôn, xóm", ["QY", "HL"]),
    ("Dòng họ không có người vi phạm pháp luật", ["TD", "DP"]),
    ("Tổ tự quản bến đò sông Lô", ["LC", "TD"]),
    ("Phụ nữ không để người thân xuất cảnh trái phép", ["TS"]),
    ("Khu dân cư không có ma túy", ["QY"]),
    ("Tiếng kẻng an ninh", ["HL", "TS"]),
    ("Thanh niên tình nguyện tuần tra ban đêm", ["DP"]),
]
COLLECTIVES = [
    (RecipientKind.AGENCY, "QY"), (RecipientKind.AGENCY, "TD"), (RecipientKind.AGENCY, "DP"),
    (RecipientKind.GROUP, "HL"), (RecipientKind.GROUP, "TS"), (RecipientKind.TEAM, "LC"),
    (RecipientKind.TEAM, "QY"), (RecipientKind.GROUP, "TD"),
]


def _cluster_records(ctx: DemoContext) -> int:
    """The cluster's 7 self-management models, its pact of the 6 communes and 8 + 11 commendations."""
    from giapranh.reports.demo import (
        FAMILY,
        GIVEN_MALE,
        MIDDLE_MALE,
        SEED_END,
        SEED_START,
        VILLAGES,
    )

    rng = ctx.rng
    cluster = Cluster.objects.get(slug="song-lo-son-duong")
    recorder = ctx.agencies["QY"]  # the coordinator's agency
    models = [
        SelfManagementModel(
            cluster=cluster, owner_agency=recorder, name=name,
            description=f"Mô hình tự quản về ANTT tại {', '.join(rng.choice(VILLAGES[c]) for c in codes)}",
            founded_on=ctx.day_between(dt.date(2014, 1, 1), dt.date(2019, 12, 31)),
        )
        for name, codes in MODELS
    ]
    SelfManagementModel.objects.bulk_create(models)
    through = SelfManagementModel.communes.through
    through.objects.bulk_create([
        through(selfmanagementmodel_id=model.pk, adminunit_id=ctx.legacy[code].pk)
        for model, (_, codes) in zip(models, MODELS, strict=True) for code in codes
    ])
    pact = EmulationPact.objects.create(
        cluster=cluster, owner_agency=recorder, title="Giao ước thi đua cụm ANTT giáp ranh giai đoạn 2015 – 2020",
        signed_on=SEED_START + dt.timedelta(days=14), period_from=SEED_START, period_to=SEED_END,
        criteria="Không để xảy ra điểm nóng về ANTT; trao đổi thông tin kịp thời; phối hợp giải quyết vụ việc giáp ranh.",
    )
    pact.signatories.set([ctx.agencies[code] for code in VILLAGES])
    # Recipients are linked as the coordinator may link them: the cluster's groups and teams (the cluster
    # reads them), and officers of the recording agency's own roster (nobody else's roster is theirs to read).
    roster = list(Officer.objects.filter(owner_agency=recorder, serving_to__isnull=True).order_by("pk")[:6])

    def collective(kind: str, code: str) -> dict[str, object]:
        if kind == RecipientKind.AGENCY:
            return {"recipient_agency": ctx.agencies[code]}
        village = rng.choice(VILLAGES[code])
        model = SelfManagementGroup if kind == RecipientKind.GROUP else MediationTeam
        linked = (
            model.objects.filter(owner_agency=ctx.agencies[code], village=village).order_by("pk").first()
            or model.objects.filter(owner_agency=ctx.agencies[code]).order_by("pk").first()
        )
        return {"recipient_group" if kind == RecipientKind.GROUP else "recipient_team": linked}

    commendations = [
        Commendation(
            cluster=cluster, owner_agency=recorder, awarded_on=ctx.day_between(SEED_START, SEED_END),
            issuing_body=rng.choice(["Giám đốc Công an tỉnh", "Chủ tịch UBND huyện"]),
            form=rng.choice([CommendationForm.CERTIFICATE_OF_MERIT, CommendationForm.DIPLOMA_OF_MERIT]),
            recipient_kind=kind, **collective(kind, code),
            reason="Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc",
        )
        for kind, code in COLLECTIVES
    ] + [
        Commendation(
            cluster=cluster, owner_agency=recorder, awarded_on=ctx.day_between(SEED_START, SEED_END),
            issuing_body=rng.choice(["Giám đốc Công an tỉnh", "Chủ tịch UBND huyện", "Chủ tịch UBND xã"]),
            form=rng.choice([CommendationForm.CERTIFICATE_OF_MERIT, CommendationForm.LETTER_OF_THANKS]),
            recipient_kind=RecipientKind.OFFICER if index < len(roster) else RecipientKind.CITIZEN,
            recipient_officer=roster[index] if index < len(roster) else None,
            recipient_name="" if index < len(roster) else f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}",
            reason="Tích cực phát hiện, tố giác tội phạm" if index >= 6 else "Hoàn thành xuất sắc nhiệm vụ giữ gìn ANTT",
        )
        for index in range(11)
    ]
    Commendation.objects.bulk_create(commendations)
    return len(models) + 1 + len(commendations)
