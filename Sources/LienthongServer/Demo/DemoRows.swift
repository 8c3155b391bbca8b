import Foundation
import Lienthong

/// The demo datasets' rows: synthetic people, households, businesses, facilities, certificates, prices and
/// requests in Hà Nội's real wards (`Resources/demo/hanoi-wards.csv`, from the 2025 administrative-unit list),
/// generated from a fixed seed, so every machine gets the same rows. Dates count back from the day the demo
/// is loaded. A few rows carry the defects DEMO.md asks for (legacy ward codes, malformed IDs, near-duplicate
/// people) for the quality issue to find; they still pass the schemas, as such data does today.
struct DemoRows {

    /// A person of the population extract.
    struct Person {
        let citizenID: String
        let name: String
        let birthDate: String
        let sex: String
        let ward: String
    }

    static let surnames = [
        "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Vũ", "Phan", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Đinh",
        "Lý",
    ]
    static let maleMiddle = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Tiến", "Xuân"]
    static let femaleMiddle = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Bích", "Hồng"]
    static let maleGiven = ["Anh", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Tuấn", "Việt", "Đạt"]
    static let femaleGiven = ["Anh", "Chi", "Dung", "Hà", "Hằng", "Hoa", "Lan", "Linh", "Mai", "Ngân", "Phương", "Thảo", "Trang", "Yến", "Nhung"]
    /// Legacy (pre-July 2025) Hà Nội ward codes that a stale register still holds (from the conversion table).
    static let legacyWards = ["00013", "00016", "00019", "00022", "00028"]

    let wards: [(code: String, name: String)]
    let today: CivilDate
    var random = SeededRandom(seed: 20_251_114)
    private(set) var people: [Person] = []
    private(set) var taxCodes: [String] = []

    init(today: CivilDate) throws {
        guard let url = Bundle.module.url(forResource: "hanoi-wards", withExtension: "csv", subdirectory: "Resources/demo") else {
            throw CocoaError(.fileNoSuchFile)
        }
        wards = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().compactMap { line in
            let parts = line.split(separator: ",", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
        self.today = today
    }

    /// The rows of a demo dataset as CSV, or nil when the demo has none for it.
    mutating func csv(for code: String) -> String? {
        switch code {
        case "dan-cu-trich-xuat": return population()
        case "ho-gia-dinh": return households()
        case "dang-ky-ho-kinh-doanh": return businesses()
        case "co-so-y-te": return facilities()
        case "chung-nhan-an-toan-thuc-pham": return foodSafety()
        case "gia-thi-truong": return prices()
        case "yeu-cau-ly-lich-tu-phap": return judicialRequests()
        default: return nil
        }
    }

    private func day(_ offset: Int) -> String { today.adding(days: offset).description }

    private mutating func ward() -> (code: String, name: String) { random.pick(wards) }

    mutating func population(count: Int = 1_200) -> String {
        var lines = ["cccd,ho_ten,ngay_sinh,gioi_tinh,ma_phuong"]
        var serial = 0
        for index in 0..<count {
            let female = random.chance(51)
            let year = random.int(1945...2007)
            let birth = CivilDate(year: year, month: random.int(1...12), day: random.int(1...28))
            serial += random.int(1...400)
            let centurySex = (year >= 2000 ? 2 : 0) + (female ? 1 : 0)
            let citizenID = "001\(centurySex)\(String(format: "%02d", year % 100))\(String(format: "%06d", serial % 1_000_000))"
            var name =
                "\(random.pick(Self.surnames)) \(random.pick(female ? Self.femaleMiddle : Self.maleMiddle)) \(random.pick(female ? Self.femaleGiven : Self.maleGiven))"
            var birthText = birth?.description ?? "\(year)-01-01"
            // Near-duplicates: the same person registered twice under two numbers.
            if index > 0, index % 150 == 0, let earlier = people.last {
                name = earlier.name
                birthText = earlier.birthDate
            }
            let person = Person(citizenID: citizenID, name: name, birthDate: birthText, sex: female ? "Nữ" : "Nam", ward: ward().code)
            people.append(person)
            lines.append("\(person.citizenID),\(person.name),\(person.birthDate),\(person.sex),\(person.ward)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    mutating func households() -> String {
        if people.isEmpty { _ = population() }
        var lines = ["ma_ho,cccd_chu_ho,so_thanh_vien,ma_phuong"]
        for (index, head) in people.enumerated() where index % 3 == 0 {
            lines.append("HGD-\(String(format: "%06d", index / 3 + 1)),\(head.citizenID),\(random.int(1...7)),\(head.ward)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A 10-digit tax code with its check digit (Circular 105/2020); some check digits are wrong on purpose.
    mutating func taxCode(valid: Bool) -> String {
        while true {
            var digits = [0, 1] + (0..<7).map { _ in random.int(0...9) }
            let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
            let check = 10 - zip(digits, weights).map { $0 * $1 }.reduce(0, +) % 11
            guard check < 10 else { continue }
            digits.append(valid ? check : (check + 1) % 10)
            return digits.map(String.init).joined()
        }
    }

    mutating func businesses(count: Int = 400) -> String {
        let kinds = [
            ("Quán phở", "Ăn uống"), ("Quán bún chả", "Ăn uống"), ("Quán cà phê", "Ăn uống"), ("Cửa hàng tạp hóa", "Bán lẻ"),
            ("Cửa hàng điện thoại", "Bán lẻ"), ("Tiệm may", "May mặc"), ("Tiệm cắt tóc", "Dịch vụ"), ("Tiệm sửa xe", "Sửa chữa"),
            ("Cửa hàng văn phòng phẩm", "Bán lẻ"), ("Tiệm bánh", "Ăn uống"),
        ]
        var lines = ["so_dang_ky,ten_ho_kinh_doanh,mst,nganh_nghe,ngay_cap,ma_phuong"]
        for index in 1...count {
            let (kind, trade) = random.pick(kinds)
            let owner = random.pick(Self.femaleGiven + Self.maleGiven)
            let taxCode = random.chance(4) ? "" : taxCode(valid: !random.chance(2))
            if !taxCode.isEmpty { taxCodes.append(taxCode) }
            let wardCode = random.chance(3) ? random.pick(Self.legacyWards) : ward().code
            lines.append(
                "01A8-\(String(format: "%05d", index)),\(kind) \(owner),\(taxCode),\(trade),\(day(-random.int(30...2_000))),\(wardCode)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    mutating func facilities() -> String {
        var lines = ["ma_co_so,ten_co_so,loai_hinh,ma_phuong"]
        for (index, place) in wards.enumerated() {
            let shortName = place.name.replacingOccurrences(of: "Phường ", with: "").replacingOccurrences(of: "Xã ", with: "")
            lines.append("TYT-\(place.code),Trạm y tế \(place.name),Trạm y tế,\(place.code)")
            if index % 6 == 0 { lines.append("BV-\(place.code),Bệnh viện Đa khoa \(shortName),Bệnh viện,\(place.code)") }
            if index % 3 == 1 {
                lines.append(
                    "PK-\(place.code),Phòng khám \(random.pick(["Nội", "Nhi", "Răng Hàm Mặt", "Mắt", "Đa khoa"])) \(shortName),Phòng khám,\(place.code)"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    mutating func foodSafety() -> String {
        if taxCodes.isEmpty { _ = businesses() }
        var lines = ["so_giay,mst,ngay_het_han"]
        for (index, taxCode) in taxCodes.prefix(250).enumerated() {
            lines.append("ATTP-\(String(format: "%05d", index + 1)),\(taxCode),\(day(random.int(-120...1_000)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    mutating func prices() -> String {
        let goods = [
            ("Gạo tẻ thường (kg)", 16_000), ("Thịt lợn nạc (kg)", 130_000), ("Thịt bò thăn (kg)", 280_000), ("Gà ta (kg)", 120_000),
            ("Trứng gà (10 quả)", 32_000), ("Cá chép (kg)", 75_000), ("Rau muống (bó)", 8_000), ("Đường trắng (kg)", 24_000),
        ]
        let markets = ["Chợ Đồng Xuân", "Chợ Hôm", "Chợ Long Biên", "Chợ Hà Đông", "Chợ Bưởi"]
        var lines = ["mat_hang,ngay,gia_dong,cho"]
        for week in 0..<8 {
            for (item, base) in goods {
                for market in markets {
                    let price = base + base * random.int(-8...12) / 100
                    // The oldest week was typed by hand: one market without its diacritics.
                    let spelled = week == 7 && market == "Chợ Hôm" ? "Cho Hom" : market
                    lines.append("\(item),\(day(-7 * week)),\(price / 500 * 500),\(spelled)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    mutating func judicialRequests(count: Int = 300) -> String {
        if people.isEmpty { _ = population() }
        let states = ["Đã nhận", "Đang xử lý", "Đã trả"]
        var lines = ["ma_ho_so,cccd,ngay_nop,trang_thai"]
        for index in 1...count {
            var citizenID = random.pick(people).citizenID
            // A clerk's typo: a digit short.
            if index % 60 == 0 { citizenID.removeLast() }
            let submitted = -random.int(0...90)
            let state = submitted > -5 ? states[0] : submitted > -15 ? random.pick(Array(states.prefix(2))) : random.pick(states)
            lines.append("LLTP-\(String(format: "%05d", index)),\(citizenID),\(day(submitted)),\(state)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
