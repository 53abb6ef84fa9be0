"""Seeded, realistic guests for benchmarks and load tests.

Vietnamese names with their diacritics (the common family names in their real
proportions, middle names by sex, given names), CCCD numbers that pass the identity
rules (province of birth, century and sex digit, birth year), and about 8% foreign
guests with a passport, nationality and visa fields. The same seed gives the same
people, so runs repeat.
"""

import random
import string
from datetime import date, datetime, timedelta

from lodging.cccd_provinces import CCCD_PROVINCE_CODES

# Family names with rough shares of the population (Nguyễn ≈ 38%).
FAMILY_NAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4),
    ("Phan", 4), ("Vũ", 3.9), ("Võ", 3), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4),
    ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5), ("Lò", 0.4), ("Giàng", 0.4),
    ("Sùng", 0.3), ("Vàng", 0.3), ("Hà", 0.5), ("Đinh", 0.5), ("Lương", 0.4), ("Tạ", 0.3),
]
MIDDLE_NAMES = {"M": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân"],
                "F": ["Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Minh", "Phương", "Kim"]}
GIVEN_NAMES = {
    "M": ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy",
          "Khánh", "Khoa", "Long", "Mạnh", "Nam", "Phong", "Phúc", "Quân", "Sơn", "Tâm",
          "Thắng", "Thịnh", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Páo", "Chứ", "Seo"],
    "F": ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan",
          "Linh", "Loan", "Mai", "Mận", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương",
          "Quỳnh", "Thảo", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Yến", "Mỷ", "Sua"],
}
FOREIGN = [  # nationality, family names, given names
    ("CHN", ["WANG", "LI", "ZHANG", "LIU", "CHEN"], ["WEI", "FANG", "NA", "JING", "LEI"]),
    ("FRA", ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT"], ["MARIE", "LUC", "ANNE"]),
    ("USA", ["SMITH", "JOHNSON", "WILLIAMS", "BROWN"], ["JOHN", "MARY", "JAMES", "EMMA"]),
    ("KOR", ["KIM", "LEE", "PARK", "CHOI"], ["MINJUN", "SEOYEON", "JIHO"]),
    ("DEU", ["MULLER", "SCHMIDT", "SCHNEIDER"], ["ANNA", "LUKAS", "LEON"]),
    ("GBR", ["JONES", "TAYLOR", "DAVIES"], ["OLIVER", "AMELIA", "HARRY"]),
    ("AUS", ["WILSON", "ANDERSON"], ["JACK", "CHARLOTTE"]),
]
PROVINCE_CODES = sorted(CCCD_PROVINCE_CODES)
REASONS = ["du lịch", "công tác", "thăm người thân", "tham quan", "hội nghị"]
FOREIGNER_SHARE = 0.08


class People:
    """A seeded source of guests: `guest()` gives one dict in the API's field names."""

    def __init__(self, seed: int = 42):
        self.random = random.Random(seed)
        self._families = [name for name, _w in FAMILY_NAMES]
        self._weights = [weight for _n, weight in FAMILY_NAMES]

    def vietnamese(self) -> dict:
        r = self.random
        sex = r.choice("MF")
        born = date(r.randint(1950, 2007), r.randint(1, 12), r.randint(1, 28))
        name = " ".join([r.choices(self._families, self._weights)[0],
                         r.choice(MIDDLE_NAMES[sex]), r.choice(GIVEN_NAMES[sex])])
        century_digit = (0 if born.year < 2000 else 2) + (0 if sex == "M" else 1)
        number = (f"{r.choice(PROVINCE_CODES)}{century_digit}{born.year % 100:02d}"
                  f"{r.randint(0, 999_999):06d}")
        return {"full_name": name, "sex": sex, "date_of_birth": born,
                "document_type": "cccd", "document_number": number, "nationality": "VNM",
                "address": f"Thôn {r.randint(1, 30)}, xã {r.choice(GIVEN_NAMES['M'])}",
                "reason": r.choice(REASONS)}

    def foreigner(self, *, today: date) -> dict:
        r = self.random
        nationality, families, givens = r.choice(FOREIGN)
        entry = today - timedelta(days=r.randint(0, 20))
        return {"full_name": f"{r.choice(families)} {r.choice(givens)}",
                "sex": r.choice("MF"),
                "date_of_birth": date(r.randint(1950, 2005), r.randint(1, 12),
                                      r.randint(1, 28)),
                "document_type": "passport",
                "document_number": "".join(r.choices(string.ascii_uppercase, k=2))
                + f"{r.randint(0, 9_999_999):07d}",
                "nationality": nationality, "address": "", "reason": "du lịch",
                "entry_date": entry, "port_of_entry": "Cửa khẩu Quốc tế Lào Cai",
                "visa_type": r.choice(["DL", "EV", "MT"]),
                "visa_number": f"E{r.randint(10**9, 10**10 - 1)}",
                "permitted_stay_until": entry + timedelta(days=r.choice([15, 30, 90]))}

    def guest(self, *, today: date) -> dict:
        if self.random.random() < FOREIGNER_SHARE:
            return self.foreigner(today=today)
        return self.vietnamese()

    def stay(self, *, arrival: datetime, room: str | None = None) -> dict:
        """A guest with room, arrival and expected departure (1–4 nights)."""
        guest = self.guest(today=arrival.date())
        nights = self.random.randint(1, 4)
        return {**guest, "room": room or str(self.random.randint(101, 420)),
                "arrival": arrival,
                "expected_departure": arrival + timedelta(days=nights, hours=-2)}


def as_json(guest: dict) -> dict:
    """The API's JSON form of a guest (dates and date-times as ISO 8601)."""
    return {key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in guest.items()}
