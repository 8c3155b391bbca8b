import Foundation
import Lienthong
import SQLKit

extension ProgrammeStore {
    /// Creates or replaces a problem of the register: its agencies, tasks and closing metric's subject must exist; a
    /// replaced problem keeps the day it closed.
    public func save(_ problem: ProgrammeProblem) async throws -> ProgrammeProblem {
        try await database.write { sql in try await Self.save(sql, problem) }
    }

    static func save(_ sql: any SQLDatabase, _ problem: ProgrammeProblem) async throws -> ProgrammeProblem {
        var problem = problem
        problem.title = problem.title.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        problem.group = problem.group.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        var invalid: [String] = []
        if !Identifiers.isValidCode(problem.code) { invalid.append("code") }
        if problem.title.isEmpty || problem.title.count > 500 { invalid.append("title") }
        if !invalid.isEmpty { throw ProgrammeError.invalidFields(invalid) }
        if let metric = problem.closingMetric, !metric.isValid { throw ProgrammeError.invalidFields(["closingMetric"]) }
        for agency in problem.agencyCodes { _ = try await DirectoryStore.agencyID(sql, code: agency) }
        for task in problem.taskCodes where try await sql.raw("SELECT code FROM programme_tasks WHERE code = \(bind: task)").first() == nil {
            throw ProgrammeError.unknownTask(task)
        }
        if let metric = problem.closingMetric { try await Self.checkSubject(sql, metric) }
        // Closing is `close(_:measured:on:)`'s alone: a re-save keeps the day it closed, a new problem starts open.
        problem.closedOn = try await sql.raw("SELECT closed_on FROM problems WHERE code = \(bind: problem.code)").first()
            .flatMap { try CaseStore.civil($0, "closed_on") }
        try await sql.raw("DELETE FROM problems WHERE code = \(bind: problem.code)").run()
        try await sql.raw(
            """
            INSERT INTO problems (code, kind, group_name, title, agencies_json, links_json, tasks_json, metric_json, closed_on)
            VALUES (\(bind: problem.code), \(bind: problem.kind.rawValue), \(bind: problem.group), \(bind: problem.title),
                \(bind: SharingStore.encoded(problem.agencyCodes) ?? "[]"), \(bind: SharingStore.encoded(problem.linkedCodes) ?? "[]"),
                \(bind: SharingStore.encoded(problem.taskCodes) ?? "[]"), \(bind: SharingStore.encoded(problem.closingMetric)),
                \(bind: problem.closedOn?.description))
            """
        ).run()
        return problem
    }

    /// The register, by kind and code.
    public func problems() async throws -> [ProgrammeProblem] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM problems ORDER BY kind, code").all().map { row in
                ProgrammeProblem(
                    code: try row.decode(column: "code", as: String.self),
                    kind: ProgrammeProblem.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .shortcoming,
                    group: try row.decode(column: "group_name", as: String.self), title: try row.decode(column: "title", as: String.self),
                    agencyCodes: try row.json("agencies_json", as: [String].self) ?? [],
                    linkedCodes: try row.json("links_json", as: [String].self) ?? [],
                    taskCodes: try row.json("tasks_json", as: [String].self) ?? [],
                    closingMetric: try row.json("metric_json", as: MetricBinding.self),
                    closedOn: try CaseStore.civil(row, "closed_on"))
            }
        }
    }

    /// Closes a problem on `day`; `measured` is its closing metric's value now, which must reach the target (a
    /// problem without a closing metric cannot be closed: its tasks being ticked is not enough).
    public func close(_ code: String, measured: Double?, on day: CivilDate) async throws -> ProgrammeProblem {
        guard var problem = try await problems().first(where: { $0.code == code }) else { throw ProgrammeError.unknownProblem(code) }
        guard problem.closedOn == nil else { throw ProgrammeError.problemClosed }
        guard let metric = problem.closingMetric, let measured else { throw ProgrammeError.invalid("closingMetric", Messages.closingMetricMissing) }
        guard metric.holds(measured) else {
            throw ProgrammeError.invalid(
                "closingMetric", Messages.closingMetricShort.format(String(format: "%g", measured), String(format: "%g", metric.target)))
        }
        problem.closedOn = day
        try await database.write { sql in
            try await sql.raw("UPDATE problems SET closed_on = \(bind: day.description) WHERE code = \(bind: code)").run()
        }
        return problem
    }
}
