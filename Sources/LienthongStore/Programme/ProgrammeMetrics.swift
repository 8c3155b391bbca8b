import Foundation
import Lienthong
import SQLKit

/// Measures a metric binding from the platform's own tables — datasets, quality runs, access requests, cases,
/// catalog publications — and keeps the values over time (a reading when the value changed).
public struct ProgrammeMetrics: Sendable {
    public let database: Database
    public let calendar: WorkingDayCalendar

    public init(database: Database, calendar: WorkingDayCalendar) {
        self.database = database
        self.calendar = calendar
    }

    /// The binding's value now.
    public func measure(_ binding: MetricBinding, at time: Date = Date()) async throws -> Double {
        switch binding.kind {
        case .datasetsShared, .datasetsOpen, .agenciesSharing:
            let levels = binding.kind == .datasetsOpen ? "('open')" : "('open', 'shared')"
            return try await database.read { sql in
                var query: SQLQueryString =
                    binding.kind == .agenciesSharing
                    ? "SELECT COUNT(DISTINCT d.owner_agency_id) AS n FROM datasets d" : "SELECT COUNT(*) AS n FROM datasets d"
                query += " JOIN agencies a ON a.id = d.owner_agency_id WHERE d.status = 'published' AND d.sharing_level IN \(unsafeRaw: levels)"
                if binding.kind != .agenciesSharing { query += " AND a.code = \(bind: binding.subject)" }
                return Double(try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0)
            }
        case .qualityScore:
            return try await QualityStore(database: database).latestScores()[binding.subject]?.overall ?? 0
        case .requestsAnsweredOnTime:
            let requests = try await SharingStore(database: database).requests(
                SharingStore.RequestFilter(ownerAgencyCode: binding.subject, limit: 1_000_000))
            let judged = requests.compactMap { $0.answeredOnTime(on: CivilDate(vietnam: time)) }
            return ServiceIndicators.percent(judged.filter { $0 }.count, of: judged.count) ?? 0
        case .procedureOnTime:
            let cases = try await CaseStore(database: database).cases(CaseStore.Filter(procedureCode: binding.subject, limit: 1_000_000))
            return ServiceIndicators(key: binding.subject, cases: cases, today: CivilDate(vietnam: time), calendar: calendar).onTimeRate ?? 0
        case .catalogPublishedSince:
            guard let day = CivilDate(iso: binding.subject) else { return 0 }
            let since = Timestamp.string(Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 - 7 * 3_600)))
            return try await database.read { sql in
                Double(
                    try await sql.raw("SELECT COUNT(*) AS n FROM catalog_publications WHERE published_at >= \(bind: since)").first()?
                        .decode(column: "n", as: Int.self) ?? 0)
            }
        }
    }

    /// Measures each binding once and records a reading for each value that changed since its last one; returns the
    /// values by key.
    public func measureAndRecord(_ bindings: [MetricBinding], at time: Date = Date()) async throws -> [String: Double] {
        var values: [String: Double] = [:]
        for binding in bindings where values[binding.key] == nil {
            values[binding.key] = try await measure(binding, at: time)
        }
        let measured = values
        try await database.write { sql in
            for (key, value) in measured.sorted(by: { $0.key < $1.key }) {
                // The upsert returns the key only when the value is new or changed; on PostgreSQL a second node doing
                // the same waits on the row and then sees the value already there.
                let changed = try await sql.raw(
                    """
                    INSERT INTO metric_latest (metric_key, measured) VALUES (\(bind: key), \(bind: value))
                    ON CONFLICT (metric_key) DO UPDATE SET measured = excluded.measured WHERE metric_latest.measured <> excluded.measured
                    RETURNING metric_key
                    """
                ).first()
                guard changed != nil else { continue }
                try await sql.raw(
                    """
                    INSERT INTO metric_readings (id, metric_key, measured, read_at)
                    VALUES (\(bind: UUID().lowercasedString), \(bind: key), \(bind: value), \(bind: Timestamp.string(time)))
                    """
                ).run()
            }
        }
        return values
    }

    /// A binding's readings, oldest first.
    public func readings(_ binding: MetricBinding) async throws -> [(at: Date, value: Double)] {
        try await database.read { sql in
            try await sql.raw("SELECT measured, read_at FROM metric_readings WHERE metric_key = \(bind: binding.key) ORDER BY read_at, id")
                .all()
                .map { (try $0.date("read_at"), try $0.decode(column: "measured", as: Double.self)) }
        }
    }
}
