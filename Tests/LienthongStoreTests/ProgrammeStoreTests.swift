import Foundation
import Lienthong
import LienthongStore
import LienthongTestSupport
import Testing

@Suite("Programme storage: directives, tasks, the ledger, measured readings, the register")
struct ProgrammeStoreTests {
    @Test(
        "tasks need their directive and agency; a change and its ledger line go together; readings are kept when values change",
        arguments: TestDatabase.available)
    func programme(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let directory = DirectoryStore(database: database)
            try await directory.createAgency(Agency(code: "syt", nameVi: "Sở Y tế", nameEn: "Health", kind: .department))
            let store = ProgrammeStore(database: database)
            let day = { (text: String) in CivilDate(iso: text)! }
            _ = try await store.save(
                Directive(code: "nq-57", issuer: .central, number: "57-NQ/TW", issuedOn: day("2024-12-22"), title: " Nghị quyết 57 "))
            #expect(try await store.directives().first?.title == "Nghị quyết 57")
            let binding = MetricBinding(kind: .datasetsShared, subject: "syt", target: 1)
            let task = ProgrammeTask(
                code: "tw-01", directiveCode: "nq-57", title: "Chia sẻ dữ liệu", ownerAgencyCode: "syt", assignedOn: day("2026-01-05"),
                originalDueOn: day("2026-03-31"), progress: 80, metric: binding)
            _ = try await store.save(task, by: "admin")
            var orphan = task
            orphan.code = "tw-02"
            orphan.directiveCode = "khong-co"
            await #expect(throws: ProgrammeError.unknownDirective("khong-co")) { try await store.save(orphan, by: "admin") }
            await #expect(throws: ProgrammeError.invalidFields(["reason"])) {
                try await store.change("tw-01", .deadline, to: "2026-05-01", requestedBy: "steward.syt", approvedBy: "admin", reason: " ")
            }
            // Two changes in the same millisecond would be ordered by their random ids: the ledger's times are set apart.
            let changedAt = Date()
            let moved = try await store.change(
                "tw-01", .deadline, to: "2026-05-01", requestedBy: "steward.syt", approvedBy: "admin", reason: "Chờ API", at: changedAt)
            #expect(moved.dueOn == day("2026-05-01") && moved.originalDueOn == day("2026-03-31"))
            let retargeted = try await store.change(
                "tw-01", .target, to: "2", requestedBy: "steward.syt", approvedBy: "admin", reason: "Thêm bộ dữ liệu",
                at: changedAt.addingTimeInterval(1))
            #expect(retargeted.metric?.target == 2)
            #expect(try await store.changes(of: "tw-01").map(\.field) == [.deadline, .target])
            #expect(try await store.task("tw-01")?.dueOn == day("2026-05-01"))
            let alertTime = Date(timeIntervalSince1970: TimeInterval(day("2026-04-28").dayNumber * 86_400))
            #expect(try await store.sendDeadlineAlerts(calendar: .vietnam(), at: alertTime) == 1, "due within five working days")
            #expect(try await store.sendDeadlineAlerts(calendar: .vietnam(), at: alertTime) == 0, "once")
            #expect(try await SharingStore(database: database).notifications(agencyCode: "syt").first?.kind == "task.due-soon")
            let done = try await store.report("tw-01", progress: 100, doneOn: day("2026-04-20"), by: "steward.syt")
            #expect(done.state(on: day("2026-06-01")) == .doneOnTime && done.originalState(on: day("2026-06-01")) == .doneLate)
            await #expect(throws: ProgrammeError.doneIsDone(day("2026-04-20")), "done is done: no report reopens it") {
                try await store.report("tw-01", progress: 40, doneOn: nil, by: "steward.syt")
            }
            #expect(try await store.task("tw-01")?.progress == 100)
            await #expect(throws: ProgrammeError.doneIsDone(day("2026-04-20")), "a done task's deadline stays") {
                try await store.change("tw-01", .deadline, to: "2026-12-01", requestedBy: "x", approvedBy: "admin", reason: "x")
            }
            // Re-saving the directive keeps its tasks; re-saving a task keeps its ledgered deadline and reported progress.
            _ = try await store.save(
                Directive(code: "nq-57", issuer: .central, number: "57-NQ/TW", issuedOn: day("2024-12-22"), title: "Nghị quyết 57 (sửa)"))
            var renamed = task
            renamed.title = "Chia sẻ dữ liệu y tế"
            let kept = try await store.save(renamed, by: "admin")
            #expect(
                kept.dueOn == day("2026-05-01") && kept.doneOn == day("2026-04-20") && kept.metric?.target == 2
                    && kept.title == "Chia sẻ dữ liệu y tế")
            var child = task
            child.code = "tw-01-a"
            child.parentCode = "tw-01"
            _ = try await store.save(child, by: "admin")
            var loop = renamed
            loop.parentCode = "tw-01-a"
            await #expect(throws: ProgrammeError.invalidFields(["parent"]), "a parent chain must not loop") {
                try await store.save(loop, by: "admin")
            }
            await #expect(throws: ProgrammeError.alreadyFiled) { try await store.save(child, by: "admin", onlyNew: true) }

            let metrics = ProgrammeMetrics(database: database, calendar: .vietnam())
            #expect(try await metrics.measureAndRecord([binding])[binding.key] == 0)
            #expect(try await metrics.measureAndRecord([binding]).count == 1)
            #expect(try await metrics.readings(binding).count == 1, "an unchanged value is not recorded twice")
            let datasets = DatasetStore(database: database)
            try await datasets.create(
                Dataset(code: "co-so", ownerAgencyCode: "syt", titleVi: "Cơ sở", titleEn: "Facilities", sharingLevel: .shared),
                schema: TableSchema(fields: [SchemaField(name: "ma", type: .string)]))
            _ = try await datasets.setStatus(.published, for: "co-so")
            #expect(try await metrics.measureAndRecord([binding])[binding.key] == 1, "publishing shared data moves the measure")
            #expect(try await metrics.readings(binding).map(\.value) == [0, 1])
            // Nodes measuring the same change at once (here, concurrent callers on one database) record it once.
            let other = MetricBinding(kind: .datasetsShared, subject: "stp", target: 1)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { _ = try await metrics.measureAndRecord([binding, other]) } }
                try await group.waitForAll()
            }
            #expect(try await metrics.readings(binding).map(\.value) == [0, 1])
            #expect(try await metrics.readings(other).map(\.value) == [0])

            let problem = ProgrammeProblem(
                code: "th-01", kind: .shortcoming, group: "Nhóm 1", title: "Chưa chia sẻ",
                closingMetric: MetricBinding(kind: .datasetsOpen, subject: "syt", target: 1))
            _ = try await store.save(problem)
            let short = await #expect(throws: ProgrammeError.self) { try await store.close("th-01", measured: 0, on: day("2026-05-01")) }
            #expect(short?.fields == ["closingMetric"] && short?.message.en.contains("measures 0 against a target of 1") == true)
            #expect(try await store.close("th-01", measured: 1, on: day("2026-05-01")).closedOn == day("2026-05-01"))
            await #expect(throws: ProgrammeError.problemClosed) { try await store.close("th-01", measured: 1, on: day("2026-05-02")) }
            await #expect(throws: ProgrammeError.unknownProblem("khong-co")) { try await store.close("khong-co", measured: 1, on: day("2026-05-02")) }
        }
    }
}
