import Foundation
import Lienthong
import LienthongStore
import LienthongTestSupport
import Testing

@Suite("Sharing storage: requests, answers, escalation and grants")
struct SharingStoreTests {
    static let schema = TableSchema(
        fields: [SchemaField(name: "ma", type: .string), SchemaField(name: "ten", type: .string), SchemaField(name: "phuong", type: .string)],
        primaryKey: ["ma"])

    /// Two agencies, a private dataset of one, a purpose.
    static func setUp(_ database: Database) async throws -> SharingStore {
        let directory = DirectoryStore(database: database)
        for code in ["syt", "stc"] {
            try await directory.createAgency(Agency(code: code, nameVi: "Cơ quan \(code)", nameEn: code, kind: .department))
        }
        let datasets = DatasetStore(database: database)
        try await datasets.create(Dataset(code: "co-so", ownerAgencyCode: "syt", titleVi: "Cơ sở", titleEn: "Facilities"), schema: schema)
        try await datasets.setStatus(.published, for: "co-so")
        let store = SharingStore(database: database)
        _ = try await store.addPurpose(Purpose(code: "thong-ke", nameVi: "Thống kê", nameEn: "Statistics"))
        return store
    }

    static func request(submitted: Date, due: CivilDate) -> AccessRequest {
        AccessRequest(
            requesterAgencyCode: "stc", ownerAgencyCode: "syt", datasetCode: "co-so", fields: ["ma", "ten", "phuong"], purposeCode: "thong-ke",
            legalBasis: "Luật Thống kê", requestedUntil: CivilDate(year: 2027, month: 12, day: 31)!, submittedBy: "steward.stc",
            submittedAt: submitted, dueOn: due)
    }

    /// 09:00 in Vietnam on a day.
    static func morning(_ day: CivilDate) -> Date { Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 + 2 * 3_600)) }

    @Test("an unanswered request escalates on the first working day after its deadline, once", arguments: TestDatabase.available)
    func escalation(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = try await Self.setUp(database)
            let calendar = WorkingDayCalendar.vietnam()
            // Submitted Friday 24 April 2026: 10 working days skip the weekends, Monday 27 April (the Hùng Kings'
            // day falls on a Sunday and moves), 30 April and 1 May.
            let friday = CivilDate(year: 2026, month: 4, day: 24)!
            let due = calendar.adding(workingDays: 10, to: friday)
            #expect(due == CivilDate(year: 2026, month: 5, day: 13)!)
            let request = Self.request(submitted: Self.morning(friday), due: due)
            _ = try await store.submit(request, notice: LocalizedText(vi: "mới", en: "new"))
            #expect(request.escalationDay(calendar) == CivilDate(year: 2026, month: 5, day: 14)!)
            let notice: @Sendable (AccessRequest) -> LocalizedText = { _ in LocalizedText(vi: "quá hạn", en: "overdue") }
            for day in [due, CivilDate(year: 2026, month: 5, day: 12)!] {
                #expect(try await store.escalateOverdue(calendar: calendar, now: Self.morning(day), coordinatorAgency: "stc", notice: notice).isEmpty)
            }
            // Due on a Friday: Saturday and Sunday pass without escalation; Monday escalates.
            let fridayDue = Self.request(submitted: Self.morning(friday), due: CivilDate(year: 2026, month: 5, day: 15)!)
            _ = try await store.submit(fridayDue, notice: LocalizedText(vi: "mới", en: "new"))
            let escalatedThursday = try await store.escalateOverdue(
                calendar: calendar, now: Self.morning(CivilDate(year: 2026, month: 5, day: 14)!), coordinatorAgency: "stc", notice: notice)
            #expect(escalatedThursday.map(\.id) == [request.id])
            for day in [16, 17] {
                let weekend = try await store.escalateOverdue(
                    calendar: calendar, now: Self.morning(CivilDate(year: 2026, month: 5, day: day)!), coordinatorAgency: "stc", notice: notice)
                #expect(weekend.isEmpty, "no escalation on 16 or 17 May (a weekend)")
            }
            let monday = try await store.escalateOverdue(
                calendar: calendar, now: Self.morning(CivilDate(year: 2026, month: 5, day: 18)!), coordinatorAgency: "stc", notice: notice)
            #expect(monday.map(\.id) == [fridayDue.id])
            #expect(
                try await store.escalateOverdue(
                    calendar: calendar, now: Self.morning(CivilDate(year: 2026, month: 5, day: 19)!), coordinatorAgency: "stc", notice: notice
                ).isEmpty, "once")
            let record = try #require(try await store.request(id: request.id))
            #expect(record.request.status == .escalated && record.events.map(\.kind) == [.submitted, .escalated])
            #expect(try await store.notifications(agencyCode: "syt").contains { $0.kind == "request.escalated" })
            #expect(try await store.notifications(agencyCode: "stc").contains { $0.kind == "request.escalated" }, "the coordinator's agency")
        }
    }

    @Test("two answers at once: one wins, the other finds the request answered; the grant comes with the answer", arguments: TestDatabase.available)
    func concurrentAnswers(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = try await Self.setUp(database)
            let now = Date()
            let request = Self.request(submitted: now, due: CivilDate(vietnam: now).adding(days: 14))
            _ = try await store.submit(request, notice: LocalizedText(vi: "mới", en: "new"))
            let grant = try request.checked(AccessAnswer(decision: .grant, by: "a", at: now), schema: Self.schema)
            let refuse = try request.checked(AccessAnswer(decision: .refuse, reason: "r", legalBasis: "l", by: "b", at: now), schema: Self.schema)
            let results = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
                for answer in [grant, refuse] {
                    group.addTask { (try? await store.answer(request.id, with: answer, notice: LocalizedText(vi: "x", en: "x"))) != nil }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            let record = try #require(try await store.request(id: request.id))
            let grants = try await store.grants(.init(datasetCode: "co-so"))
            #expect((record.request.status == .granted) == (grants.count == 1), "a grant exists exactly when the grant won")
            if let made = grants.first {
                #expect(made.fields == ["ma", "ten", "phuong"] && made.isActive(at: Date()))
                let live = try await store.liveGrants(consumer: "stc", dataset: "co-so")
                #expect(live.map(\.id) == [made.id])
                _ = try await store.revoke(made.id, by: "admin", reason: "thử", notices: [])
                #expect(try await store.liveGrants(consumer: "stc", dataset: "co-so").isEmpty)
                await #expect(throws: SharingError.alreadyRevoked) { try await store.revoke(made.id, by: "admin", reason: "lại", notices: []) }
            }
        }
    }

    @Test("reads served count each successful gateway read once, as the log grows and from two stores at once", arguments: TestDatabase.available)
    func readsServed(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = try await Self.setUp(database)
            let audit = AuditStore(database: database)
            let reader = AuditActor(kind: .client, id: "c")
            func reads(_ count: Int, dataset: String = "co-so", action: String = "gateway.read", outcome: AuditOutcome = .success) -> [AuditDraft] {
                Array(
                    repeating: AuditDraft(actor: reader, agencyCode: "stc", action: action, datasetCode: dataset, outcome: outcome),
                    count: count)
            }
            #expect(try await store.gatewayReads().isEmpty)
            _ = try await audit.append(reads(3) + reads(2, outcome: .denied) + reads(4, action: "records.read") + reads(1, action: "service.call"))
            #expect(try await store.gatewayReads() == ["co-so": 4])
            #expect(try await store.gatewayReads() == ["co-so": 4], "asking again counts nothing twice")
            _ = try await audit.append(reads(5) + reads(2, dataset: "khac"))
            // Two stores on one database ask at once: both see every read once.
            async let first = SharingStore(database: database).gatewayReads()
            async let second = store.gatewayReads()
            let (one, two) = try await (first, second)
            #expect(one == ["co-so": 9, "khac": 2] && two == ["co-so": 9, "khac": 2])
        }
    }

    @Test("a partial grant narrows something; a refusal needs a reason and a legal basis")
    func answerRules() throws {
        let request = Self.request(submitted: Date(), due: CivilDate(vietnam: Date()).adding(days: 14))
        #expect(throws: SharingError.refusalNeedsReason(["reason", "legalBasis"])) {
            try request.checked(AccessAnswer(decision: .refuse, reason: " ", by: "a", at: Date()), schema: Self.schema)
        }
        #expect(throws: SharingError.invalidFields(["decision"])) {
            try request.checked(AccessAnswer(decision: .partial, by: "a", at: Date()), schema: Self.schema)
        }
        #expect(throws: SharingError.fieldsNotInSchema(["khac"])) {
            try request.checked(AccessAnswer(decision: .partial, fields: ["ma", "khac"], by: "a", at: Date()), schema: Self.schema)
        }
        let partial = try request.checked(
            AccessAnswer(decision: .partial, rowFilter: RowFilter(field: "phuong", values: ["00004"]), by: "a", at: Date()), schema: Self.schema)
        #expect(partial.fields == ["ma", "ten", "phuong"] && partial.validUntil == request.requestedUntil)
        #expect(RowFilter(text: "phuong = 00004, 00070") == RowFilter(field: "phuong", values: ["00004", "00070"]))
    }
}
