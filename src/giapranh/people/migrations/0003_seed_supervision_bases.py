"""Seed the supervision bases and build the name index of persons recorded before it existed."""

import re
import unicodedata

from django.db import migrations

BASES = [
    ("nghien-ma-tuy", "Người nghiện ma túy",
     "Luật Phòng, chống ma túy 2021; Nghị định 116/2021/NĐ-CP."),
    ("su-dung-trai-phep-ma-tuy", "Người sử dụng trái phép chất ma túy",
     "Luật Phòng, chống ma túy 2021 (quản lý người sử dụng trái phép chất ma túy); Nghị định 105/2021/NĐ-CP."),
    ("tien-an-tien-su", "Đối tượng hình sự có tiền án, tiền sự",
     "Thông tư của Bộ Công an về công tác quản lý đối tượng; Luật Xử lý vi phạm hành chính."),
    ("chap-hanh-xong-an-phat-tu", "Người chấp hành xong án phạt tù về địa phương",
     "Luật Thi hành án hình sự 2019; Nghị định 49/2020/NĐ-CP về tái hòa nhập cộng đồng."),
    ("tha-tu-truoc-thoi-han", "Người được tha tù trước thời hạn có điều kiện",
     "Bộ luật Hình sự 2015, Điều 66; Luật Thi hành án hình sự 2019."),
    ("giao-duc-tai-xa", "Người bị áp dụng biện pháp giáo dục tại xã, phường, thị trấn",
     "Luật Xử lý vi phạm hành chính 2012 (sửa đổi 2020), Điều 90; Nghị định 120/2021/NĐ-CP."),
    ("nghi-van-pham-toi", "Đối tượng nghi vấn hoạt động phạm tội",
     "Thông tư của Bộ Công an về công tác quản lý đối tượng."),
    ("an-treo-cai-tao-khong-giam-giu", "Người chấp hành án treo, cải tạo không giam giữ",
     "Luật Thi hành án hình sự 2019."),
]


def seed(apps, schema_editor):
    SupervisionBasis = apps.get_model("people", "SupervisionBasis")
    for order, (code, name, legal_basis) in enumerate(BASES, start=1):
        SupervisionBasis.objects.update_or_create(
            code=code, defaults={"name": name, "legal_basis": legal_basis, "order": order * 10, "active": True}
        )


def _fold(text):
    # A frozen copy of giapranh.core.text.fold: migrations must not follow later code changes.
    text = unicodedata.normalize("NFD", (text or "").lower().translate(str.maketrans({"đ": "d", "ð": "d"})))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip()


def index_persons(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    NameToken = apps.get_model("people", "NameToken")
    PersonNameToken = apps.get_model("people", "PersonNameToken")
    rows, vocabulary = [], set()
    for person_id, key in Person.objects.values_list("id", "search_key").iterator():
        tokens = dict.fromkeys(t[:40] for t in re.split(r"[^0-9a-z]+", _fold(key)) if t)
        vocabulary.update(tokens)
        rows.extend(PersonNameToken(person_id=person_id, token=t) for t in tokens)
    NameToken.objects.bulk_create([NameToken(token=t) for t in sorted(vocabulary)], ignore_conflicts=True)
    PersonNameToken.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [("people", "0002_records_and_search_index")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(index_persons, migrations.RunPython.noop),
    ]
