import Foundation
import Lienthong
import LienthongStore
import LienthongTestSupport
import Testing

@Suite("Procedure and case storage: procedures, numbering, idempotency, guarded updates, consents, applications")
struct CaseStoreTests {
    static let procedure = Procedure(
        code: "cap-phieu", nameVi: "Cấp phiếu", nameEn: "Certificate", ownerAgencyCode: "stp", processingDays: 5, feeDong: 200_000,
        documents: ["Tờ khai"],
        fields: [
            FormField(name: "ho_ten", labelVi: "Họ tên", labelEn: "Name", source: PrefillSource(dataset: "dan-cu", field: "ho_ten")),
            FormField(name: "muc_dich", labelVi: "Mục đích", labelEn: "Purpose"),
        ], updatedAt: Date(timeIntervalSince1970: 1_780_000_000))

    static func setUp(_ database: Database) async throws {
        try await DirectoryStore(database: database).createAgency(Agency(code: "stp", nameVi: "Sở Tư pháp", nameEn: "Justice", kind: .department))
    }

    @Test("saving a procedure replaces it whole and makes its code a purpose; an unknown agency is refused", arguments: TestDatabase.available)
    func procedures(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            try await Self.setUp(database)
            let store = ProcedureStore(database: database)
            let saved = try await store.save(Self.procedure, by: "admin")
            #expect(try await store.procedure("cap-phieu") == saved)
            #expect(try await SharingStore(database: database).purposes().contains { $0.code == "cap-phieu" && $0.nameVi == "Cấp phiếu" })
            var changed = saved
            changed.active = false
            changed.processingDays = 7
            _ = try await store.save(changed, by: "admin")
            #expect(try await store.procedure("cap-phieu")?.processingDays == 7)
            #expect(try await store.procedures(activeOnly: true).isEmpty)
            #expect(try await store.procedures().count == 1)
            var elsewhere = Self.procedure
            elsewhere.code = "khac"
            elsewhere.ownerAgencyCode = "khong-co"
            await #expect(throws: (any Error).self) { try await store.save(elsewhere, by: "admin") }
            #expect(try await store.procedure("khac") == nil)
        }
    }

    @Test("cases are numbered by year, filed once per id or idempotency key, and moved under a guard", arguments: TestDatabase.available)
    func cases(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            try await Self.setUp(database)
            let store = CaseStore(database: database)
            let calendar = WorkingDayCalendar.vietnam()
            let time = Date(timeIntervalSince1970: TimeInterval(CivilDate(iso: "2026-03-02")!.dayNumber * 86_400 + 3_600 * 2))
            let first = ServiceCase.filed(
                Self.procedure, subject: "s1", values: [CaseValue(name: "muc_dich", value: "Xin việc")], at: time, calendar: calendar)
            let filed = try await store.file(first, idempotencyKey: "k1")
            #expect(filed.created && filed.case.number == "2026-000001")
            let again = try await store.file(first, idempotencyKey: "k1")
            #expect(!again.created && again.case.id == first.id, "the same key files one case")
            #expect(try await store.file(first).created == false, "the same application files one case")
            await #expect(throws: ProcedureError.invalidFields(["Idempotency-Key"]), "a key the citizen used for another application") {
                try await store.file(ServiceCase.filed(Self.procedure, subject: "s1", values: [], at: time, calendar: calendar), idempotencyKey: "k1")
            }
            let other = try await store.file(
                ServiceCase.filed(Self.procedure, subject: "s9", values: [], at: time, calendar: calendar), idempotencyKey: "k1")
            #expect(other.created && other.case.id != first.id, "another citizen's key is theirs alone")
            let second = try await store.file(ServiceCase.filed(Self.procedure, subject: "s2", values: [], at: time, calendar: calendar)).case
            #expect(second.number == "2026-000003")
            let burst = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await store.file(ServiceCase.filed(Self.procedure, subject: "b\(index)", values: [], at: time, calendar: calendar)).case
                            .number
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(burst.count == 8, "filings at once get distinct numbers")
            #expect(try await store.cases(CaseStore.Filter(subject: "s1")).map(\.id) == [first.id])

            let moved = try await store.update(first.id) { try $0.moved(to: .processing, by: "officer.stp", note: "", at: time, calendar: calendar) }
            #expect(try await store.case(id: first.id) == moved)
            #expect(try await store.cases(CaseStore.Filter(agencyCode: "stp", statuses: [.processing])).map(\.id) == [first.id])
            await #expect(throws: ProcedureError.transition(from: .processing, to: .processing)) {
                try await store.update(first.id) { try $0.moved(to: .processing, by: "x", note: "", at: time, calendar: calendar) }
            }
            await #expect(throws: ProcedureError.unknownCase(UUID(uuidString: "00000000-0000-0000-0000-000000000000")!.uuidString.lowercased())) {
                try await store.update(UUID(uuidString: "00000000-0000-0000-0000-000000000000")!) { $0 }
            }
            let done = try await store.update(first.id) {
                try $0.moved(to: .done, by: "officer.stp", note: "", at: time, calendar: calendar).rated(5, comment: "Tốt", at: time)
            }
            #expect(try await store.case(id: first.id)?.rating?.stars == 5)
            #expect(done.status == .done)
        }
    }

    @Test(
        "consents are kept per application and source, withdrawn by their citizen only; unfiled applications are purged",
        arguments: TestDatabase.available)
    func consents(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            try await Self.setUp(database)
            let store = CaseStore(database: database)
            let application = UUID()
            let time = Date()
            let consent = Consent(
                applicationID: application, subject: "s1", procedureCode: "cap-phieu", datasetCode: "dan-cu", sourceAgencyCode: "catp",
                fields: ["ho_ten"], accepted: true, givenAt: time, validUntil: CivilDate(vietnam: time).adding(days: 7))
            try await store.startApplication(application, subject: "s1", procedureCode: "cap-phieu", consents: [consent], at: time)
            #expect(try await store.application(application, subject: "s2") == nil, "another citizen's application is absent")
            #expect(try await store.application(application, subject: "s1")?.prefill == nil)
            try await store.savePrefill(PrefillResult(values: [CaseValue(name: "ho_ten", value: "Nguyễn Văn A", prefilled: true)]), for: application)
            #expect(try await store.application(application, subject: "s1")?.prefill?.value("ho_ten")?.value == "Nguyễn Văn A")
            var declined = consent
            declined.id = UUID()
            declined.accepted = false
            try await store.recordConsents([declined])
            #expect(try await store.consents(application: application).map(\.accepted) == [false], "a new answer replaces the old one")
            await #expect(throws: ProcedureError.unknownConsent(declined.id.uuidString.lowercased())) {
                try await store.withdrawConsent(declined.id, subject: "s2")
            }
            let withdrawn = try await store.withdrawConsent(declined.id, subject: "s1", at: time)
            #expect(withdrawn.withdrawnAt != nil)
            #expect(try await store.consents(subject: "s1").first?.withdrawnAt != nil)
            #expect(try await store.purgeApplications(olderThan: 3_600, at: time.addingTimeInterval(7_200)) == 1)
            #expect(try await store.application(application, subject: "s1") == nil)
        }
    }
}
