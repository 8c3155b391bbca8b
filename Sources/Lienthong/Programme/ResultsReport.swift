import Foundation

/// "Kết quả là thước đo": the city's results as monthly series from the platform's own records — access requests
/// answered on time, cases on time, filed fully online and declare-once, citizens satisfied, data quality — over the
/// last months, with the figures of today (agencies sharing, datasets open or shared), for the city or one agency.
/// Every value is a percentage, nil for a month with nothing to count.
public struct ResultsReport: Sendable, Hashable, Codable {
    /// One indicator month by month.
    public struct Series: Sendable, Hashable, Codable {
        public var key: String
        public var values: [Double?]
    }

    /// The agency the figures are limited to (its procedures' cases, the requests it must answer, its datasets); nil
    /// for the whole city.
    public var agencyCode: String?
    /// The months, oldest first (`2026-11`).
    public var months: [String]
    public var series: [Series]
    /// Today's figures: agencies with an open or shared dataset, and published datasets open or shared.
    public var agenciesSharing: Int
    public var agencies: Int
    public var datasetsOpenOrShared: Int
    public var datasetsPublished: Int

    /// The series' keys, in the order they are shown.
    public static let keys = ["requests-on-time", "cases-on-time", "fully-online", "declare-once", "satisfied", "quality"]

    /// Builds the report for the `count` months up to `today`'s: `requests` are (submitted, answered on time?) of
    /// requests answered or overdue, `runs` (finished, overall score) of quality runs.
    public init(
        today: CivilDate, count: Int = 12, agencyCode: String? = nil, cases: [ServiceCase], requests: [(submitted: Date, onTime: Bool)],
        runs: [(finished: Date, score: Double)],
        calendar: WorkingDayCalendar, agenciesSharing: Int, agencies: Int, datasetsOpenOrShared: Int, datasetsPublished: Int
    ) {
        var months: [String] = []
        var year = today.year
        var month = today.month
        for _ in 0..<max(1, count) {
            months.insert(String(format: "%04d-%02d", year, month), at: 0)
            month -= 1
            if month == 0 {
                month = 12
                year -= 1
            }
        }
        self.months = months
        self.agencyCode = agencyCode
        func key(_ date: Date) -> String { String(CivilDate(vietnam: date).description.prefix(7)) }
        let byMonth = Dictionary(grouping: cases, by: { key($0.receivedAt) }).mapValues {
            ServiceIndicators(key: "", cases: $0, today: today, calendar: calendar)
        }
        let requestsByMonth = Dictionary(grouping: requests, by: { key($0.submitted) })
        let runsByMonth = Dictionary(grouping: runs, by: { key($0.finished) })
        series = [
            Series(
                key: "requests-on-time",
                values: months.map { month in
                    requestsByMonth[month].flatMap { ServiceIndicators.percent($0.filter(\.onTime).count, of: $0.count) }
                }),
            Series(key: "cases-on-time", values: months.map { byMonth[$0]?.onTimeRate }),
            Series(key: "fully-online", values: months.map { byMonth[$0]?.onlineRate }),
            Series(key: "declare-once", values: months.map { byMonth[$0]?.declareOnceRate }),
            Series(key: "satisfied", values: months.map { byMonth[$0]?.satisfiedRate }),
            Series(
                key: "quality",
                values: months.map { month in
                    runsByMonth[month].map { ($0.reduce(0) { $0 + $1.score } / Double($0.count) * 10).rounded() / 10 }
                }),
        ]
        self.agenciesSharing = agenciesSharing
        self.agencies = agencies
        self.datasetsOpenOrShared = datasetsOpenOrShared
        self.datasetsPublished = datasetsPublished
    }

    /// The report as CSV: one line per month, one column per series (empty where nothing was counted).
    public var csv: String {
        var lines = [(["month"] + series.map(\.key)).joined(separator: ",")]
        for (index, month) in months.enumerated() {
            lines.append(([month] + series.map { $0.values[index].map { String(format: "%.1f", $0) } ?? "" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
