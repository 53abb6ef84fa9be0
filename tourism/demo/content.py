"""Demo events, itineraries, articles and establishments.

Weekly markets repeat on their real weekday; yearly festivals repeat on a typical date
(lunar-calendar festivals move each year: editors update the date).
"""

EVENTS = [
    {"slug": "cho-phien-bac-ha", "recurrence": "weekly", "start": "2026-01-04",
     "times": ("06:00", "14:00"), "commune": "Xã Bắc Hà", "lat": "22.541400", "lon": "104.289300",
     "organiser": "UBND xã Bắc Hà",
     "vi": ("Chợ phiên Bắc Hà", "Mỗi sáng Chủ nhật, chợ trâu, thổ cẩm và rượu ngô của người "
            "Mông Hoa.", "Trung tâm xã Bắc Hà"),
     "en": ("Bắc Hà Sunday market", "Every Sunday morning: buffalo trading, brocade and corn "
            "wine of the Flower Hmong.", "Bắc Hà commune centre")},
    {"slug": "cho-phien-coc-ly", "recurrence": "weekly", "start": "2026-01-06",
     "times": ("06:00", "13:00"), "commune": "Xã Bảo Nhai", "lat": "22.498000", "lon": "104.166000",
     "organiser": "",
     "vi": ("Chợ phiên Cốc Ly", "Chợ thứ Ba bên sông Chảy.", "Chợ Cốc Ly"),
     "en": ("Cốc Ly Tuesday market", "A Tuesday market on the Chảy river.", "Cốc Ly market")},
    {"slug": "cho-phien-can-cau", "recurrence": "weekly", "start": "2026-01-03",
     "times": ("06:00", "13:00"), "commune": "Xã Si Ma Cai", "lat": "22.719000",
     "lon": "104.275000", "organiser": "",
     "vi": ("Chợ phiên Cán Cấu", "Chợ thứ Bảy gần biên giới, nổi tiếng với chợ trâu.",
            "Cán Cấu, Si Ma Cai"),
     "en": ("Cán Cấu Saturday market", "A Saturday market near the border, famous for its "
            "buffalo trading.", "Cán Cấu, Si Ma Cai")},
    {"slug": "cho-tinh-sa-pa", "recurrence": "weekly", "start": "2026-01-03",
     "times": ("19:00", "22:00"), "commune": "Phường Sa Pa", "lat": "22.335500",
     "lon": "103.842000", "organiser": "UBND phường Sa Pa",
     "vi": ("Chợ tình Sa Pa", "Tối thứ Bảy, trai gái Mông, Dao hát giao duyên bên nhà thờ đá.",
            "Quảng trường Sa Pa"),
     "en": ("Sa Pa love market", "On Saturday evenings Hmong and Dao youth sing courting "
            "songs by the stone church.", "Sa Pa square")},
    {"slug": "le-hoi-gau-tao", "recurrence": "none", "start": "2027-02-10", "end": "2027-02-12",
     "times": None, "commune": "Xã Bắc Hà", "lat": "22.539700", "lon": "104.290600",
     "organiser": "Sở Văn hóa, Thể thao và Du lịch Lào Cai",
     "vi": ("Lễ hội Gầu Tào", "Lễ hội cầu phúc đầu xuân của người Mông với cây nêu, múa khèn "
            "và ném pao.", "Bắc Hà"),
     "en": ("Gầu Tào festival", "The Hmong spring festival of blessings with a sacred pole, "
            "khèn pipe dancing and pao ball throwing.", "Bắc Hà")},
    {"slug": "le-hoi-roong-pooc", "recurrence": "none", "start": "2027-02-13",
     "times": ("08:00", "17:00"), "commune": "Xã Tả Van", "lat": "22.303500", "lon": "103.888000",
     "organiser": "UBND xã Tả Van",
     "vi": ("Lễ hội Roóng Poọc", "Lễ xuống đồng của người Giáy ở Tả Van vào tháng Giêng.",
            "Bản Tả Van"),
     "en": ("Roóng Poọc festival", "The Giáy going-to-the-fields festival in Tả Van in the "
            "first lunar month.", "Tả Van village")},
    {"slug": "le-hoi-den-thuong", "recurrence": "none", "start": "2027-02-20", "end": "2027-02-21",
     "times": None, "commune": "Phường Lào Cai", "lat": "22.504600", "lon": "103.965600",
     "organiser": "Ban quản lý Đền Thượng",
     "vi": ("Lễ hội Đền Thượng Lào Cai", "Lễ rước và dâng hương Đức Thánh Trần ngày rằm tháng "
            "Giêng.", "Đền Thượng"),
     "en": ("Lào Cai Upper Temple festival", "Procession and incense for Saint Trần Hưng Đạo "
            "at the first full moon.", "Upper Temple")},
    {"slug": "le-hoi-ruong-bac-thang-mu-cang-chai", "recurrence": "yearly", "start": "2025-09-20",
     "end": "2025-09-28", "times": None, "commune": "Xã Mù Cang Chải", "lat": "21.852000",
     "lon": "104.088000", "organiser": "UBND xã Mù Cang Chải",
     "vi": ("Tuần lễ văn hóa ruộng bậc thang Mù Cang Chải", "Bay dù lượn trên đèo Khau Phạ, "
            "chợ phiên và đêm văn nghệ mùa lúa chín.", "Mù Cang Chải"),
     "en": ("Mù Cang Chải terraced-field festival", "Paragliding over Khau Phạ, a fair and "
            "evening shows in the harvest season.", "Mù Cang Chải")},
    {"slug": "le-hoi-mua-thu-sa-pa", "recurrence": "yearly", "start": "2025-09-01",
     "end": "2025-09-03", "times": None, "commune": "Phường Sa Pa", "lat": "22.336300",
     "lon": "103.843800", "organiser": "UBND phường Sa Pa",
     "vi": ("Lễ hội mùa thu Sa Pa", "Hội chợ, ẩm thực vùng cao và trình diễn trang phục dân "
            "tộc dịp Quốc khánh.", "Trung tâm Sa Pa"),
     "en": ("Sa Pa autumn festival", "Fair, highland food and ethnic costume shows around "
            "National Day.", "Sa Pa centre")},
    {"slug": "le-hoi-mua-dong-sa-pa", "recurrence": "yearly", "start": "2025-12-19",
     "end": "2025-12-21", "times": None, "commune": "Phường Sa Pa", "lat": "22.336300",
     "lon": "103.843800", "organiser": "UBND phường Sa Pa",
     "vi": ("Lễ hội mùa đông Sa Pa", "Đêm lửa trại, ẩm thực và săn băng tuyết trên "
            "Fansipan.", "Quảng trường Sa Pa"),
     "en": ("Sa Pa winter festival", "Bonfire nights, food and frost-hunting on Fansipan.",
            "Sa Pa square")},
]

# Stops name a demo place by slug (its coordinates and page come from it) or give their own.
ITINERARIES = [
    {"slug": "sa-pa-3-ngay", "distance": "62", "season": "autumn", "difficulty": "moderate",
     "vi": ("Sa Pa 3 ngày", "Thị trấn, bản làng thung lũng Mường Hoa và đỉnh Fansipan."),
     "en": ("Sa Pa in three days", "The town, the villages of the Mường Hoa valley and the "
            "summit of Fansipan."),
     "days": [
         {"vi": "Ngày 1: Thị trấn Sa Pa", "en": "Day 1: Sa Pa town",
          "stops": ["sa-pa", "nui-ham-rong", "ban-cat-cat"]},
         {"vi": "Ngày 2: Thung lũng Mường Hoa", "en": "Day 2: The Mường Hoa valley",
          "stops": ["lao-chai", "ta-van"]},
         {"vi": "Ngày 3: Fansipan và đèo Ô Quy Hồ", "en": "Day 3: Fansipan and the Ô Quy Hồ pass",
          "stops": ["fansipan", "thac-bac", "deo-o-quy-ho"]},
     ]},
    {"slug": "cao-nguyen-bac-ha-2-ngay", "distance": "190", "season": "spring",
     "difficulty": "easy",
     "vi": ("Cao nguyên Bắc Hà 2 ngày", "Chợ phiên Chủ nhật, dinh Hoàng A Tưởng và các bản "
            "Mông Hoa."),
     "en": ("The Bắc Hà plateau in two days", "The Sunday market, the Hoàng A Tưởng palace and "
            "Flower Hmong villages."),
     "days": [
         {"vi": "Ngày 1: Lào Cai – Bắc Hà", "en": "Day 1: Lào Cai to Bắc Hà",
          "stops": ["den-thuong", "cho-bac-ha", "dinh-hoang-a-tuong"]},
         {"vi": "Ngày 2: Lùng Phình – Sín Chéng", "en": "Day 2: Lùng Phình and Sín Chéng",
          "stops": ["lung-phinh", "sin-cheng"]},
     ]},
    {"slug": "mu-cang-chai-bang-xe-may", "distance": "260", "season": "autumn",
     "difficulty": "challenging",
     "vi": ("Mù Cang Chải bằng xe máy", "Từ cánh đồng Mường Lò qua Tú Lệ, đèo Khau Phạ đến "
            "ruộng bậc thang La Pán Tẩn."),
     "en": ("Mù Cang Chải by motorbike", "From the Mường Lò plain through Tú Lệ and over the "
            "Khau Phạ pass to the La Pán Tẩn terraces."),
     "days": [
         {"vi": "Ngày 1: Nghĩa Lộ – Tú Lệ", "en": "Day 1: Nghĩa Lộ to Tú Lệ",
          "stops": ["nghia-lo", "tu-le"]},
         {"vi": "Ngày 2: Khau Phạ – Mù Cang Chải", "en": "Day 2: Khau Phạ to Mù Cang Chải",
          "stops": ["deo-khau-pha", "ruong-bac-thang-la-pan-tan", "mu-cang-chai"]},
         {"vi": "Ngày 3: Trạm Tấu", "en": "Day 3: Trạm Tấu",
          "stops": ["suoi-khoang-tram-tau"]},
     ]},
]

ARTICLES = [
    {"slug": "san-may-y-ty", "date": "2026-11-02",
     "vi": ("Mùa săn mây Y Tý", "Từ tháng 11 đến tháng 3, biển mây phủ kín thung lũng Y Tý "
            "vào sáng sớm.", "Hãy dậy trước 6 giờ và lên các điểm cao quanh trung tâm xã."),
     "en": ("Cloud-hunting season in Y Tý", "From November to March a sea of cloud fills the "
            "Y Tý valleys at dawn.", "Get up before 6 am and climb the viewpoints around the "
            "commune centre.")},
    {"slug": "trekking-an-toan", "date": "2026-10-15",
     "vi": ("Trekking an toàn ở Sa Pa", "Thuê hướng dẫn viên địa phương, mang áo mưa và "
            "kiểm tra thời tiết.", "Đường mòn trơn sau mưa; đi theo nhóm và báo lịch trình "
            "cho nơi lưu trú."),
     "en": ("Trekking safely around Sa Pa", "Hire a local guide, carry a rain jacket and "
            "check the weather.", "Trails are slippery after rain; walk in a group and tell "
            "your hosts your route.")},
]

# code, name, kind, stars, commune, address, lat, lon, rooms, price_min, price_max, amenities
ESTABLISHMENTS = [
    ("SAPA-0001", "Sapa Mountain View Hotel", "hotel", 4, "Phường Sa Pa", "12 Đường Thác Bạc",
     "22.334900", "103.840500", 48, 900000, 2500000,
     ["wifi", "breakfast", "restaurant", "heating", "mountain_view"]),
    ("SAPA-0002", "Sapa Cloud Homestay", "homestay", None, "Phường Sa Pa", "Tổ 5, Đường Fansipan",
     "22.331800", "103.836900", 8, 350000, 600000, ["wifi", "breakfast", "mountain_view"]),
    ("SAPA-0003", "Sapa Stone Church Hostel", "hostel", None, "Phường Sa Pa",
     "3 Đường Cầu Mây", "22.335600", "103.842400", 20, 150000, 400000, ["wifi", "heating"]),
    ("SAPA-0004", "Sapa Terraces Resort", "resort", 5, "Phường Sa Pa", "Đường Điện Biên Phủ",
     "22.341200", "103.849500", 70, 2500000, 7000000,
     ["wifi", "breakfast", "restaurant", "spa", "pool", "heating", "mountain_view", "shuttle"]),
    ("SAPA-0005", "Cát Cát Valley Homestay", "homestay", None, "Phường Sa Pa", "Bản Cát Cát",
     "22.328400", "103.832600", 6, 300000, 550000, ["wifi", "breakfast", "trekking_guide"]),
    ("TAVAN-0001", "Tả Van Riverside Homestay", "homestay", None, "Xã Tả Van", "Thôn Tả Van Giáy 1",
     "22.302800", "103.889200", 7, 300000, 700000, ["wifi", "breakfast", "trekking_guide"]),
    ("TAVAN-0002", "Lao Chải Rice Terrace Lodge", "guesthouse", None, "Xã Tả Van",
     "Thôn Lao Chải", "22.316100", "103.864900", 10, 400000, 900000,
     ["breakfast", "restaurant", "mountain_view"]),
    ("TAPHIN-0001", "Tả Phìn Red Dao Herbal Homestay", "homestay", None, "Xã Tả Phìn",
     "Thôn Tả Phìn", "22.389500", "103.827800", 5, 250000, 450000, ["breakfast", "spa"]),
    ("BACHA-0001", "Bắc Hà Plum Garden Hotel", "hotel", 3, "Xã Bắc Hà", "Đường Ngọc Uyển",
     "22.540300", "104.290100", 32, 500000, 1200000, ["wifi", "breakfast", "parking"]),
    ("BACHA-0002", "Hoàng Vân Guesthouse", "guesthouse", None, "Xã Bắc Hà", "Tổ 2, trung tâm xã",
     "22.539100", "104.289000", 12, 250000, 450000, ["wifi", "parking"]),
    ("YTY-0001", "Y Tý Cloud Hunter Homestay", "homestay", None, "Xã Y Tý", "Thôn Choản Thèn",
     "22.633100", "103.611200", 6, 250000, 500000, ["breakfast", "mountain_view", "heating"]),
    ("MCC-0001", "Mù Cang Chải Ecolodge", "resort", 3, "Xã Mù Cang Chải", "Bản Thái, quốc lộ 32",
     "21.853400", "104.091200", 18, 1200000, 2500000,
     ["wifi", "breakfast", "restaurant", "mountain_view"]),
    ("MCC-0002", "La Pán Tẩn Terrace Homestay", "homestay", None, "Xã Mù Cang Chải",
     "Bản Lìm Thái", "21.873500", "104.049300", 5, 200000, 400000, ["breakfast", "mountain_view"]),
    ("TULE-0001", "Tú Lệ Hot Spring Homestay", "homestay", None, "Xã Tú Lệ", "Bản Tú Lệ",
     "21.795400", "104.301300", 8, 250000, 500000, ["breakfast", "spa"]),
    ("NGHIALO-0001", "Mường Lò Hotel", "hotel", 3, "Phường Nghĩa Lộ", "Đường Điện Biên",
     "21.600900", "104.513600", 40, 500000, 1100000,
     ["wifi", "breakfast", "air_conditioning", "parking"]),
    ("LAOCAI-0001", "Lào Cai Red River Hotel", "hotel", 4, "Phường Lào Cai", "Đường Hồng Hà",
     "22.497100", "103.963800", 120, 800000, 2200000,
     ["wifi", "breakfast", "restaurant", "air_conditioning", "pool", "parking"]),
    ("LAOCAI-0002", "Ga Lào Cai Guesthouse", "guesthouse", None, "Phường Lào Cai",
     "Đường Nguyễn Huệ", "22.489800", "103.970900", 15, 250000, 450000,
     ["wifi", "air_conditioning"]),
    ("BANHO-0001", "Bản Hồ Waterfall Homestay", "homestay", None, "Xã Bản Hồ", "Thôn Bản Dền",
     "22.267600", "103.967000", 6, 250000, 450000, ["breakfast", "trekking_guide"]),
    ("THACBA-0001", "Thác Bà Lake Resort", "resort", 4, "Xã Thác Bà", "Ven hồ Thác Bà",
     "21.849000", "104.968000", 40, 1000000, 3000000,
     ["wifi", "breakfast", "restaurant", "air_conditioning", "pool", "family_rooms"]),
    ("TRAMTAU-0001", "Trạm Tấu Thái Stilt House", "homestay", None, "Xã Trạm Tấu",
     "Bản Mông Trạm Tấu", "21.465600", "104.390300", 4, 200000, 350000, ["breakfast"]),
]
