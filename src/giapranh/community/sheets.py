"""Excel columns of the community lists kept in spreadsheets (outreach, groups, mediation cases, reputable persons, roster).

Headers are the Vietnamese ones commune police use; fixed-value columns become
drop-down lists in the template (from the model's choices). The natural key
makes a re-import update the rows it already wrote instead of duplicating them.
"""

from __future__ import annotations

from typing import Any

from giapranh.community.models import MediationTeam
from giapranh.community.records import CASES, GROUPS, OFFICERS, OUTREACH, REPUTABLE
from giapranh.core.spreadsheets import Column, Sheet, register_sheet
from giapranh.core.text import fold


def _team_by_name(*, actor: Any, text: str) -> MediationTeam | None:
    """A mediation team of the importer's agency, by its name (diacritics and case aside)."""
    wanted = fold(text)
    for team in MediationTeam.objects.filter(owner_agency=actor.agency).only("id", "name"):
        if fold(team.name) == wanted:
            return team
    return None


register_sheet(Sheet(OUTREACH, title="Tuyen truyen", key=("kind", "held_on", "village", "topic"), columns=(
    Column("kind", "Hình thức"), Column("held_on", "Ngày"), Column("village", "Thôn/xóm"), Column("topic", "Chủ đề"),
    Column("quantity", "Số lượng"), Column("audience", "Số người dự"), Column("notes", "Ghi chú"),
)))
register_sheet(Sheet(GROUPS, title="To lien gia", key=("village", "name"), columns=(
    Column("village", "Thôn/xóm"), Column("name", "Tên tổ"), Column("leader", "Tổ trưởng"),
    Column("households", "Số hộ"), Column("founded_on", "Ngày thành lập"), Column("dissolved_on", "Ngày giải thể"),
)))
register_sheet(Sheet(CASES, title="Vu hoa giai", key=("held_on", "team", "subject"), columns=(
    Column("held_on", "Ngày"), Column("team", "Tổ hòa giải", lookup=_team_by_name, show=lambda case: case.team.name),
    Column("subject", "Nội dung"), Column("parties", "Số bên"), Column("party_names", "Tên các bên"), Column("result", "Kết quả"),
)))
register_sheet(Sheet(REPUTABLE, title="Nguoi uy tin", key=("full_name", "village"), columns=(
    Column("full_name", "Họ và tên"), Column("village", "Thôn/xóm"), Column("standing", "Vị thế"),
    Column("movement_role", "Vai trò trong phong trào"), Column("recognized_on", "Ngày ghi nhận"), Column("ended_on", "Ngày thôi"),
)))
register_sheet(Sheet(OFFICERS, title="Danh sach CAX", key=("full_name", "serving_from"), columns=(
    Column("full_name", "Họ và tên"), Column("rank", "Cấp bậc"), Column("position", "Chức vụ"),
    Column("service_type", "Loại lực lượng"), Column("serving_from", "Công tác từ ngày"), Column("serving_to", "Đến ngày"),
)))
