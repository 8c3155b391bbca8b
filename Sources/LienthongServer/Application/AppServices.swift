import Foundation
import Lienthong
import LienthongStore
import Logging

/// The long-lived parts that handlers use, made once by `buildApplication` and passed by `init`.
struct AppServices: Sendable {
    let configuration: ServerConfiguration
    let database: Database
    let directory: DirectoryStore
    /// What this node looked up about presented keys and session tokens (`AuthenticationMiddleware.cache`).
    let credentials: TimedCache<Identity?>
    let lastUse: LastUseRecorder
    let metrics: HTTPMetrics
    let logger: Logger
    /// The web interface's page renderer and its static files.
    let web: WebRenderer
    let assets: StaticAssets
    /// Appends audit entries with group commit.
    let audit: Auditor
    /// Signs audit tree heads (a service of the application).
    let signer: TreeHeadSigner
    /// The live grants of a consumer agency on a dataset, as the gateway checks them (trusted for half a second).
    let grants: TimedCache<[Grant]>
    /// Gateway calls per API client.
    let rateLimiter: RateLimiter<UUID>
    /// The service indicators, computed from every case (trusted for 30 seconds; this node's case changes forget them).
    let indicators = TimedCache<ServiceIndicators.Report>(lifetime: .seconds(30), capacity: 1_000)
    /// The public results dashboard, computed from every case, request and quality run (trusted for a minute).
    let results = TimedCache<ResultsReport>(lifetime: .seconds(60), capacity: 500)
}

extension AppServices {
    /// Refuses an agency filter (`?agency=`) that names no agency in the directory, as a 422 problem: a typo must not
    /// read as "nothing of theirs".
    func requireAgency(_ code: String?) async throws {
        if let code, try await directory.agency(code: code) == nil { throw Problem.invalidField("agency", Messages.unknownAgency.format(code)) }
    }

    /// Every agency's name in `language`, by code, for pages that name agencies.
    func agencyNames(_ language: Language) async throws -> [String: String] {
        Dictionary(try await directory.agencies().map { ($0.code, language == .en ? $0.nameEn : $0.nameVi) }, uniquingKeysWith: { first, _ in first })
    }
}
