"""The demo cluster's exchange from July 2020 to today: notices, and coordination requests with their answers.

Registered with `reports.demo.register_demo_generator`; runs once inside the
demo's transaction. Every commune police sends notices (to the whole cluster or
to chosen agencies, most of them read) and requests to its neighbours across the
line; the receiving chief accepts or declines them, mostly by the deadline, some
late, a few never; most accepted ones are done with a result; a thread of
replies; a couple withdrawn. Recent ones are still open, some overdue. A
message lies in its sender's commune: from 01/07/2025 the legacy communes'
police count under their successors (Yên Lãng, Hải Lựu, Phú Lương, Trường Sinh).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from giapranh.accounts.models import User
from giapranh.exchange.choices import (
    DEFAULT_DEADLINE,
    HandlingCode,
    RequestStatus,
    RequestType,
    Urgency,
)
from giapranh.exchange.models import CoordinationRequest, Delivery, Notice, Reply, RequestTransition
from giapranh.territory.models import Cluster

if TYPE_CHECKING:
    from giapranh.reports.demo import DemoContext

NOTICE_SUBJECTS = [
    "Thông báo đối tượng trộm cắp gia súc di chuyển qua địa bàn giáp ranh",
    "Cung cấp thông tin về nhóm thanh niên tụ tập đua xe trên ĐT307",
    "Thông báo phương thức lừa đảo qua mạng mới xuất hiện",
    "Trao đổi tình hình phụ nữ vắng mặt dài ngày tại địa phương",
    "Thông báo đối tượng nghiện ma túy thay đổi nơi cư trú",
    "Cung cấp thông tin khai thác cát trái phép trên sông Lô",
    "Thông báo kế hoạch tuần tra cao điểm dịp Tết Nguyên đán",
    "Trao đổi thông tin người nước ngoài tạm trú tại địa bàn",
]
REQUEST_SUBJECTS = {
    RequestType.IDENTITY: "Đề nghị xác minh nhân thân, nơi cư trú của đối tượng",
    RequestType.TRACE: "Đề nghị truy tìm tài sản bị mất trộm (xe máy) có dấu hiệu chuyển qua địa bàn",
    RequestType.JOINT_PATROL: "Đề nghị phối hợp tuần tra chung đoạn giáp ranh",
    RequestType.DOCUMENTS: "Đề nghị cung cấp tài liệu liên quan vụ việc gây thương tích",
    RequestType.HANDOVER: "Đề nghị tiếp nhận, bàn giao đối tượng và hồ sơ vụ việc",
    RequestType.OTHER: "Đề nghị phối hợp giải quyết tranh chấp đất đai vùng giáp ranh",
}
COMMUNES = ("QY", "HL", "LC", "TD", "TS", "DP")


def exchange_demo_records(ctx: DemoContext) -> int:
    """Notices and requests from 01/07/2020 to yesterday; returns the messages written."""
    from giapranh.reports.demo import SEED_END

    rng = ctx.rng
    start, end = SEED_END + dt.timedelta(days=1), ctx.today - dt.timedelta(days=1)
    if end < start:
        return 0
    now = timezone.now()
    cluster = Cluster.objects.get(slug="song-lo-son-duong")
    agencies = {code: ctx.agencies[code] for code in COMMUNES}
    users: dict[int, list[User]] = {}
    chiefs: dict[int, User] = {}
    for user in User.objects.filter(agency__in=agencies.values(), is_active=True).order_by("pk"):
        if user.agency_id is None:
            continue
        users.setdefault(user.agency_id, []).append(user)
        if user.role == "commune_chief":
            chiefs[user.agency_id] = user
    if not chiefs:
        return 0
    days = (end - start).days + 1

    def moment(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(7, 20), rng.randrange(60))))

    # Notices: about five a month across the cluster.
    notices: list[tuple[Notice, list[int]]] = []
    for _ in range(round(days / 30 * 5)):
        code = rng.choice(COMMUNES)
        sender = agencies[code]
        sent = moment(ctx.day_between(start, end))
        to_cluster = rng.random() < 0.6
        recipients = [a.pk for c, a in agencies.items() if c != code] if to_cluster else [
            agencies[c].pk for c in rng.sample([c for c in COMMUNES if c != code], rng.randint(1, 2))
        ]
        notice = Notice(
            owner_agency=sender, number=ctx.number(sender, "notice", sent.year, "TB"), subject=rng.choice(NOTICE_SUBJECTS),
            body="Đề nghị các đơn vị nắm tình hình, phối hợp theo dõi và trao đổi lại khi có thông tin mới.",
            urgency=rng.choices(list(Urgency.values), weights=[7, 2, 1])[0],
            handling_code=rng.choices([HandlingCode.H0, HandlingCode.H1, HandlingCode.H2], weights=[6, 2, 2])[0],
            sent_at=sent, to_cluster=cluster if to_cluster else None,
            withdrawn_at=sent + dt.timedelta(hours=3) if rng.random() < 0.02 else None,
        )
        notice.search_key = notice.build_search_key()
        notices.append((notice, recipients))
    Notice.objects.bulk_create([n for n, _r in notices])
    deliveries = []
    for notice, recipients in notices:
        for agency_id in recipients:
            read = notice.sent_at + dt.timedelta(hours=rng.randint(1, 72))
            is_read = read < now - dt.timedelta(days=3) or rng.random() < 0.5
            reader = rng.choice(users[agency_id]) if is_read and agency_id in users else None
            deliveries.append(Delivery(
                notice=notice, agency_id=agency_id, delivered_at=notice.sent_at,
                read_at=read if is_read else None, read_by=reader,
            ))

    # Requests: about two a month, to a commune across the line or next door.
    requests: list[CoordinationRequest] = []
    steps: list[tuple[int, RequestTransition]] = []
    replies: list[tuple[int, Reply]] = []
    for _ in range(round(days / 30 * 2)):
        code = rng.choice(COMMUNES)
        sender = agencies[code]
        target = agencies[rng.choice([c for c in COMMUNES if c != code])]
        sent = moment(ctx.day_between(start, end))
        urgency = rng.choices(list(Urgency.values), weights=[6, 3, 1])[0]
        request_type = rng.choice(list(RequestType.values))
        deadline = sent + DEFAULT_DEADLINE[Urgency(urgency)]
        request = CoordinationRequest(
            owner_agency=sender, number=ctx.number(sender, "request", sent.year, "PH"),
            subject=REQUEST_SUBJECTS[RequestType(request_type)], request_type=request_type, to_agency=target,
            body="Đề nghị đơn vị phối hợp, trả lời bằng văn bản trước thời hạn.", urgency=urgency,
            handling_code=HandlingCode.H1, sent_at=sent, deadline=deadline,
        )
        index = len(requests)
        requests.append(request)
        author = rng.choice(users.get(sender.pk) or [chiefs.get(sender.pk) or next(iter(chiefs.values()))])
        chief = chiefs.get(target.pk)
        steps.append((index, RequestTransition(from_status="", to_status=RequestStatus.SENT, actor=author, agency=sender, at=sent)))
        if rng.random() < 0.02:  # the sender withdrew it the same day
            request.withdrawn_at = sent + dt.timedelta(hours=2)
            request.status = RequestStatus.WITHDRAWN
            steps.append((index, RequestTransition(from_status=RequestStatus.SENT, to_status=RequestStatus.WITHDRAWN, actor=author, agency=sender, at=request.withdrawn_at)))
            continue
        window = deadline - sent
        late = rng.random() < 0.15
        answer = sent + (window * rng.uniform(0.1, 0.9) if not late else window + dt.timedelta(hours=rng.randint(6, 120)))
        if chief is None or answer > now or rng.random() < 0.04:
            continue  # not answered (yet)
        declined = rng.random() < 0.1
        status = RequestStatus.DECLINED if declined else RequestStatus.ACCEPTED
        steps.append((index, RequestTransition(
            from_status=RequestStatus.SENT, to_status=status, actor=chief, agency=target, at=answer,
            note="Không thuộc địa bàn quản lý của đơn vị." if declined else "",
        )))
        request.status = status
        if declined:
            request.decline_reason = "Không thuộc địa bàn quản lý của đơn vị."
            continue
        replies.append((index, Reply(author=chief, agency=target, body="Đơn vị đã tiếp nhận, đang phân công cán bộ xác minh.", created_at=answer + dt.timedelta(minutes=20))))
        done = answer + dt.timedelta(days=rng.randint(1, 10))
        if done < now and rng.random() < 0.9:
            request.status = RequestStatus.DONE
            request.result = "Đã xác minh, kết quả gửi kèm; đề nghị đơn vị tiếp tục theo dõi."
            steps.append((index, RequestTransition(from_status=RequestStatus.ACCEPTED, to_status=RequestStatus.DONE, actor=chief, agency=target, at=done, note=request.result)))
            replies.append((index, Reply(author=author, agency=sender, body="Cảm ơn đơn vị đã phối hợp.", created_at=done + dt.timedelta(hours=3))))
    for request in requests:
        request.search_key = request.build_search_key()
    CoordinationRequest.objects.bulk_create(requests)
    for index, step in steps:
        step.request = requests[index]
    RequestTransition.objects.bulk_create([s for _i, s in steps])
    for index, reply in replies:
        reply.request = requests[index]
    Reply.objects.bulk_create([r for _i, r in replies])
    for request in requests:
        deliveries.append(Delivery(
            request=request, agency_id=request.to_agency_id, delivered_at=request.sent_at,
            read_at=request.sent_at + dt.timedelta(hours=1) if request.status != RequestStatus.SENT else None,
        ))
    Delivery.objects.bulk_create(deliveries)
    return len(notices) + len(requests)
