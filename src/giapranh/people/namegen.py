"""Labelled person records as two border communes really type them (tests and benchmarks).

Identities get Vietnamese names drawn from family / middle / given-name
frequencies, with the Tày, Dao, Nùng and San Dìu names of the northern border
districts; two communes each record some of them, partly the same people, with
hand-typing noise (no diacritics, đ typed d, one typo including two swapped
letters, middle name dropped or changed, year only, day and month swapped, ID
missing or with one wrong digit), and namesakes (same name, another person).
Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import unicodedata
from dataclasses import dataclass, replace

# Kinh family names with their approximate shares (per mille).
FAMILY = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 35), ("Huỳnh", 15), ("Phan", 45),
    ("Vũ", 25), ("Võ", 14), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10),
    ("Lý", 5), ("Đinh", 6), ("Trịnh", 5), ("Đoàn", 5), ("Lâm", 4), ("Mai", 4), ("Tô", 3), ("Lương", 4),
    ("Hà", 4), ("Cao", 3), ("Tạ", 2), ("Vương", 2), ("Triệu", 2), ("Chu", 2), ("Khổng", 1), ("La", 1),
    ("Kiều", 1), ("Quách", 1), ("Thái", 1), ("Từ", 1), ("Nông", 2), ("Lò", 1), ("Ma", 1), ("Hứa", 1),
]
MIDDLE = {
    "male": [
        ("Văn", 450), ("Đức", 60), ("Minh", 60), ("Quang", 45), ("Hữu", 45), ("Công", 40), ("Xuân", 35),
        ("Thành", 30), ("Ngọc", 30), ("Duy", 25), ("Anh", 20), ("Tiến", 20), ("Trọng", 20), ("Hoàng", 20),
        ("Thanh", 25), ("Mạnh", 15), ("Đình", 30), ("Bá", 15), ("Viết", 10), ("Quốc", 20), ("Hải", 10),
    ],
    "female": [
        ("Thị", 600), ("Ngọc", 50), ("Thu", 40), ("Thanh", 40), ("Minh", 25), ("Phương", 20), ("Hồng", 25),
        ("Kim", 20), ("Thúy", 15), ("Bích", 15), ("Mai", 10), ("Hải", 10), ("Diệu", 8), ("Khánh", 8), ("Mỹ", 10),
    ],
}
GIVEN = {
    "male": (
        "Anh Bình Cường Dũng Đức Duy Hải Hùng Huy Hưng Khánh Khoa Long Minh Nam Phong Phúc Quân Quang Sơn Tài "
        "Thắng Thành Tiến Toàn Trung Tuấn Tùng Việt Vinh Đạt Hiếu Hoàng Kiên Lâm Lộc Mạnh Nghĩa Nhân Phát Tâm "
        "Thái Thịnh Trí Trọng Tú Tuyến Vũ Chiến Công Định Giang Hà Hậu Hòa Học Khải Lợi Luân Năm Ngọc Phú Quý "
        "Sáng Tân Thanh Thuận Tín Toản Trường Xuân Bảo Cảnh Chính Doanh Đông Dương Hạnh Hiệp Hoan Khôi Linh Lực "
        "Nguyên Nhật Quyết Sỹ Thạch Thiện Thông Thụ Tĩnh Tuệ Tường Uy Vĩnh Đăng Điệp Giáp Hợp Kha Thuấn"
    ).split(),
    "female": (
        "An Anh Bích Chi Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hồng Huệ Hương Huyền Lan Liên Linh Loan Mai Ngân "
        "Ngọc Nhung Oanh Phương Quyên Quỳnh Tâm Thảo Thu Thủy Trang Trinh Tuyết Uyên Vân Xuân Yến Nga Nhàn Hoài "
        "Lệ My Nhi Thư Vy Hậu Lụa Sen Đào Cúc Diệp Gấm Hòa Hường Khuê Lài Lý Mận Mơ Nguyệt Nương Phượng "
        "Quế Sương Thắm Thêu Thoa Thơm Thùy Tiên Trâm Tươi Vui Xoan Yên"
    ).split(),
}
# Names of the ethnic minorities of the northern border districts (family, male given, female given).
MINORITIES = {
    "Tày": (
        ["Hoàng", "Nông", "Ma", "Lường", "Hà", "Lộc", "Đàm", "Bế", "Mông", "Ngôn", "Triệu", "Hứa"],
        "Pẻn Quảng Thượng Slẳn Khiêm Toán Sinh Vượng Tuấn Hùng".split(),
        "Slao Nhị Pẻo Mến Dịu Lả Thơm Xuân".split(),
    ),
    "Dao": (
        ["Triệu", "Bàn", "Đặng", "Lý", "Phùng", "Chảo", "Tẩn", "Dương"],
        "Vần Kiềm Quẩy Sình Chòi Lở Phin Tòn Chàn Lìu".split(),
        "Mẩy Nải Sì Mùi Kiều Dính Chiêm Phây".split(),
    ),
    "Nùng": (
        ["Hoàng", "Nông", "Lục", "Vi", "Mã", "Sầm", "Lý", "Chu", "Lăng"],
        "Slìn Pả Pẻng Sáu Dìn Lành Khừ Thắm".split(),
        "Slam Pấu Mầy Dìu Nhình Hảo".split(),
    ),
    "San Dìu": (
        ["Diệp", "Lâm", "Trương", "Lý", "Tạ", "Dương", "Ninh", "Tiêu"],
        "Sìn Sằn Voòng Cắm Nhì Phúc Sơn Tài".split(),
        "Sồi Mùi Nhàn Sáu Thìn Hoa".split(),
    ),
}
MINORITY_SHARE = 0.25  # border communes: a quarter of the people


@functools.cache
def known_syllables() -> frozenset[str]:
    """Syllables of real Vietnamese names, with and without diacritics.

    One of them typed as another (`Lợi` / `Lộc`, `An` / `Anh`) is more likely another name than a typo.
    """
    words = [name for name, _ in FAMILY]
    words += [name for names in MIDDLE.values() for name, _ in names]
    words += [name for names in GIVEN.values() for name in names]
    for families, male, female in MINORITIES.values():
        words += families + male + female
    syllables = {syllable for word in words for syllable in word.lower().split()}
    return frozenset(syllables | {strip_marks(syllable) for syllable in syllables})


def strip_marks(text: str) -> str:
    """What a keyboard without Vietnamese input gives: no diacritics, đ typed d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Record:
    """One person as a commune recorded them (the attributes the matcher compares)."""

    key: str  # this record's id in the labelled set
    identity: int  # the real person behind it (the label)
    full_name: str
    gender: str
    birth_date: dt.date | None
    birth_year: int | None
    id_number: str
    home_commune_id: int | None
    passport_number: str = ""


@dataclass
class LabelledSet:
    a: list[Record]
    b: list[Record]

    def true_pairs(self) -> set[tuple[str, str]]:
        """(a.key, b.key) of the records of the same person."""
        by_identity: dict[int, list[str]] = {}
        for record in self.a:
            by_identity.setdefault(record.identity, []).append(record.key)
        return {(key, record.key) for record in self.b for key in by_identity.get(record.identity, [])}


class NameGenerator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _weighted(self, items: list[tuple[str, int]]) -> str:
        return self.rng.choices([n for n, _ in items], [w for _, w in items])[0]

    def _zipf(self, items: list[str]) -> str:
        return self.rng.choices(items, [1 / (rank + 1) ** 0.9 for rank in range(len(items))])[0]

    def name(self, gender: str) -> str:
        if self.rng.random() < MINORITY_SHARE:
            families, male, female = MINORITIES[self.rng.choice(list(MINORITIES))]
            middle = "Văn" if gender == "male" else "Thị"
            given = self.rng.choice(male if gender == "male" else female)
            return f"{self.rng.choice(families)} {middle} {given}"
        parts = [self._weighted(FAMILY), self._weighted(MIDDLE[gender])]
        if self.rng.random() < 0.12:
            parts.append(self._weighted(MIDDLE[gender]))
        parts.append(self._zipf(GIVEN[gender]))
        return " ".join(dict.fromkeys(parts))

    def middle(self, gender: str) -> str:
        return self._weighted(MIDDLE[gender])


def citizen_id(rng: random.Random, birth_year: int, gender: str) -> str:
    """A 12-digit CCCD: province of birth, century-and-gender digit, year, six digits."""
    province = rng.choice(["026", "008", "002", "020", "025"])
    century = (0 if birth_year < 2000 else 2) + (1 if gender == "female" else 0)
    return f"{province}{century}{birth_year % 100:02d}{rng.randrange(10**6):06d}"


# --- noise ---------------------------------------------------------------------------------


def _typo(rng: random.Random, word: str) -> str:
    """One edit in a syllable: a swap of neighbouring letters, a substitution, a deletion or an insertion."""
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["swap", "swap", "sub", "del", "ins"])
    letters = "abcdeghiklmnopqrstuvxy"
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "sub":
        return word[:i] + rng.choice([c for c in letters if c != word[i].lower()]) + word[i + 1 :]
    if kind == "del":
        return word[:i] + word[i + 1 :]
    return word[:i] + rng.choice(letters) + word[i:]


def typed(rng: random.Random, record: Record, names: NameGenerator, *, noise: float) -> Record:
    """The record as another commune's officer typed it: each kind of noise with probability `noise`."""
    name = record.full_name
    parts = name.split()
    if len(parts) >= 3 and rng.random() < noise:
        if rng.random() < 0.5:
            parts = [parts[0], *parts[2:]]  # middle name dropped
        else:
            parts[1] = names.middle(record.gender)  # middle name different
    name = " ".join(parts)
    if rng.random() < noise * 2:
        name = strip_marks(name)
    elif rng.random() < noise:
        name = name.replace("Đ", "D").replace("đ", "d")
    if rng.random() < noise:
        words = name.split()
        i = rng.randrange(len(words))
        words[i] = _typo(rng, words[i])
        name = " ".join(words)
    birth_date, birth_year = record.birth_date, record.birth_year
    if birth_date and rng.random() < noise * 2:
        birth_date = None  # year only
    elif birth_date and birth_date.day <= 12 and birth_date.day != birth_date.month and rng.random() < noise:
        birth_date = birth_date.replace(day=birth_date.month, month=birth_date.day)  # day and month swapped
    id_number = record.id_number
    if id_number and rng.random() < noise * 2:
        id_number = ""
    elif id_number and rng.random() < noise:
        i = rng.randrange(len(id_number))
        id_number = id_number[:i] + str((int(id_number[i]) + rng.randrange(1, 10)) % 10) + id_number[i + 1 :]
    home = record.home_commune_id if rng.random() > noise else None
    return replace(record, full_name=name, birth_date=birth_date, birth_year=birth_year, id_number=id_number, home_commune_id=home)


def labelled_set(*, seed: int = 8, persons: int = 400, shared: float = 0.4, namesakes: float = 0.1, noise: float = 0.15) -> LabelledSet:
    """Two communes' records: `persons` recorded by commune A, a share `shared` of them also by B, typed anew.

    B also records persons of its own, a share `namesakes` of them with the name of one of A's persons.
    """
    rng = random.Random(seed)  # noqa: S311 - labelled test data, not secrets
    names = NameGenerator(rng)

    def identity(number: int, name: str | None = None) -> Record:
        gender = "male" if rng.random() < 0.55 else "female"
        year = max(1940, min(2008, int(rng.gauss(1984, 14))))
        birth_date = dt.date(year, rng.randrange(1, 13), rng.randrange(1, 29)) if rng.random() < 0.8 else None
        id_number = citizen_id(rng, year, gender) if rng.random() < 0.7 else ""
        return Record(
            key="", identity=number, full_name=name or names.name(gender), gender=gender, birth_date=birth_date,
            birth_year=year, id_number=id_number, home_commune_id=rng.choice([1, 1, 1, 2, 3]),
        )

    people_a = [identity(i) for i in range(persons)]
    a = [replace(person, key=f"a{i}") for i, person in enumerate(people_a)]
    b: list[Record] = []
    for person in people_a:
        if rng.random() < shared:
            b.append(replace(typed(rng, person, names, noise=noise), key=f"b{len(b)}"))
    own = int(persons * (1 - shared))
    for i in range(own):
        number = persons + i
        if rng.random() < namesakes:
            # A namesake: the same name as one of A's persons, another person (gender follows the name).
            twin = rng.choice(people_a)
            person = replace(identity(number, twin.full_name), gender=twin.gender)
            if twin.birth_year is not None and person.birth_year == twin.birth_year:
                person = replace(person, birth_year=twin.birth_year + rng.choice([-7, 5, 12]), birth_date=None)
        else:
            person = identity(number)
        b.append(replace(typed(rng, person, names, noise=noise / 2), key=f"b{len(b)}"))
    rng.shuffle(b)
    return LabelledSet(a, b)
