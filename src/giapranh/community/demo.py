"""The demo cluster's community records: the seed's figures for 01/07/2015 – 30/06/2020, then up to today.

Registered with `reports.demo.register_demo_generator`; runs inside the demo's
transaction, once (the demo's marker keeps it idempotent). Outreach quantities
dated within the period sum to the seed's 620 / 175 / 285; on 30/06/2020 exactly
622 groups and 18 + 89 officers are active, with some groups dissolved and some
officers transferred before that day so the roster has a history.

After the seed (`community_demo_after_seed`), from 01/07/2020 to yesterday:
outreach, groups founded and dissolved, mediation cases, regular officers
arriving and semi-professional ones leaving, quarterly meetings with their
tasks (the latest still open, some overdue), commendations, models and the
next pacts; records dated from 01/07/2025 on are filed under the new communes.
Nothing of it is dated within the seed period or ends on or before its last
day, so the seed's figures stay exact.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from giapranh.community.choices import (
    CommendationForm,
    MediationResult,
    MeetingKind,
    OutreachKind,
    OutreachTopic,
    RecipientKind,
    ServiceType,
    TaskStatus,
)
from giapranh.community.models import (
    Commendation,
    EmulationPact,
    MediationCase,
    MediationTeam,
    Meeting,
    Officer,
    OutreachActivity,
    SelfManagementGroup,
    SelfManagementModel,
    Task,
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
    written += _cluster_records(ctx)
    return written + community_demo_after_seed(ctx)


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


DISPUTES = [
    "Tranh chấp ranh giới đất vườn giữa hai hộ", "Mâu thuẫn lối đi chung", "Tranh chấp nguồn nước tưới ruộng",
    "Mâu thuẫn gia đình về chia tài sản thừa kế", "Xô xát do gia súc phá hoại hoa màu", "Mâu thuẫn vợ chồng",
    "Tranh chấp mốc giới đất rừng", "Mâu thuẫn do tiếng ồn đám cưới",
]
MEETING_TITLES = {
    MeetingKind.PERIODIC: "Giao ban cụm ANTT giáp ranh quý {q}/{y}",
    MeetingKind.PRELIMINARY_REVIEW: "Sơ kết 6 tháng đầu năm {y} công tác phối hợp đảm bảo ANTT vùng giáp ranh",
    MeetingKind.FINAL_REVIEW: "Tổng kết năm {y} công tác phối hợp đảm bảo ANTT vùng giáp ranh",
    MeetingKind.THEMATIC: "Chuyên đề phòng, chống phụ nữ xuất cảnh trái phép, mua bán người ({y})",
}
TASK_TITLES = [
    "Tổ chức tuần tra chung đoạn bờ sông Lô giáp ranh vào dịp cao điểm",
    "Rà soát, lập danh sách phụ nữ vắng mặt dài ngày tại địa phương",
    "Trao đổi danh sách đối tượng nghiện ma túy trên địa bàn giáp ranh",
    "Tuyên truyền phòng, chống lừa đảo qua mạng tại các thôn giáp ranh",
    "Kiểm tra bến đò ngang, nhắc nhở chủ đò chấp hành quy định an toàn",
    "Phối hợp xác minh các vụ trộm cắp gia súc chưa làm rõ",
    "Củng cố tổ liên gia tự quản ở các thôn giáp ranh",
]
LATER_MODELS = [
    ("Zalo an ninh thôn giáp ranh", ["QY", "TD"], dt.date(2021, 3, 15)),
    ("Cổng trường an toàn giao thông", ["HL"], dt.date(2022, 9, 5)),
    ("Camera an ninh kết nối liên xã", ["LC", "DP"], dt.date(2025, 10, 20)),
]


def community_demo_after_seed(ctx: DemoContext) -> int:
    """Community and cluster records from 01/07/2020 to yesterday (after the reform: under the new communes)."""
    from giapranh.reports.demo import (
        FAMILY,
        GIVEN_FEMALE,
        GIVEN_MALE,
        MIDDLE_MALE,
        SEED_END,
        VILLAGES,
    )

    rng = ctx.rng
    start, end = SEED_END + dt.timedelta(days=1), ctx.today - dt.timedelta(days=1)
    if end < start:
        return 0
    years = ((end - start).days + 1) / 365
    codes = list(VILLAGES)
    written = 0

    def place() -> tuple[str, str]:
        code = ctx.pick_commune()
        return code, rng.choice(VILLAGES[code])

    def name(gender: str = "male") -> str:
        if gender == "female":
            return f"{rng.choice(FAMILY)} Thị {rng.choice(GIVEN_FEMALE)}"
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"

    # Outreach at about the seed's yearly rhythm (124 news items, 35 banners, 57 sessions a year).
    outreach = []
    topics = list(OutreachTopic.values)
    for kind, per_year, high in ((OutreachKind.NEWS_ITEM, 124, 4), (OutreachKind.SLOGAN_BANNER, 35, 5), (OutreachKind.PUBLIC_SESSION, 57, 1)):
        left = round(per_year * years * rng.uniform(0.85, 1.15))
        while left > 0:
            quantity = min(left, rng.randint(1, high))
            left -= quantity
            code, village = place()
            day = ctx.day_between(start, end)
            outreach.append(OutreachActivity(
                owner_agency=ctx.agencies[code], commune=ctx.commune_for(code, day), shared_with_cluster=True,
                kind=kind, held_on=day, village=village, topic=rng.choice(topics), quantity=quantity,
                audience=rng.randint(25, 140) if kind == OutreachKind.PUBLIC_SESSION else None,
            ))
    for activity in outreach:
        activity.search_key = activity.build_search_key()
    OutreachActivity.objects.bulk_create(outreach)
    written += len(outreach)

    # Groups: some of the seed's merged away after it, new ones founded every year.
    active = list(SelfManagementGroup.objects.filter(dissolved_on__isnull=True, owner_agency__in=ctx.agencies.values()).values_list("pk", flat=True))
    dissolved = [
        SelfManagementGroup(pk=pk, dissolved_on=ctx.day_between(start, end))
        for pk in rng.sample(sorted(active), min(len(active), round(6 * years)))
    ]
    SelfManagementGroup.objects.bulk_update(dissolved, ["dissolved_on"])
    groups = []
    for index in range(round(9 * years)):
        code, village = place()
        founded = ctx.day_between(start, end)
        groups.append(SelfManagementGroup(
            owner_agency=ctx.agencies[code], commune=ctx.commune_for(code, founded), shared_with_cluster=True,
            village=village, name=f"Tổ liên gia tự quản mới số {index + 1}", leader=name(),
            households=rng.randint(8, 25), founded_on=founded,
        ))
    for group in groups:
        group.search_key = group.build_search_key()
    SelfManagementGroup.objects.bulk_create(groups)
    written += len(groups) + len(dissolved)

    # Mediation cases handled by the villages' teams.
    teams = {
        (team.owner_agency_id, team.village): team
        for team in MediationTeam.objects.filter(owner_agency__in=ctx.agencies.values())
    }
    cases = []
    for _ in range(round(24 * years)):
        code, village = place()
        day = ctx.day_between(start, end)
        team = teams.get((ctx.agencies[code].pk, village))
        if team is None:
            continue
        cases.append(MediationCase(
            owner_agency=ctx.agencies[code], commune=ctx.commune_for(code, day), shared_with_cluster=True,
            held_on=day, team=team, subject=rng.choice(DISPUTES), parties=rng.choice([2, 2, 2, 3]),
            result=rng.choices(list(MediationResult.values), weights=[8, 2, 1])[0],
        ))
    for case in cases:
        case.search_key = case.build_search_key()
    MediationCase.objects.bulk_create(cases)
    written += len(cases)

    # The roster: regular police took the commune posts from 2020; semi-professional officers left.
    leaving = list(
        Officer.objects.filter(owner_agency__in=ctx.agencies.values(), service_type=ServiceType.SEMI_PROFESSIONAL, serving_to__isnull=True)
        .order_by("pk").values_list("pk", flat=True)
    )
    left_officers = [
        Officer(pk=pk, serving_to=ctx.day_between(start, min(end, dt.date(2025, 6, 30))))
        for pk in rng.sample(leaving, min(len(leaving), 40))
    ]
    Officer.objects.bulk_update(left_officers, ["serving_to"])
    arrivals = []
    for index in range(round(5 * years)):
        code = codes[index % len(codes)]
        since = ctx.day_between(start, end)
        gender = "female" if rng.random() < 0.15 else "male"
        arrivals.append(Officer(
            owner_agency=ctx.agencies[code], commune=ctx.commune_for(code, since), full_name=name(gender),
            rank=rng.choice(REGULAR_RANKS), position="Cán bộ Công an xã chính quy", service_type=ServiceType.REGULAR,
            serving_from=since,
        ))
    for officer in arrivals:
        officer.search_key = officer.build_search_key()
    Officer.objects.bulk_create(arrivals)
    written += len(arrivals) + len(left_officers)
    return written + _cluster_records_after_seed(ctx, start, end)


def _cluster_records_after_seed(ctx: DemoContext, start: dt.date, end: dt.date) -> int:
    """Quarterly meetings and their tasks, commendations, later models and the next pacts."""
    from giapranh.reports.demo import FAMILY, GIVEN_MALE, MIDDLE_MALE, VILLAGES

    rng = ctx.rng
    cluster = Cluster.objects.get(slug="song-lo-son-duong")
    recorder = ctx.agencies["QY"]
    codes = list(VILLAGES)
    written = 0
    # A meeting each quarter, hosted by the chair of the day; two or three tasks each.
    terms = list(cluster.chair_terms.order_by("starts_on"))
    quarter = dt.date(start.year, start.month, 1)
    tasks: list[tuple[Meeting, Task]] = []
    while quarter <= end:
        y, q = quarter.year, (quarter.month - 1) // 3 + 1
        held = min(quarter + dt.timedelta(days=rng.randint(10, 25)), end)
        kind = {2: MeetingKind.PRELIMINARY_REVIEW, 4: MeetingKind.FINAL_REVIEW}.get(q, MeetingKind.PERIODIC)
        if q == 3 and rng.random() < 0.5:
            kind = MeetingKind.THEMATIC
        host = next((t.agency for t in terms if t.starts_on <= held and (t.ends_on is None or held <= t.ends_on)), recorder)
        meeting = Meeting(
            cluster=cluster, owner_agency=recorder, kind=kind, held_on=held, host_agency=host,
            title=MEETING_TITLES[kind].format(q=q, y=y),
            minutes="Các xã báo cáo tình hình ANTT vùng giáp ranh; thống nhất các nội dung phối hợp trong thời gian tới.",
        )
        meeting.save()
        meeting.attending_agencies.set([ctx.agencies[c] for c in codes])
        written += 1
        for title in rng.sample(TASK_TITLES, rng.randint(2, 3)):
            due = held + dt.timedelta(days=rng.choice([14, 30, 45, 60]))
            if due < ctx.today - dt.timedelta(days=20) or rng.random() < 0.3:
                status, closed = TaskStatus.DONE, min(due + dt.timedelta(days=rng.randint(-10, 12)), end)
                if closed < held:
                    closed = held
            else:
                status, closed = rng.choice([TaskStatus.OPEN, TaskStatus.IN_PROGRESS]), None
            tasks.append((meeting, Task(
                cluster=cluster, owner_agency=recorder, meeting=meeting, title=title,
                responsible_agency=ctx.agencies[rng.choice(codes)], due_on=due, status=status, closed_on=closed,
                progress_notes="Đã triển khai, báo cáo kết quả tại kỳ giao ban sau." if status == TaskStatus.DONE else "",
            )))
        quarter = dt.date(y + (quarter.month + 3 > 12), (quarter.month + 2) % 12 + 1, 1)
    Task.objects.bulk_create([task for _meeting, task in tasks])
    written += len(tasks)
    # Commendations: two collectives and three individuals a year.
    commendations = []
    for year in range(start.year, end.year + 1):
        lo, hi = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
        if hi < lo:
            continue
        for recipient in (RecipientKind.AGENCY, rng.choice([RecipientKind.GROUP, RecipientKind.TEAM])):
            code = rng.choice(codes)
            commendations.append(Commendation(
                cluster=cluster, owner_agency=recorder, awarded_on=ctx.day_between(lo, hi),
                issuing_body=rng.choice(["Giám đốc Công an tỉnh", "Chủ tịch UBND huyện"]),
                form=rng.choice([CommendationForm.CERTIFICATE_OF_MERIT, CommendationForm.DIPLOMA_OF_MERIT]),
                recipient_kind=recipient, recipient_agency=ctx.agencies[code] if recipient == RecipientKind.AGENCY else None,
                recipient_name="" if recipient == RecipientKind.AGENCY else f"Tổ {rng.choice(VILLAGES[code])}",
                reason="Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc",
            ))
        for index in range(3):
            commendations.append(Commendation(
                cluster=cluster, owner_agency=recorder, awarded_on=ctx.day_between(lo, hi),
                issuing_body=rng.choice(["Giám đốc Công an tỉnh", "Chủ tịch UBND xã"]),
                form=rng.choice([CommendationForm.CERTIFICATE_OF_MERIT, CommendationForm.LETTER_OF_THANKS]),
                recipient_kind=RecipientKind.OFFICER if index == 0 else RecipientKind.CITIZEN,
                recipient_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}",
                reason="Tích cực phát hiện, tố giác tội phạm" if index else "Hoàn thành xuất sắc nhiệm vụ giữ gìn ANTT",
            ))
    Commendation.objects.bulk_create(commendations)
    written += len(commendations)
    # Later models (the last one across the new communes) and the pacts of the next periods.
    for title, model_codes, founded in LATER_MODELS:
        if founded > end:
            continue
        model = SelfManagementModel.objects.create(
            cluster=cluster, owner_agency=recorder, name=title, founded_on=founded,
            description=f"Mô hình tự quản về ANTT tại {', '.join(rng.choice(VILLAGES[c]) for c in model_codes)}",
        )
        model.communes.set({ctx.commune_for(c, founded) for c in model_codes})
        written += 1
    for period_from, period_to in ((start, dt.date(2025, 6, 30)), (dt.date(2025, 7, 1), dt.date(2030, 6, 30))):
        if period_from > end:
            continue
        pact = EmulationPact.objects.create(
            cluster=cluster, owner_agency=recorder,
            title=f"Giao ước thi đua cụm ANTT giáp ranh giai đoạn {period_from.year} – {period_to.year}",
            signed_on=period_from + dt.timedelta(days=20), period_from=period_from, period_to=period_to,
            criteria="Không để xảy ra điểm nóng về ANTT; trao đổi thông tin kịp thời; trả lời đề nghị phối hợp đúng hạn.",
        )
        pact.signatories.set([ctx.agencies[c] for c in codes])
        written += 1
    return written
