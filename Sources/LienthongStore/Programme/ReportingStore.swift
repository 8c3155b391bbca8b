import Foundation
import Lienthong
import SQLKit

/// Reporting duties and the reports filed for them. A unit files a period's report once: the draft made from live
/// data, its officer's narrative and signature.
public struct ReportingStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Creates or replaces a duty.
    public func save(_ duty: ReportingDuty) async throws -> ReportingDuty {
        let duty = try duty.checked()
        try await database.write { sql in
            try await sql.raw("DELETE FROM reporting_duties WHERE code = \(bind: duty.code)").run()
            try await sql.raw(
                "INSERT INTO reporting_duties (code, duty_json) VALUES (\(bind: duty.code), \(bind: SharingStore.encoded(duty) ?? "{}"))"
            ).run()
        }
        return duty
    }

    public func duties() async throws -> [ReportingDuty] {
        try await database.read { sql in
            try await sql.raw("SELECT duty_json FROM reporting_duties ORDER BY code").all().compactMap {
                try $0.json("duty_json", as: ReportingDuty.self)
            }
        }
    }

    /// Every report owed up to `today` (filed or not), for one unit or all, oldest period first.
    public func reports(unit: String? = nil, today: CivilDate) async throws -> [ReportInstance] {
        let duties = try await self.duties()
        let filed = try await database.read { sql in
            try await sql.raw("SELECT * FROM report_submissions").all().map { row in
                (
                    key: try row.decode(column: "duty_code", as: String.self) + "\u{1F}" + row.decode(column: "unit_code", as: String.self) + "\u{1F}"
                        + row.decode(column: "period_name", as: String.self),
                    at: try row.date("submitted_at"), by: try row.decode(column: "signed_by", as: String.self),
                    narrative: try row.decode(column: "narrative", as: String.self), draft: try row.decode(column: "draft", as: String.self)
                )
            }
        }
        let byKey = Dictionary(filed.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var reports: [ReportInstance] = []
        for duty in duties {
            // A period's report may be filed from its last day on.
            for period in duty.periods(until: today.adding(days: 1)) {
                for reportingUnit in duty.reportingUnits where unit == nil || unit == reportingUnit {
                    let found = byKey[duty.code + "\u{1F}" + reportingUnit + "\u{1F}" + period.name]
                    reports.append(
                        ReportInstance(
                            dutyCode: duty.code, unitCode: reportingUnit, period: period, submittedAt: found?.at, signedBy: found?.by,
                            narrative: found?.narrative ?? "", draft: found?.draft ?? ""))
                }
            }
        }
        return reports.sorted { ($0.period.end, $0.dutyCode, $0.unitCode) < ($1.period.end, $1.dutyCode, $1.unitCode) }
    }

    /// Files a unit's report for a period its duty owes: once (a second filing is a conflict).
    public func submit(
        duty code: String, unit: String, period name: String, narrative: String, draft: String, signedBy: String, at time: Date = Date()
    ) async throws -> ReportInstance {
        guard let duty = try await duties().first(where: { $0.code == code }), duty.reportingUnits.contains(unit),
            let period = duty.periods(until: CivilDate(vietnam: time).adding(days: 1)).first(where: { $0.name == name })
        else { throw ProgrammeError.unknownReport("\(code)/\(unit)/\(name)") }
        let narrative = narrative.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        guard !narrative.isEmpty, narrative.count <= 20_000 else { throw ProgrammeError.invalidFields(["narrative"]) }
        let inserted = try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO report_submissions (duty_code, unit_code, period_name, submitted_at, signed_by, narrative, draft)
                VALUES (\(bind: code), \(bind: unit), \(bind: name), \(bind: Timestamp.string(time)), \(bind: signedBy), \(bind: narrative), \(bind: draft))
                ON CONFLICT DO NOTHING RETURNING duty_code
                """
            ).all()
        }
        guard !inserted.isEmpty else { throw ProgrammeError.alreadyFiled }
        return ReportInstance(
            dutyCode: code, unitCode: unit, period: period, submittedAt: time, signedBy: signedBy, narrative: narrative, draft: draft)
    }
}
