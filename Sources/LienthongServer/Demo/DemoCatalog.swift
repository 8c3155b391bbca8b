import Foundation
import Lienthong
import LienthongStore

/// The demo city's datasets (DEMO.md): the police's population extract and households (shared), Finance's
/// household business registrations (open), and the departments that do not share yet — Health, Industry and
/// Trade, Justice — with private datasets. Loaded once, with the demo, and recorded in the audit log.
enum DemoCatalog {
    struct Entry {
        let dataset: Dataset
        let schema: TableSchema
        let publish: Bool
    }

    static func field(
        _ name: String, _ type: FieldType, _ title: String, required: Bool = false, vn: VietnameseRule? = nil,
        subject: Bool = false, maxLength: Int? = nil, values: [String]? = nil
    ) -> SchemaField {
        SchemaField(
            name: name, type: type, title: title, constraints: FieldConstraints(required: required ? true : nil, maxLength: maxLength, enum: values),
            vn: vn, subject: subject)
    }

    static let entries: [Entry] = [
        Entry(
            dataset: Dataset(
                code: "dan-cu-trich-xuat", ownerAgencyCode: "catp", titleVi: "Trích xuất dữ liệu dân cư", titleEn: "Population extract",
                descriptionVi: "Thông tin cơ bản về công dân thường trú trên địa bàn thành phố, trích từ Cơ sở dữ liệu quốc gia về dân cư.",
                descriptionEn: "Basic facts about the city's permanent residents, extracted from the national population database.",
                themes: ["Dân cư"], keywords: ["CCCD", "công dân", "thường trú"], sharingLevel: .shared, updateFrequency: .daily,
                legalBasis: "Luật Căn cước 2023; Nghị định 13/2023/NĐ-CP", contactName: "Phòng Cảnh sát QLHC về TTXH"),
            schema: TableSchema(
                fields: [
                    field("cccd", .string, "Số CCCD", required: true, vn: .citizenID, subject: true),
                    field("ho_ten", .string, "Họ và tên", required: true, maxLength: 100),
                    field("ngay_sinh", .date, "Ngày sinh", required: true),
                    field("gioi_tinh", .string, "Giới tính", values: ["Nam", "Nữ"]),
                    field("ma_phuong", .string, "Mã phường, xã", required: true, vn: .wardCode),
                ], primaryKey: ["cccd"]),
            publish: true),
        Entry(
            dataset: Dataset(
                code: "ho-gia-dinh", ownerAgencyCode: "catp", titleVi: "Hộ gia đình", titleEn: "Households",
                descriptionVi: "Hộ gia đình và chủ hộ theo nơi thường trú.", descriptionEn: "Households and their heads by permanent residence.",
                themes: ["Dân cư"], keywords: ["chủ hộ"], sharingLevel: .shared, updateFrequency: .daily, legalBasis: "Luật Cư trú 2020"),
            schema: TableSchema(
                fields: [
                    field("ma_ho", .string, "Mã hộ", required: true),
                    field("cccd_chu_ho", .string, "CCCD chủ hộ", required: true, vn: .citizenID, subject: true),
                    field("so_thanh_vien", .integer, "Số thành viên"),
                    field("ma_phuong", .string, "Mã phường, xã", required: true, vn: .wardCode),
                ], primaryKey: ["ma_ho"]),
            publish: true),
        Entry(
            dataset: Dataset(
                code: "dang-ky-ho-kinh-doanh", ownerAgencyCode: "stc", titleVi: "Đăng ký hộ kinh doanh", titleEn: "Household business registrations",
                descriptionVi: "Hộ kinh doanh đã đăng ký trên địa bàn thành phố.", descriptionEn: "Registered household businesses in the city.",
                themes: ["Kinh doanh"], keywords: ["hộ kinh doanh", "mã số thuế"], sharingLevel: .open, updateFrequency: .weekly,
                legalBasis: "Nghị định 01/2021/NĐ-CP", licence: "CC BY 4.0"),
            schema: TableSchema(
                fields: [
                    field("so_dang_ky", .string, "Số giấy chứng nhận", required: true),
                    field("ten_ho_kinh_doanh", .string, "Tên hộ kinh doanh", required: true),
                    field("mst", .string, "Mã số thuế", vn: .taxCode),
                    field("nganh_nghe", .string, "Ngành nghề"),
                    field("ngay_cap", .date, "Ngày cấp"),
                    field("ma_phuong", .string, "Mã phường, xã", vn: .wardCode),
                ], primaryKey: ["so_dang_ky"]),
            publish: true),
        Entry(
            dataset: Dataset(
                code: "co-so-y-te", ownerAgencyCode: "syt", titleVi: "Cơ sở khám bệnh, chữa bệnh", titleEn: "Health facilities",
                descriptionVi: "Bệnh viện, trạm y tế và phòng khám được cấp phép.", descriptionEn: "Licensed hospitals, health stations and clinics.",
                themes: ["Y tế"], keywords: ["bệnh viện", "trạm y tế"], sharingLevel: .private, updateFrequency: .monthly,
                legalBasis: "Luật Khám bệnh, chữa bệnh 2023"),
            schema: TableSchema(
                fields: [
                    field("ma_co_so", .string, "Mã cơ sở", required: true),
                    field("ten_co_so", .string, "Tên cơ sở", required: true),
                    field("loai_hinh", .string, "Loại hình", values: ["Bệnh viện", "Trạm y tế", "Phòng khám"]),
                    field("ma_phuong", .string, "Mã phường, xã", vn: .wardCode),
                ], primaryKey: ["ma_co_so"]),
            publish: true),
        Entry(
            dataset: Dataset(
                code: "chung-nhan-an-toan-thuc-pham", ownerAgencyCode: "syt", titleVi: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
                titleEn: "Food-safety certificates", themes: ["Y tế", "Kinh doanh"], keywords: ["an toàn thực phẩm"], sharingLevel: .private,
                updateFrequency: .weekly, legalBasis: "Luật An toàn thực phẩm 2010"),
            schema: TableSchema(
                fields: [
                    field("so_giay", .string, "Số giấy chứng nhận", required: true),
                    field("mst", .string, "Mã số thuế cơ sở", required: true, vn: .taxCode, subject: true),
                    field("ngay_het_han", .date, "Ngày hết hạn"),
                ], primaryKey: ["so_giay"]),
            publish: true),
        Entry(
            dataset: Dataset(
                code: "gia-thi-truong", ownerAgencyCode: "sct", titleVi: "Giá thị trường hàng hóa thiết yếu",
                titleEn: "Market prices of essential goods",
                themes: ["Thương mại"], keywords: ["giá cả"], sharingLevel: .private, updateFrequency: .weekly),
            schema: TableSchema(
                fields: [
                    field("mat_hang", .string, "Mặt hàng", required: true), field("ngay", .date, "Ngày", required: true),
                    field("gia_dong", .integer, "Giá (đồng)"), field("cho", .string, "Chợ"),
                ], primaryKey: ["mat_hang", "ngay", "cho"]),
            publish: true),
        Entry(
            dataset: Dataset(
                code: "yeu-cau-ly-lich-tu-phap", ownerAgencyCode: "stp", titleVi: "Yêu cầu cấp phiếu lý lịch tư pháp",
                titleEn: "Criminal-record certificate requests", themes: ["Tư pháp"], keywords: ["lý lịch tư pháp"], sharingLevel: .private,
                updateFrequency: .daily, legalBasis: "Luật Lý lịch tư pháp 2009"),
            schema: TableSchema(
                fields: [
                    field("ma_ho_so", .string, "Mã hồ sơ", required: true),
                    field("cccd", .string, "CCCD người yêu cầu", required: true, vn: .citizenID, subject: true),
                    field("ngay_nop", .date, "Ngày nộp", required: true),
                    field("trang_thai", .string, "Trạng thái", values: ["Đã nhận", "Đang xử lý", "Đã trả"]),
                ], primaryKey: ["ma_ho_so"]),
            publish: true),
    ]

    /// Loads the datasets and their rows (the agencies must exist); returns the audit drafts of what it did.
    /// The rows go through the same load as any upload, by the owner's steward, so each dataset shows a load.
    static func load(into store: DatasetStore, at time: Date) async throws -> [AuditDraft] {
        var drafts: [AuditDraft] = []
        var rows = try DemoRows(today: CivilDate(dayNumber: Int(((time.timeIntervalSince1970 + 7 * 3_600) / 86_400).rounded(.down))))
        let hosted = HostedDataStore(database: store.database)
        let system = AuditActor(kind: .system, id: "demo")
        for entry in entries {
            var dataset = entry.dataset
            dataset.id = DemoCity.stableID("dataset:\(dataset.code)")
            dataset.createdAt = time
            dataset.updatedAt = time
            try await store.create(dataset, schema: entry.schema)
            drafts.append(
                AuditDraft(
                    actor: system, agencyCode: dataset.ownerAgencyCode, action: "dataset.create", resource: "dataset:\(dataset.code)",
                    datasetCode: dataset.code))
            if entry.publish {
                dataset = try await store.setStatus(.published, for: dataset.code)
                drafts.append(
                    AuditDraft(
                        actor: system, agencyCode: dataset.ownerAgencyCode, action: "dataset.publish", resource: "dataset:\(dataset.code)",
                        datasetCode: dataset.code))
            }
            try await DemoQuality.setRules(dataset, schema: entry.schema, database: store.database)
            if let csv = rows.csv(for: dataset.code) {
                let steward = "steward.\(dataset.ownerAgencyCode)"
                let (report, _) = try await QualityRunner(database: hosted.database).load(
                    AsyncStream {
                        $0.yield(Array(csv.utf8))
                        $0.finish()
                    }, into: dataset, schema: entry.schema, options: LoadOptions(),
                    loadedBy: steward, now: time)
                guard report.outcome == "loaded" else { throw StoreError.incompatible("demo rows of \(dataset.code) refused: \(report.errors)") }
                drafts.append(
                    AuditDraft(
                        actor: AuditActor(kind: .user, id: steward), agencyCode: dataset.ownerAgencyCode, action: "dataset.load",
                        resource: "dataset:\(dataset.code)/load:\(report.id.lowercasedString)", datasetCode: dataset.code))
            }
        }
        return drafts
    }
}
