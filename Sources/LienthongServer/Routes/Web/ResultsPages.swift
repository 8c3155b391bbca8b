import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore
import NIOCore

/// The results dashboard ("kết quả là thước đo"), public: today's sharing figures and monthly series of requests
/// answered on time, cases on time, fully online and declare-once, satisfaction and data quality, as server-made SVG
/// (`/results`), as JSON (`/api/v1/results`) and as CSV (`/results.csv`).
struct ResultsPages {
    let services: AppServices

    struct Chart {
        let svg: String
    }

    struct Content {
        let stats: [ProgrammePages.Stat]
        let charts: [Chart]
        let agencies: [ProcedurePages.AgencyOption]
        let csv: String
    }

    func register(on routes: RouteRegistrar) {
        routes.page(.get, "/results") { request, context in
            let language = context.language
            let t = Messages.webTexts(language)
            let report = try await Self.report(services, request: request)
            let label = { (key: String) in t["results_\(key)"] ?? key }
            let series = Dictionary(report.series.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            func chart(_ title: String, _ keys: [String]) -> Chart {
                Chart(
                    svg: SVGChart.trend(
                        title: title, series: keys.compactMap { series[$0] }.map { SVGChart.Series(label: label($0.key), values: $0.values) },
                        first: report.months.first ?? "", last: report.months.last ?? ""))
            }
            let content = Content(
                stats: [
                    ProgrammePages.Stat(
                        value: "\(report.agenciesSharing)/\(report.agencies)", label: t["results_agencies_sharing"]!, testID: "agencies-sharing"),
                    ProgrammePages.Stat(
                        value: "\(report.datasetsOpenOrShared)/\(report.datasetsPublished)", label: t["results_datasets_shared"]!,
                        testID: "datasets-shared"),
                ],
                charts: [
                    chart(t["results_services"]!, ["cases-on-time", "fully-online", "declare-once", "satisfied"]),
                    chart(t["results_sharing"]!, ["requests-on-time", "quality"]),
                ],
                agencies: try await services.directory.agencies().map {
                    ProcedurePages.AgencyOption(code: $0.code, name: language == .en ? $0.nameEn : $0.nameVi, selected: $0.code == report.agencyCode)
                }, csv: "/results.csv" + (report.agencyCode.map { "?agency=\($0)" } ?? ""))
            return try services.web.page("results", title: t["results_title"]!, content: content, request: request, context: context)
        }
        routes.page(.get, "/results.csv") { request, _ in
            let report = try await Self.report(services, request: request)
            let name = "lienthong-results" + (report.agencyCode.map { "-\($0)" } ?? "") + ".csv"
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""],
                body: .init(byteBuffer: ByteBuffer(string: report.csv)))
        }
        routes.add(.get, "/api/v1/results") { request, _ in
            try JSONCoding.response(try await Self.report(services, request: request))
        }
    }

    /// The report from the platform's records, for the city or the agency named by `?agency=` (computed at most once a
    /// minute per node and agency: the page is public). An agency not in the directory is refused, not cached.
    static func report(_ services: AppServices, request: Request) async throws -> ResultsReport {
        let agency = request.uri.queryParameters["agency"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        try await services.requireAgency(agency)
        return try await services.results.value(for: agency ?? "") { try await compute(services, agency: agency) }
    }

    static func compute(_ services: AppServices, agency: String? = nil, at time: Date = Date()) async throws -> ResultsReport {
        let calendar = services.configuration.calendar
        let today = CivilDate(vietnam: time)
        let cases = try await CaseStore(database: services.database).cases(CaseStore.Filter(agencyCode: agency, limit: 1_000_000))
        let requests = try await SharingStore(database: services.database).requests(
            SharingStore.RequestFilter(ownerAgencyCode: agency, limit: 1_000_000)
        ).compactMap { request -> (submitted: Date, onTime: Bool)? in request.answeredOnTime(on: today).map { (request.submittedAt, $0) } }
        var board = try await SharingStore(database: services.database).scoreboard(calendar: calendar, now: time)
        if let agency { board.lines = board.lines.filter { $0.agencyCode == agency } }
        return ResultsReport(
            today: today, agencyCode: agency, cases: cases, requests: requests,
            runs: try await QualityStore(database: services.database).overallHistory(agencyCode: agency), calendar: calendar,
            agenciesSharing: board.lines.filter { $0.datasetsOpen + $0.datasetsShared > 0 }.count, agencies: board.lines.count,
            datasetsOpenOrShared: board.lines.reduce(0) { $0 + $1.datasetsOpen + $1.datasetsShared },
            datasetsPublished: board.lines.reduce(0) { $0 + $1.datasetsOpen + $1.datasetsShared + $1.datasetsPrivate })
    }
}
