"""Pages of the community app beyond the kit's: meeting decisions, task progress, the task board."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from giapranh.community.models import Meeting, Task
from giapranh.community.records import COMMENDATIONS, TASKS
from giapranh.community.selectors import task_board
from giapranh.community.services import (
    RECIPIENT_FIELDS,
    can_close_task,
    can_note_task,
    recipient_label,
    recipient_record,
    task_progress,
)
from giapranh.core.access import can_record
from giapranh.core.views import RecordAccessMixin, RecordDetailView, RecordFormView


class MeetingDetailView(RecordDetailView):
    """A meeting with its decisions (tasks) and, for the coordinator, a link to add one."""

    def extra_context(self, record: Any) -> dict[str, Any]:
        return {
            "tasks": Task.objects.visible_to(self.request.user).filter(meeting=record).select_related("responsible_agency").order_by("due_on", "id"),
            "can_add_task": can_record(self.request.user, Task),
        }


class CommendationDetailView(RecordDetailView):
    """A commendation names its recipient in one line, and links its record when the reader may see it."""

    def extra_context(self, record: Any) -> dict[str, Any]:
        from giapranh.core.history import display_value

        user = self.request.user
        facts: list[tuple[Any, str]] = []
        for name in COMMENDATIONS.fields:
            if name in RECIPIENT_FIELDS.values():
                continue
            field = record._meta.get_field(name)
            facts.append((field.verbose_name, display_value(record, name, getattr(record, field.attname), user=user)))
            if name == "recipient_kind":
                facts.append((gettext_lazy("recipient commended"), recipient_label(record, user=user)))
        return {"facts": facts, "recipient_record": recipient_record(record, user=user)}


class TaskFormView(RecordFormView):
    """A new task may arrive from its meeting's page ("add a decision")."""

    def initial(self, request: HttpRequest) -> dict[str, Any]:
        public_id = request.GET.get("meeting")
        if not public_id:
            return {}
        try:
            meeting = Meeting.objects.visible_to(request.user).filter(public_id=public_id).first()
        except (ValidationError, ValueError):
            meeting = None
        return {"meeting": meeting.pk} if meeting is not None else {}


class ProgressForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Progress"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class TaskDetailView(RecordDetailView):
    """A task with its progress form (owner agency) and close button (owner agency's chief)."""

    def extra_context(self, record: Any) -> dict[str, Any]:
        user = self.request.user
        return {"progress_form": ProgressForm(), "can_note": can_note_task(user, record), "can_close": can_close_task(user, record)}


class TaskProgressView(RecordAccessMixin, View):
    """POST a progress note, or close the task (`done`)."""

    def post(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        task = TASKS.get_for(user=request.user, public_id=public_id)
        form = ProgressForm(request.POST)
        done = "done" in request.POST
        if not form.is_valid():
            messages.error(request, _("Write the progress to report."))
            return redirect(task.get_absolute_url())
        try:
            task_progress(task=task, actor=request.user, note=form.cleaned_data["note"], done=done)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(task.get_absolute_url())
        messages.success(request, _("Task closed.") if done else _("Progress recorded."))
        return redirect(task.get_absolute_url())


class TaskBoardView(RecordAccessMixin, View):
    """Open and overdue tasks for the user's agency and for the cluster."""

    def get(self, request: HttpRequest) -> HttpResponse:
        board = task_board(user=request.user, day=timezone.localdate())
        board["board_sections"] = [
            (_("Tasks of my agency"), board["own"], board["overdue_own"], "own-tasks"),
            (_("Tasks of the cluster"), board["cluster"], board["overdue_cluster"], "cluster-tasks"),
        ]
        return render(request, "community/task_board.html", board)
