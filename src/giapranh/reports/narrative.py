"""The narrative sections pre-written in Vietnamese from the figures, in the seed's style.

The narrative is one text for every reader of the report, steering viewers
included, and the coordinator may edit it: counts of persons below 3 are
therefore written "dưới 3" when it is generated (the rule steering viewers read
figures by), never the exact number, and the text needs no masking afterwards.
"""

from __future__ import annotations

from typing import Any

from giapranh.reports.selectors import SMALL_COUNT


def _value(figures: dict[str, Any], key: str) -> int:
    value = figures.get(key, {}).get("value", 0)
    return int(value) if isinstance(value, int) else 0


def _n(figures: dict[str, Any], key: str, *, two: bool = False) -> str:
    """A figure as the narrative writes it: "dưới 3" for fewer than 3 persons; two digits if `two`."""
    value = _value(figures, key)
    if figures.get(key, {}).get("about_persons") and value < SMALL_COUNT:
        return "dưới 3"
    return _two(value) if two else str(value)


def _two(value: int) -> str:
    """The seed writes small numbers with two digits ("làm chết 03 người")."""
    return f"{value:02d}" if value < 10 else str(value)


def _exchange(f: dict[str, Any]) -> str:
    """The exchange sentence, when the exchange figures exist and something was exchanged."""
    if "exchange.notices" not in f or not (_value(f, "exchange.notices") or _value(f, "exchange.requests.made")):
        return ""
    text = (
        f" Các xã đã trao đổi, cung cấp {_n(f, 'exchange.notices')} tin; gửi {_n(f, 'exchange.requests.made')} "
        f"đề nghị phối hợp, đã trả lời {_n(f, 'exchange.requests.answered')} đề nghị"
    )
    share = f.get("exchange.requests.on_time", {})
    if share.get("value") is not None:
        text += f", trong đó {share.get('numerator')} đề nghị ({share['value']}%) được trả lời đúng hạn"
    return text + "."


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
        f"va chạm giao thông đường bộ làm chết {_n(f, 'accidents.deaths', two=True)} người, bị thương "
        f"{_n(f, 'accidents.injuries', two=True)} người."
    )
    results = (
        "Công tác phối hợp đảm bảo ANTT tại địa bàn được duy trì liên tục, các xã đã phối hợp với công an cấp trên "
        f"điều tra làm rõ {_n(f, 'cleared_jointly.cases')} vụ với {_n(f, 'cleared_jointly.subjects')} đối tượng; "
        "quản lý đối tượng và áp dụng các biện pháp xử lý hành chính đưa "
        f"{_n(f, 'measures.community_education')} đối tượng vào diện giáo dục tại xã; lập hồ sơ thi hành quyết định "
        f"đưa {_n(f, 'measures.compulsory_rehab')} đối tượng vào cơ sở cai nghiện bắt buộc, "
        f"{_n(f, 'measures.compulsory_education')} đối tượng đi cơ sở giáo dục bắt buộc, góp phần làm trong sạch địa bàn."
        + _exchange(f)
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
