"""The exchange's API: the kit's notice and request endpoints, plus receipts, links, replies, transitions and counts."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from giapranh.core.audit import access_log_list_names
from giapranh.core.kit_api import PAGE_SIZE, record_router, schemas_for
from giapranh.core.schemas import Pages, require_records
from giapranh.exchange import alerts, selectors, services
from giapranh.exchange.models import MessageLink
from giapranh.exchange.records import NOTICES, REQUESTS
from giapranh.exchange.schemas import (
    AlertFilters,
    AlertOut,
    CountsOut,
    LinkIn,
    LinkOut,
    NoteIn,
    ReasonIn,
    ReceiptOut,
    ReplyIn,
    ReplyOut,
    ResultIn,
    TransitionOut,
)
from giapranh.exchange.views import _find_target

router = Router(tags=["exchange"])
router.add_router("", record_router(NOTICES))
router.add_router("", record_router(REQUESTS))


def _fetch(request: HttpRequest, record_type: Any, public_id: str) -> Any:
    if not getattr(request.user, "sees_records", False):
        raise Http404
    return record_type.get_for(user=request.user, public_id=public_id)


def _target(request: HttpRequest, payload: LinkIn) -> Any:
    from django.core.exceptions import ValidationError

    if payload.type not in services.LINKABLE:
        raise ValidationError({"type": "Not a kind of record a message carries."})
    target = _find_target(user=request.user, kind=payload.type, ref=str(payload.public_id))
    if target is None:
        raise ValidationError({"public_id": "No record of that kind with this identifier is known to you."})
    return target


def _link_out(link: MessageLink, user: Any) -> dict[str, Any]:
    model = link.content_type.model_class()
    record = model.objects.visible_to(user).filter(pk=link.object_id).first() if model is not None else None  # type: ignore[attr-defined]
    return {
        "id": link.pk, "type": f"{link.content_type.app_label}.{link.content_type.model}",
        "public_id": getattr(record, "public_id", None), "number": getattr(record, "number", None), "linked_at": link.linked_at,
    }


def _message_routes(record_type: Any, path: str, op: str) -> None:
    item = f"/{path}/{{public_id}}"

    def receipts(request: HttpRequest, public_id: str) -> list[Any]:
        return list(selectors.deliveries_of(_fetch(request, record_type, public_id)))

    def mark_read(request: HttpRequest, public_id: str) -> list[Any]:
        message = _fetch(request, record_type, public_id)
        services.delivery_mark_read(message=message, actor=request.user)
        return list(selectors.deliveries_of(message))

    def links(request: HttpRequest, public_id: str) -> list[dict[str, Any]]:
        message = _fetch(request, record_type, public_id)
        return [_link_out(view.link, request.user) for view in selectors.links_for(message=message, user=request.user)]

    def link(request: HttpRequest, public_id: str, payload: LinkIn) -> Status[dict[str, Any]]:
        message = _fetch(request, record_type, public_id)
        created = services.message_link(message=message, actor=request.user, target=_target(request, payload))
        return Status(201, _link_out(created, request.user))

    def unlink(request: HttpRequest, public_id: str, link_id: int) -> Status[None]:
        message = _fetch(request, record_type, public_id)
        found = MessageLink.objects.filter(pk=link_id, **services.part_of(message)).first()
        if found is None:
            raise Http404
        services.message_unlink(message=message, actor=request.user, link=found)
        return Status(204, None)

    def replies(request: HttpRequest, public_id: str) -> list[Any]:
        return list(selectors.replies_for(message=_fetch(request, record_type, public_id), user=request.user))

    def reply(request: HttpRequest, public_id: str, payload: ReplyIn) -> Status[Any]:
        message = _fetch(request, record_type, public_id)
        return Status(201, services.reply_add(message=message, actor=request.user, body=payload.body))

    def withdraw(request: HttpRequest, public_id: str) -> Any:
        message = _fetch(request, record_type, public_id)
        services.message_withdraw(message=message, actor=request.user)
        return _fetch(request, record_type, public_id)

    out = schemas_for(record_type).Out
    router.get(f"{item}/receipts", response=list[ReceiptOut], summary="Recipients and their read receipts", operation_id=f"{op}_receipts")(receipts)
    router.post(f"{item}/read", response=list[ReceiptOut], summary="Record that your agency read it (its first reader)", operation_id=f"{op}_read")(mark_read)
    router.get(f"{item}/links", response=list[LinkOut], summary="Linked records (named only if you may see them)", operation_id=f"{op}_links")(links)
    router.post(f"{item}/links", response={201: LinkOut}, summary="Link a record of your agency: the other parties may read it (logged)", operation_id=f"{op}_link")(link)
    router.delete(f"{item}/links/{{link_id}}", response={204: None}, summary="Take a linked record off (the access it gave ends)", operation_id=f"{op}_unlink")(unlink)
    router.get(f"{item}/replies", response=list[ReplyOut], summary="The thread as you may read it", operation_id=f"{op}_replies")(replies)
    router.post(f"{item}/replies", response={201: ReplyOut}, summary="Reply (sender and recipients)", operation_id=f"{op}_reply")(reply)
    router.post(f"{item}/withdraw", response=out, summary="Withdraw (sender agency): linked records are taken off", operation_id=f"{op}_withdraw")(withdraw)


_message_routes(NOTICES, "notices", "notices")
_message_routes(REQUESTS, "coordination-requests", "requests")


def _request_out() -> Any:
    return schemas_for(REQUESTS).Out


@router.post("/coordination-requests/{public_id}/accept", response=_request_out(), summary="Accept a sent request (receiving chief)", operation_id="requests_accept")
def request_accept(request: HttpRequest, public_id: str, payload: NoteIn) -> Any:
    found = _fetch(request, REQUESTS, public_id)
    services.request_accept(request=found, actor=request.user, note=payload.note)
    return _fetch(request, REQUESTS, public_id)


@router.post("/coordination-requests/{public_id}/decline", response=_request_out(), summary="Decline a sent request with a reason (receiving chief)", operation_id="requests_decline")
def request_decline(request: HttpRequest, public_id: str, payload: ReasonIn) -> Any:
    found = _fetch(request, REQUESTS, public_id)
    services.request_decline(request=found, actor=request.user, reason=payload.reason)
    return _fetch(request, REQUESTS, public_id)


@router.post("/coordination-requests/{public_id}/complete", response=_request_out(), summary="Record the result of an accepted request; linked records open to the sender", operation_id="requests_complete")
def request_complete(request: HttpRequest, public_id: str, payload: ResultIn) -> Any:
    found = _fetch(request, REQUESTS, public_id)
    targets = [_target(request, item) for item in payload.links]
    services.request_complete(request=found, actor=request.user, result=payload.result, targets=targets)
    return _fetch(request, REQUESTS, public_id)


@router.get("/coordination-requests/{public_id}/transitions", response=list[TransitionOut], summary="Every step of the workflow, with who and when", operation_id="requests_transitions")
def request_transitions(request: HttpRequest, public_id: str) -> list[Any]:
    return list(_fetch(request, REQUESTS, public_id).transitions.select_related("actor", "agency"))


@router.get("/exchange/counts", response=CountsOut, summary="Unread and overdue counts of your agency, your unread notifications", operation_id="exchange_counts")
def counts(request: HttpRequest) -> Any:
    require_records(request)
    return selectors.counts_for(user=request.user)


@router.get("/alerts", response=list[AlertOut], summary="Your agency's hit / no-hit alerts (commune chief): never the other side's record", operation_id="alerts_list")
@paginate(Pages, page_size=PAGE_SIZE)
def alert_list(request: HttpRequest, filters: Query[AlertFilters]) -> Any:
    require_records(request)
    from giapranh.accounts.models import Agency

    where = Agency.objects.filter(code=filters.where).first() if filters.where else None
    found = alerts.alerts_list(
        user=request.user, status=filters.status or "", other_agency=where, date_from=filters.date_from, date_to=filters.date_to,
    )
    if filters.where and where is None:
        found = found.none()  # an unknown agency code: no alert names it
    access_log_list_names(actor=request.user, target_type="people.person")
    return found


@router.get("/alerts/{public_id}", response=AlertOut, summary="One alert", operation_id="alerts_get")
def alert_get(request: HttpRequest, public_id: str) -> Any:
    return alerts.alert_get_for(user=request.user, public_id=public_id)


@router.post("/alerts/{public_id}/request-details", response={201: schemas_for(REQUESTS).Out}, summary="Send the other agency a request for details (one click)", operation_id="alerts_request_details")
def alert_request_details(request: HttpRequest, public_id: str) -> Status[Any]:
    alert = alerts.alert_get_for(user=request.user, public_id=public_id)
    created = alerts.alert_request_details(alert=alert, actor=request.user)
    return Status(201, REQUESTS.get_for(user=request.user, public_id=created.public_id))


@router.post("/alerts/{public_id}/confirm", response=AlertOut, summary="Confirm: the same person (each side still sees only its own record)", operation_id="alerts_confirm")
def alert_confirm(request: HttpRequest, public_id: str) -> Any:
    return alerts.alert_decide(alert=alerts.alert_get_for(user=request.user, public_id=public_id), actor=request.user, same=True)


@router.post("/alerts/{public_id}/reject", response=AlertOut, summary="Reject: not the same person (the pair is never raised again)", operation_id="alerts_reject")
def alert_reject(request: HttpRequest, public_id: str) -> Any:
    return alerts.alert_decide(alert=alerts.alert_get_for(user=request.user, public_id=public_id), actor=request.user, same=False)
