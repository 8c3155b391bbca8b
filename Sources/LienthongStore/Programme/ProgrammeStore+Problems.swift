import Foundation
import Lienthong
import SQLKit

extension ProgrammeStore {
    /// Creates or replaces a problem of the register.
    public func save(_ problem: ProgrammeProblem) async throws -> ProgrammeProblem {
        var problem = problem
        problem.title = problem.title.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        problem.group = problem.group.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        var invalid: [String] = []
        if !Identifiers.isValidCode(problem.code) { invalid.append("code") }
        if problem.title.isEmpty || problem.title.count > 500 { invalid.append("title") }
        if !invalid.isEmpty { throw ProgrammeError.invalidFields(invalid) }
        try await database.write { [problem] sql in
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
        }
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
        guard let metric = problem.closingMetric, let measured, metric.holds(measured) else { throw ProgrammeError.invalidFields(["closingMetric"]) }
        problem.closedOn = day
        try await database.write { sql in
            try await sql.raw("UPDATE problems SET closed_on = \(bind: day.description) WHERE code = \(bind: code)").run()
        }
        return problem
    }
}
