import Foundation
import Lienthong
import LienthongStore
import LienthongTestSupport
import Testing

@Suite("Quality storage: rules files, runs, scorecards and flags")
struct QualityStoreTests {
    static let schema = TableSchema(
        fields: [
            SchemaField(name: "ma", type: .string, constraints: FieldConstraints(required: true)), SchemaField(name: "ten", type: .string),
            SchemaField(name: "phuong", type: .string, vn: .wardCode),
        ],
        primaryKey: ["ma"])

    static func setUp(_ database: Database) async throws -> Dataset {
        try await DirectoryStore(database: database).createAgency(Agency(code: "syt", nameVi: "Sở Y tế", nameEn: "Health", kind: .department))
        let datasets = DatasetStore(database: database)
        try await datasets.create(
            Dataset(code: "co-so", ownerAgencyCode: "syt", titleVi: "Cơ sở", titleEn: "Facilities", updateFrequency: .monthly), schema: schema)
        return try await datasets.setStatus(.published, for: "co-so")
    }

    static func chunks(_ text: String) -> AsyncStream<[UInt8]> {
        AsyncStream {
            $0.yield(Array(text.utf8))
            $0.finish()
        }
    }

    @Test("a load is checked in its own pass and kept as a run; rules files round-trip; the league rolls up", arguments: TestDatabase.available)
    func runs(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let dataset = try await Self.setUp(database)
            let store = QualityStore(database: database)
            let rules = QualityRules(rules: [DeclaredRule(type: .coverage, field: "phuong", province: "01")])
            try await store.setRules(rules, of: dataset, schema: Self.schema, by: "steward.syt")
            #expect(try await store.rules(of: dataset) == rules)
            await #expect(throws: CatalogError.self) {
                try await store.setRules(
                    QualityRules(rules: [DeclaredRule(type: .coverage, field: "nope", province: "01")]), of: dataset, schema: Self.schema, by: "x")
            }
            let runner = QualityRunner(database: database)
            let csv = "ma,ten,phuong\nA,Trạm y tế,00004\nB,N/A,00013\nC,Bệnh viện,00008\n"
            let (report, run) = try await runner.load(
                Self.chunks(csv), into: dataset, schema: Self.schema, options: LoadOptions(), loadedBy: "steward.syt")
            #expect(report.outcome == "loaded")
            let kept = try #require(run)
            #expect(kept.trigger == .load && kept.loadID == report.id && kept.report.rows == 3)
            let legacy = try #require(kept.report.results.first { $0.rule == "vn:ward-in-force" })
            #expect((legacy.failed, legacy.samples, legacy.sampleKeys) == (1, [3], ["B"]))
            #expect(kept.report.results.first { $0.rule == "placeholder" && $0.field == "ten" }?.failed == 1)
            #expect(kept.report.results.first { $0.rule == "coverage" }?.failed == 124, "a legacy code covers no ward in force")
            #expect(kept.report.results.first { $0.rule == "load-age" }?.fixedScore == 100)
            #expect(Set(kept.scores.keys) == Set(QualityCriterion.allCases))

            // A month and a half later, nothing loaded: the scheduled run finds the dataset stale.
            let later = Date().addingTimeInterval(46 * 86_400)
            let stale = try await runner.run(dataset, trigger: .schedule, now: later)
            #expect((stale.scores[.live] ?? 100) < 60)
            let runs = try await store.runs(of: dataset)
            #expect(runs.map(\.trigger) == [.schedule, .load])
            let latest = try await store.latestScores()
            #expect(latest["co-so"]?.id == stale.id)
            #expect(latest["co-so"]?.scores == stale.scores)
            let (agencies, city) = try await store.scorecards()
            #expect(agencies.map(\.code) == ["syt"])
            #expect(city.members == 1 && city.scores == agencies[0].scores)
        }
    }

    @Test("a rules file that no longer fits a new schema version is not run, and the run says so", arguments: TestDatabase.available)
    func staleRules(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let dataset = try await Self.setUp(database)
            try await QualityStore(database: database).setRules(
                QualityRules(rules: [DeclaredRule(type: .coverage, field: "phuong", province: "01")]), of: dataset, schema: Self.schema, by: "x")
            var fields = Self.schema.fields
            fields.removeLast()
            _ = try await DatasetStore(database: database).setSchema(TableSchema(fields: fields, primaryKey: ["ma"]), for: "co-so")
            let current = try #require(try await DatasetStore(database: database).dataset("co-so"))
            let run = try await QualityRunner(database: database).run(current, trigger: .demand)
            #expect(run.report.results.first { $0.rule == "rules-file" }?.note?.contains("does not fit schema version 2") == true)
            #expect(!run.report.results.contains { $0.rule == "coverage" })
        }
    }

    @Test(
        "a flag names the record and field; a load that changes the value closes it, one that does not leaves it", arguments: TestDatabase.available)
    func flags(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let dataset = try await Self.setUp(database)
            let runner = QualityRunner(database: database)
            _ = try await runner.load(
                Self.chunks("ma,ten,phuong\nA,Trạm y tế,00004\nB,Phòng khám,00013\n"), into: dataset, schema: Self.schema, options: LoadOptions(),
                loadedBy: "steward.syt")
            let store = QualityStore(database: database)
            let ticket = try #require(try await store.flag(dataset, key: ["B"], field: "phuong", reason: "Mã cũ", by: .agency("stc")))
            #expect(ticket.kind == .flaggedValue && ticket.flaggedValue == "00013" && ticket.ownerAgencyCode == "syt")
            #expect(try await store.flag(dataset, key: ["Z"], field: "phuong", reason: "x", by: .agency("stc")) == nil)
            await #expect(throws: SharingError.self) { try await store.flag(dataset, key: ["B"], field: "nope", reason: "x", by: .agency("stc")) }
            // The same rows again: nothing changed, the flag stays open and counts.
            let (_, same) = try await runner.load(
                Self.chunks("ma,ten,phuong\nA,Trạm y tế,00004\nB,Phòng khám,00013\n"), into: dataset, schema: Self.schema, options: LoadOptions(),
                loadedBy: "steward.syt")
            #expect(same?.report.results.first { $0.rule == "flags" }?.failed == 1)
            #expect(try await TicketStore(database: database).ticket(id: ticket.id)?.status == .open)
            let (_, fixed) = try await runner.load(
                Self.chunks("ma,ten,phuong\nA,Trạm y tế,00004\nB,Phòng khám,00004\n"), into: dataset, schema: Self.schema, options: LoadOptions(),
                loadedBy: "steward.syt")
            let closed = try #require(try await TicketStore(database: database).ticket(id: ticket.id))
            #expect(closed.status == .closed && closed.resolvedAt != nil && closed.events.last?.by == "system")
            #expect(fixed?.report.results.first { $0.rule == "flags" }?.failed == 0)
            #expect(fixed?.report.results.first { $0.rule == "flag-turnaround" }?.failed == 0)
        }
    }
}
