import Crypto
import Foundation
import Lienthong
import LienthongStore

/// The demo city (Hà Nội as the seed describes it, `../shared/DEMO.md`): agencies and one staff user per
/// role. Later capabilities add their parts here. Everything is synthetic and deterministic.
public enum DemoCity {
    /// The password of every demo account (printed by `serve --demo`, listed in the README).
    public static let password = "lienthong-demo"

    /// A demo staff account.
    public struct Account: Sendable {
        public let username: String
        public let displayName: String
        public let agencyCode: String
        public let role: Role
    }

    static let agencies: [Agency] = [
        agency("hanoi", "Ủy ban nhân dân Thành phố Hà Nội", "Hanoi People's Committee", .city),
        agency("skhcn", "Sở Khoa học và Công nghệ", "Department of Science and Technology", .department, "hanoi"),
        agency("syt", "Sở Y tế", "Department of Health", .department, "hanoi"),
        agency("sct", "Sở Công Thương", "Department of Industry and Trade", .department, "hanoi"),
        agency("stp", "Sở Tư pháp", "Department of Justice", .department, "hanoi"),
        agency("catp", "Công an Thành phố Hà Nội", "Hanoi City Police", .police, "hanoi"),
        agency("stc", "Sở Tài chính", "Department of Finance", .department, "hanoi"),
        agency("ubkt", "Ủy ban Kiểm tra Thành ủy Hà Nội", "Inspection Committee of the Hanoi Party Committee", .committee),
        agency("phuong-ba-dinh", "Phường Ba Đình", "Ba Dinh Ward", .ward, "hanoi", unit: "00004"),
        agency("phuong-hoan-kiem", "Phường Hoàn Kiếm", "Hoan Kiem Ward", .ward, "hanoi", unit: "00070"),
        agency("phuong-cua-nam", "Phường Cửa Nam", "Cua Nam Ward", .ward, "hanoi", unit: "00082"),
        agency("xa-soc-son", "Xã Sóc Sơn", "Soc Son Commune", .commune, "hanoi", unit: "00376"),
    ]

    /// One account per role, and a steward for each department.
    public static let accounts: [Account] = [
        Account(username: "admin", displayName: "Điều phối viên Sở KH-CN", agencyCode: "skhcn", role: .admin),
        Account(username: "steward.skhcn", displayName: "Cán bộ dữ liệu Sở KH-CN", agencyCode: "skhcn", role: .steward),
        Account(username: "steward.syt", displayName: "Cán bộ dữ liệu Sở Y tế", agencyCode: "syt", role: .steward),
        Account(username: "steward.sct", displayName: "Cán bộ dữ liệu Sở Công Thương", agencyCode: "sct", role: .steward),
        Account(username: "steward.stp", displayName: "Cán bộ dữ liệu Sở Tư pháp", agencyCode: "stp", role: .steward),
        Account(username: "steward.stc", displayName: "Cán bộ dữ liệu Sở Tài chính", agencyCode: "stc", role: .steward),
        Account(username: "steward.catp", displayName: "Cán bộ dữ liệu Công an TP", agencyCode: "catp", role: .steward),
        Account(username: "officer.stp", displayName: "Cán bộ một cửa Sở Tư pháp", agencyCode: "stp", role: .officer),
        Account(
            username: "officer.ba-dinh", displayName: "Cán bộ một cửa Phường Ba Đình", agencyCode: "phuong-ba-dinh",
            role: .officer),
        Account(username: "inspector", displayName: "Kiểm tra viên UBKT Thành ủy", agencyCode: "ubkt", role: .inspector),
        Account(username: "security", displayName: "Cán bộ an ninh mạng Công an TP", agencyCode: "catp", role: .security),
    ]

    /// Loads the demo city into an empty platform; does nothing when agencies already exist (a restart).
    /// Every agency, account and dataset it creates is recorded in the audit log as the platform's own action.
    /// Returns whether it loaded.
    @discardableResult
    public static func load(
        into directory: DirectoryStore, audit: AuditStore, calendar: WorkingDayCalendar = .vietnam(), answerDays: Int = 10,
        subjects: SubjectHasher = SubjectHasher()
    ) async throws -> Bool {
        guard try await directory.agencies().isEmpty else { return false }
        let actor = AuditActor(kind: .system, id: "demo")
        var drafts: [AuditDraft] = []
        for agency in agencies {
            try await directory.createAgency(agency)
            drafts.append(AuditDraft(actor: actor, agencyCode: "skhcn", action: "agency.create", resource: "agency:\(agency.code)"))
        }
        for account in accounts {
            try await directory.createUser(
                username: account.username, displayName: account.displayName, agencyCode: account.agencyCode,
                role: account.role, password: password)
            drafts.append(AuditDraft(actor: actor, agencyCode: "skhcn", action: "user.create", resource: "user:\(account.username)"))
        }
        drafts += try await DemoCatalog.load(into: DatasetStore(database: directory.database), at: Date())
        let publication = try await PublicationStore(database: directory.database).publish(
            note: "Lần công bố đầu tiên: các bộ dữ liệu mở và dùng chung đã sẵn sàng.", by: "admin")
        drafts.append(
            AuditDraft(
                actor: AuditActor(kind: .user, id: "admin"), agencyCode: "skhcn", action: "catalog.publish",
                resource: "catalog-publication:\(publication.number)#sha256=\(publication.sha256)"))
        drafts += try await DemoSharing.load(
            database: directory.database, directory: directory, calendar: calendar, answerDays: answerDays, subjects: subjects, now: Date())
        drafts += try await DemoServices.load(database: directory.database, directory: directory, calendar: calendar, subjects: subjects, now: Date())
        drafts += try await DemoProgramme.load(database: directory.database, calendar: calendar, now: Date())
        try await DemoProgramme.loadReporting(database: directory.database, now: Date())
        try await audit.append(drafts)
        try await DemoSharing.contestOneRead(database: directory.database, audit: audit, subjects: subjects)
        try await DemoQuality.finish(database: directory.database, calendar: calendar, now: Date())
        return true
    }

    private static func agency(
        _ code: String, _ nameVi: String, _ nameEn: String, _ kind: AgencyKind, _ parent: String? = nil,
        unit: String? = nil
    ) -> Agency {
        Agency(
            id: stableID("agency:\(code)"), code: code, nameVi: nameVi, nameEn: nameEn, kind: kind,
            parentCode: parent, unitCode: unit, createdAt: Date(timeIntervalSince1970: 1_763_078_400))
    }

    /// A UUID derived from a name, so that demo rows have the same ids on every machine.
    static func stableID(_ name: String) -> UUID {
        let digest = Array(SHA256.hash(data: Data("lienthong-demo:\(name)".utf8)))
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
