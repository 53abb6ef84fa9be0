"""Demo destinations and attractions of Lào Cai (coordinates from public maps, ±1 km).

`commune` is the official name of the unit after the July 2025 reorganisation; it is
resolved through Commune.objects.in_lao_cai().resolve(), never typed as a code.
"""

DESTINATIONS = [
    {
        "slug": "sa-pa", "commune": "Phường Sa Pa", "lat": "22.336300", "lon": "103.843800",
        "season": "autumn", "tags": ["trekking", "mountains", "ethnic culture"],
        "vi": {
            "title": "Sa Pa",
            "summary": "Thị trấn nghỉ mát trong sương ở độ cao khoảng 1.600 m, nơi bắt đầu các "
                       "cung đường trekking qua ruộng bậc thang và bản làng của người Mông, Dao.",
            "how": "<p>Từ Hà Nội đi cao tốc Nội Bài – Lào Cai khoảng 5–6 giờ xe khách, hoặc đi "
                   "tàu đêm đến ga Lào Cai rồi lên Sa Pa 35 km bằng xe buýt.</p>",
            "season_note": "Tháng 9–10 lúa chín vàng; mùa đông có thể có băng tuyết.",
            "body": "Sa Pa được người Pháp xây dựng làm nơi nghỉ mát đầu thế kỷ 20. Nhà thờ đá, "
                    "chợ Sa Pa và hồ trung tâm là tâm điểm của thị trấn; xung quanh là thung "
                    "lũng Mường Hoa với các bản Cát Cát, Lao Chải, Tả Van.",
        },
        "en": {
            "title": "Sa Pa",
            "summary": "A misty hill station at about 1,600 m, the starting point for treks "
                       "through rice terraces and Hmong and Dao villages.",
            "how": "<p>From Hanoi take the Nội Bài – Lào Cai expressway (5–6 hours by coach), or "
                   "the night train to Lào Cai station and then a 35 km bus ride up to Sa Pa.</p>",
            "season_note": "September–October for golden rice; winter can bring frost and snow.",
            "body": "Sa Pa was built by the French as a hill station in the early 20th century. "
                    "The stone church, the market and the central lake are the heart of town; "
                    "around it lies the Mường Hoa valley with the villages of Cát Cát, Lao Chải "
                    "and Tả Van.",
        },
    },
    {
        "slug": "bac-ha", "commune": "Xã Bắc Hà", "lat": "22.539700", "lon": "104.290600",
        "season": "spring", "tags": ["market", "flower hmong", "plum blossom"],
        "vi": {
            "title": "Bắc Hà",
            "summary": "Cao nguyên trắng với hoa mận mùa xuân, chợ phiên Chủ nhật rực rỡ sắc màu "
                       "của người Mông Hoa và dinh thự Hoàng A Tưởng.",
            "how": "<p>Cách thành phố Lào Cai khoảng 70 km theo quốc lộ 4E và tỉnh lộ 153; có "
                   "xe khách hằng ngày và xe tour vào sáng Chủ nhật.</p>",
            "season_note": "Tháng 2–3 hoa mận nở trắng đồi.",
            "body": "Bắc Hà nằm ở độ cao khoảng 1.200 m. Chợ phiên Chủ nhật là nơi đồng bào "
                    "Mông Hoa, Dao, Tày, Nùng mua bán gia súc, thổ cẩm và rượu ngô.",
        },
        "en": {
            "title": "Bắc Hà",
            "summary": "The white plateau of spring plum blossom, a colourful Sunday market of "
                       "the Flower Hmong and the Hoàng A Tưởng palace.",
            "how": "<p>About 70 km from Lào Cai city along highway 4E and provincial road 153; "
                   "daily buses and tour minibuses on Sunday mornings.</p>",
            "season_note": "Plum blossom whitens the hills in February–March.",
            "body": "Bắc Hà lies at about 1,200 m. Its Sunday market is where Flower Hmong, Dao, "
                    "Tày and Nùng people trade livestock, brocade and corn wine.",
        },
    },
    {
        "slug": "y-ty", "commune": "Xã Y Tý", "lat": "22.632000", "lon": "103.610000",
        "season": "autumn", "tags": ["clouds", "hani", "terraces"],
        "vi": {
            "title": "Y Tý",
            "summary": "Vùng biên cao hơn 2.000 m của người Hà Nhì với nhà trình tường, ruộng "
                       "bậc thang và biển mây.",
            "how": "<p>Từ thành phố Lào Cai đi qua Bát Xát, Mường Hum khoảng 100 km đường núi.</p>",
            "season_note": "Tháng 9 lúa chín; tháng 11–3 săn mây.",
            "body": "Y Tý giáp Trung Quốc, nổi tiếng với những ngôi nhà trình tường mái cỏ của "
                    "người Hà Nhì đen và những buổi sáng mây phủ kín thung lũng.",
        },
        "en": {
            "title": "Y Tý",
            "summary": "A border highland above 2,000 m, home of the Hà Nhì people, with "
                       "rammed-earth houses, rice terraces and seas of cloud.",
            "how": "<p>About 100 km of mountain road from Lào Cai city via Bát Xát and "
                   "Mường Hum.</p>",
            "season_note": "September for ripe rice; November–March for clouds.",
            "body": "Y Tý borders China and is known for the thatched rammed-earth houses of "
                    "the Black Hà Nhì and for mornings when cloud fills the valleys.",
        },
    },
    {
        "slug": "mu-cang-chai", "commune": "Xã Mù Cang Chải", "lat": "21.852000",
        "lon": "104.088000", "season": "autumn", "tags": ["terraces", "motorbike", "hmong"],
        "vi": {
            "title": "Mù Cang Chải",
            "summary": "Những ruộng bậc thang nổi tiếng nhất Việt Nam, do người Mông tạo nên "
                       "trên sườn núi Hoàng Liên Sơn.",
            "how": "<p>Cách Hà Nội khoảng 280 km qua Nghĩa Lộ, Tú Lệ và đèo Khau Phạ.</p>",
            "season_note": "Mùa nước đổ tháng 5–6, lúa chín cuối tháng 9.",
            "body": "Ruộng bậc thang ở La Pán Tẩn, Chế Cu Nha và Zế Xu Phình là di tích "
                    "quốc gia đặc biệt.",
        },
        "en": {
            "title": "Mù Cang Chải",
            "summary": "Vietnam's most famous rice terraces, carved by Hmong farmers into the "
                       "slopes of the Hoàng Liên Sơn range.",
            "how": "<p>About 280 km from Hanoi via Nghĩa Lộ, Tú Lệ and the Khau Phạ pass.</p>",
            "season_note": "Water-filled terraces in May–June, ripe rice at the end of "
                           "September.",
            "body": "The terraces of La Pán Tẩn, Chế Cu Nha and Zế Xu Phình are a special "
                    "national monument.",
        },
    },
    {
        "slug": "nghia-lo", "commune": "Phường Nghĩa Lộ", "lat": "21.600000",
        "lon": "104.512000", "season": "autumn", "tags": ["thai culture", "xoe dance"],
        "vi": {
            "title": "Nghĩa Lộ",
            "summary": "Cánh đồng Mường Lò rộng lớn, quê hương của điệu xòe Thái – di sản văn "
                       "hóa phi vật thể của nhân loại.",
            "how": "<p>Cách Hà Nội khoảng 200 km theo quốc lộ 32.</p>",
            "season_note": "Lúa chín tháng 9–10.",
            "body": "Người Thái ở Mường Lò giữ nếp nhà sàn, món xôi ngũ sắc và điệu xòe vòng.",
        },
        "en": {
            "title": "Nghĩa Lộ",
            "summary": "The wide Mường Lò rice plain, home of the Thái xòe dance, inscribed by "
                       "UNESCO as intangible heritage.",
            "how": "<p>About 200 km from Hanoi along highway 32.</p>",
            "season_note": "Rice ripens in September–October.",
            "body": "The Thái of Mường Lò keep their stilt houses, five-colour sticky rice and "
                    "the circle xòe dance.",
        },
    },
    {
        "slug": "tu-le", "commune": "Xã Tú Lệ", "lat": "21.796000", "lon": "104.300000",
        "season": "autumn", "tags": ["sticky rice", "hot spring", "valley"],
        "vi": {
            "title": "Tú Lệ",
            "summary": "Thung lũng nổi tiếng với cốm và xôi nếp Tú Lệ, nằm dưới chân đèo "
                       "Khau Phạ.",
            "how": "<p>Trên quốc lộ 32, cách Nghĩa Lộ khoảng 40 km.</p>",
            "season_note": "Tháng 9–10 mùa cốm mới.",
            "body": "Giống nếp Tú Lệ hạt tròn, thơm dẻo; du khách thường tắm suối khoáng nóng "
                    "trong bản Thái.",
        },
        "en": {
            "title": "Tú Lệ",
            "summary": "A valley famous for its green rice flakes and sticky rice, at the foot of "
                       "the Khau Phạ pass.",
            "how": "<p>On highway 32, about 40 km beyond Nghĩa Lộ.</p>",
            "season_note": "September–October for fresh green rice flakes.",
            "body": "Tú Lệ's round-grained sticky rice is fragrant; visitors bathe in the hot "
                    "mineral spring of the Thái village.",
        },
    },
    {
        "slug": "thanh-pho-lao-cai", "commune": "Phường Lào Cai", "lat": "22.485600",
        "lon": "103.970700", "season": "all_year", "tags": ["border", "red river", "city"],
        "vi": {
            "title": "Thành phố Lào Cai",
            "summary": "Đô thị biên giới bên sông Hồng và sông Nậm Thi, cửa ngõ lên Sa Pa và "
                       "Bắc Hà.",
            "how": "<p>Ga Lào Cai là ga cuối tuyến đường sắt Hà Nội – Lào Cai; cao tốc Nội Bài – "
                   "Lào Cai dài 265 km.</p>",
            "season_note": "Đẹp quanh năm; tháng Giêng có lễ hội Đền Thượng.",
            "body": "Từ cầu Hồ Kiều có thể nhìn sang Hà Khẩu (Vân Nam, Trung Quốc).",
        },
        "en": {
            "title": "Lào Cai city",
            "summary": "The border city where the Red River meets the Nậm Thi, gateway to "
                       "Sa Pa and Bắc Hà.",
            "how": "<p>Lào Cai station is the end of the Hanoi – Lào Cai railway; the Nội Bài – "
                   "Lào Cai expressway is 265 km long.</p>",
            "season_note": "Good all year; the Upper Temple festival is in the first lunar "
                           "month.",
            "body": "From the Hồ Kiều bridge you look across to Hekou in Yunnan, China.",
        },
    },
]

# (slug, kind, commune, lat, lon, vi title, vi summary, en title, en summary, hours, price)
ATTRACTIONS = [
    ("fansipan", "mountain", "Phường Sa Pa", "22.303300", "103.775000",
     "Đỉnh Fansipan", "Nóc nhà Đông Dương cao 3.143 m; lên bằng cáp treo từ Mường Hoa hoặc "
     "leo núi hai ngày.", "Fansipan", "The roof of Indochina at 3,143 m, reached by cable car "
     "from Mường Hoa or on a two-day climb.", "07:30–17:30", "Cáp treo từ 750.000 đ"),
    ("ban-cat-cat", "village", "Phường Sa Pa", "22.329300", "103.831700",
     "Bản Cát Cát", "Bản của người Mông Đen cách trung tâm Sa Pa 2 km, có thác nước và nghề "
     "dệt lanh nhuộm chàm.", "Cát Cát village", "A Black Hmong village 2 km from Sa Pa with a "
     "waterfall and indigo-dyed hemp weaving.", "06:00–18:00", "150.000 đ"),
    ("nui-ham-rong", "mountain", "Phường Sa Pa", "22.336100", "103.847100",
     "Núi Hàm Rồng", "Ngọn núi ngay sau thị trấn với vườn hoa, rừng đá và điểm ngắm toàn cảnh "
     "Sa Pa.", "Hàm Rồng mountain", "The mountain right behind the town, with flower gardens, "
     "a stone forest and views over Sa Pa.", "06:00–18:00", "70.000 đ"),
    ("thac-bac", "waterfall", "Phường Sa Pa", "22.355300", "103.772700",
     "Thác Bạc", "Thác cao khoảng 200 m bên quốc lộ 4D, cách Sa Pa 12 km về phía đèo "
     "Ô Quy Hồ.", "Silver Waterfall", "A waterfall about 200 m high beside highway 4D, 12 km "
     "from Sa Pa towards the Ô Quy Hồ pass.", "07:00–18:00", "20.000 đ"),
    ("thac-tinh-yeu", "waterfall", "Phường Sa Pa", "22.351700", "103.768600",
     "Thác Tình Yêu", "Thác nước cao khoảng 100 m trong rừng Vườn quốc gia Hoàng Liên, đến "
     "bằng đường mòn 1,5 km.", "Love Waterfall", "A waterfall of about 100 m in the Hoàng Liên "
     "national park forest, reached by a 1.5 km trail.", "07:00–17:00", "70.000 đ"),
    ("deo-o-quy-ho", "pass", "Phường Sa Pa", "22.355600", "103.759700",
     "Đèo Ô Quy Hồ", "Một trong tứ đại đỉnh đèo miền Bắc, dài gần 50 km, nối Lào Cai với "
     "Lai Châu qua Cổng Trời.", "Ô Quy Hồ pass", "One of the four great passes of the north, "
     "nearly 50 km long, linking Lào Cai and Lai Châu over the Gate of Heaven.", "", ""),
    ("ta-van", "village", "Xã Tả Van", "22.303500", "103.888000",
     "Bản Tả Van", "Bản của người Giáy và Mông trong thung lũng Mường Hoa, nhiều homestay và "
     "bãi đá cổ.", "Tả Van village", "A Giáy and Hmong village in the Mường Hoa valley with "
     "many homestays and ancient carved rocks.", "", "75.000 đ"),
    ("lao-chai", "village", "Xã Tả Van", "22.315800", "103.865500",
     "Bản Lao Chải", "Bản Mông Đen giữa những ruộng bậc thang đẹp nhất thung lũng Mường Hoa.",
     "Lao Chải village", "A Black Hmong village amid the finest terraces of the Mường Hoa "
     "valley.", "", "75.000 đ"),
    ("ta-phin", "village", "Xã Tả Phìn", "22.390000", "103.827000",
     "Bản Tả Phìn", "Bản của người Dao Đỏ nổi tiếng với tắm lá thuốc và hang Tả Phìn.",
     "Tả Phìn village", "A Red Dao village known for herbal leaf baths and the Tả Phìn cave.",
     "", "70.000 đ"),
    ("ban-ho", "village", "Xã Bản Hồ", "22.266700", "103.966700",
     "Bản Hồ", "Thung lũng của người Tày bên suối Mường Hoa, có thác Bản Hồ và cầu treo.",
     "Bản Hồ", "A Tày valley on the Mường Hoa stream, with the Bản Hồ falls and suspension "
     "bridges.", "", ""),
    ("muong-hum", "market", "Xã Mường Hum", "22.594000", "103.714000",
     "Chợ phiên Mường Hum", "Chợ phiên Chủ nhật trên đường lên Y Tý của người Dao, Mông, "
     "Hà Nhì, Giáy.", "Mường Hum market", "A Sunday market on the road to Y Tý, shared by Dao, "
     "Hmong, Hà Nhì and Giáy people.", "Chủ nhật 06:00–13:00", ""),
    ("dinh-hoang-a-tuong", "heritage", "Xã Bắc Hà", "22.539600", "104.292700",
     "Dinh thự Hoàng A Tưởng", "Dinh thự kết hợp kiến trúc Pháp và Á Đông của thổ ty người "
     "Tày, xây 1914–1921.", "Hoàng A Tưởng palace", "The French and East Asian style mansion "
     "of a Tày chieftain, built in 1914–1921.", "07:30–17:00", "30.000 đ"),
    ("cho-bac-ha", "market", "Xã Bắc Hà", "22.541400", "104.289300",
     "Chợ phiên Bắc Hà", "Chợ phiên lớn nhất vùng cao Tây Bắc, họp sáng Chủ nhật.",
     "Bắc Hà market", "The largest market of the north-western highlands, held on Sunday "
     "mornings.", "Chủ nhật 06:00–14:00", ""),
    ("den-thuong", "temple", "Phường Lào Cai", "22.504600", "103.965600",
     "Đền Thượng Lào Cai", "Đền thờ Đức Thánh Trần Hưng Đạo trên đồi cạnh cửa khẩu, lễ hội "
     "rằm tháng Giêng.", "Lào Cai Upper Temple", "A hilltop temple to Trần Hưng Đạo near the "
     "border gate, with a festival at the first full moon of the year.", "06:00–18:00", ""),
    ("cua-khau-lao-cai", "border", "Phường Lào Cai", "22.507000", "103.962000",
     "Cửa khẩu quốc tế Lào Cai", "Cửa khẩu đường bộ ở cầu Hồ Kiều, phường Lào Cai (Kim Thành), "
     "sang Hà Khẩu, Trung Quốc.", "Lào Cai international border gate", "The road crossing at "
     "the Hồ Kiều bridge (Kim Thành) to Hekou, China.", "07:00–22:00", ""),
    ("deo-khau-pha", "pass", "Xã Púng Luông", "21.773000", "104.256000",
     "Đèo Khau Phạ", "Đèo dài hơn 30 km trên quốc lộ 32, điểm bay dù lượn mùa lúa chín.",
     "Khau Phạ pass", "A pass of over 30 km on highway 32, a paragliding spot in the "
     "harvest season.", "", ""),
    ("ruong-bac-thang-la-pan-tan", "terraces", "Xã Mù Cang Chải", "21.874000", "104.050000",
     "Ruộng bậc thang La Pán Tẩn", "Đồi Mâm Xôi và những thửa ruộng bậc thang là danh thắng "
     "quốc gia đặc biệt.", "La Pán Tẩn rice terraces", "The 'Sticky Rice Tray' hill and "
     "terraces of this special national landscape.", "", ""),
    ("ho-thac-ba", "lake", "Xã Thác Bà", "21.850000", "104.970000",
     "Hồ Thác Bà", "Hồ nhân tạo lớn với hơn 1.300 đảo, hình thành khi xây thủy điện Thác Bà "
     "(1971).", "Thác Bà lake", "A great reservoir with over 1,300 islands, formed by the "
     "Thác Bà dam (1971).", "", ""),
    ("suoi-khoang-tram-tau", "hot_spring", "Xã Trạm Tấu", "21.465000", "104.391000",
     "Suối khoáng nóng Trạm Tấu", "Bể khoáng nóng tự nhiên giữa bản Thái, chân núi Tà Xùa.",
     "Trạm Tấu hot springs", "Natural hot mineral pools in a Thái village below Tà Xùa "
     "mountain.", "06:00–22:00", "50.000 đ"),
    ("lung-phinh", "market", "Xã Lùng Phình", "22.580000", "104.350000",
     "Chợ phiên Lùng Phình", "Chợ phiên Chủ nhật nhỏ của người Mông Hoa trên cao nguyên "
     "Bắc Hà.", "Lùng Phình market", "A small Sunday market of the Flower Hmong on the Bắc Hà "
     "plateau.", "Chủ nhật 06:00–12:00", ""),
    ("cho-coc-ly", "market", "Xã Bảo Nhai", "22.498000", "104.166000",
     "Chợ phiên Cốc Ly", "Chợ phiên thứ Ba bên sông Chảy, nơi người Mông Hoa, Dao, Tày "
     "xuống chợ.", "Cốc Ly market", "A Tuesday market by the Chảy river where Flower Hmong, "
     "Dao and Tày people come to trade.", "Thứ Ba 06:00–13:00", ""),
    ("sin-cheng", "village", "Xã Sín Chéng", "22.660000", "104.225000",
     "Sín Chéng", "Xã vùng cao Si Ma Cai với chợ phiên thứ Tư và nhà trình tường của người "
     "Mông.", "Sín Chéng", "A highland commune of Si Ma Cai with a Wednesday market and Hmong "
     "rammed-earth houses.", "", ""),
]

ATTRACTION_TIPS = {
    "vi": "<ul><li>Mang giày bám tốt và áo mưa.</li><li>Hỏi trước khi chụp ảnh người dân."
          "</li></ul>",
    "en": "<ul><li>Wear shoes with a good grip and bring a rain jacket.</li><li>Ask before "
          "photographing people.</li></ul>",
}

FEATURED = ["sa-pa", "bac-ha", "y-ty", "mu-cang-chai", "fansipan", "ban-cat-cat"]
