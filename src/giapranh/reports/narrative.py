"""The narrative sections pre-written in Vietnamese from the figures, in the seed's style."""

from __future__ import annotations

from typing import Any


def _n(figures: dict[str, Any], key: str) -> int:
    return int(figures.get(key, {}).get("value", 0))


def _two(value: int) -> str:
    """The seed writes small numbers with two digits ("làm chết 03 người")."""
    return f"{value:02d}" if value < 10 else str(value)


def narrative_draft(*, figures: dict[str, Any], scope_name: str, start: str, end: str) -> dict[str, str]:
    """The four sections a coordinator edits before signing."""
    f = figures
    situation = (
        f"Từ ngày {start} đến ngày {end}, tình hình an ninh chính trị được đảm bảo, địa bàn {scope_name} có "
        f"{_n(f, 'illegal_exits.women')} trường hợp phụ nữ xuất cảnh trái phép, "
        f"{_n(f, 'foreign_visits.family_visit')} lượt người nước ngoài vào địa bàn mục đích thăm thân; "
        f"tình hình trật tự an toàn xã hội có {_n(f, 'supervision.persons')} đối tượng thuộc diện quản lý; "
        f"xảy ra {_n(f, 'incidents.total')} vụ liên quan đến ANTT, truy cứu trách nhiệm hình sự là "
        f"{_n(f, 'incidents.prosecuted.cases')} vụ với {_n(f, 'incidents.prosecuted.subjects')} đối tượng, "
        f"chưa đến mức truy cứu trách nhiệm hình sự {_n(f, 'incidents.not_prosecuted.cases')} vụ với "
        f"{_n(f, 'incidents.not_prosecuted.subjects')} đối tượng; xảy ra {_n(f, 'accidents.total')} vụ tai nạn, "
        f"va chạm giao thông đường bộ làm chết {_two(_n(f, 'accidents.deaths'))} người, bị thương "
        f"{_two(_n(f, 'accidents.injuries'))} người."
    )
    results = (
        "Công tác phối hợp đảm bảo ANTT tại địa bàn được duy trì liên tục, các xã đã phối hợp với công an cấp trên "
        f"điều tra làm rõ {_n(f, 'cleared_jointly.cases')} vụ với {_n(f, 'cleared_jointly.subjects')} đối tượng; "
        "quản lý đối tượng và áp dụng các biện pháp xử lý hành chính đưa "
        f"{_n(f, 'measures.community_education')} đối tượng vào diện giáo dục tại xã; lập hồ sơ thi hành quyết định "
        f"đưa {_n(f, 'measures.compulsory_rehab')} đối tượng vào cơ sở cai nghiện bắt buộc, "
        f"{_n(f, 'measures.compulsory_education')} đối tượng đi cơ sở giáo dục bắt buộc, góp phần làm trong sạch địa bàn."
    )
    shortcomings = (
        "Việc trao đổi, cung cấp thông tin giữa các xã có lúc chưa kịp thời; tình trạng phụ nữ xuất cảnh trái phép "
        "và tội phạm trộm cắp tài sản, ma túy vùng giáp ranh còn diễn biến phức tạp."
    )
    tasks = (
        "Tiếp tục quán triệt cho cán bộ, đảng viên và nhân dân về vị trí, ý nghĩa của mô hình liên kết đảm bảo ANTT "
        "vùng giáp ranh; đẩy mạnh tuyên truyền, nâng cao hiệu quả hoạt động của tổ liên gia tự quản, tổ hòa giải; "
        "tăng cường trao đổi thông tin, phối hợp giải quyết dứt điểm các vụ việc phát sinh; thường xuyên sơ kết, "
        "tổng kết, biểu dương nhân rộng các điển hình tiên tiến."
    )
    return {"situation": situation, "results": results, "shortcomings": shortcomings, "tasks": tasks}
