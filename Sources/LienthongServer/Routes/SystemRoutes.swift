import Foundation
import Hummingbird
import Lienthong
import LienthongStore
import Logging
import NIOCore

/// Health, readiness, metrics and the OpenAPI document.
struct SystemRoutes {
    let services: AppServices
    /// The migrations `/readyz` found pending, kept for a second: the probe is not limited (`AnonymousLimit`), so
    /// however often it is called it reads the database about once a second while the database answers (an error is
    /// not kept; calls at the same moment still share one read).
    private let pendingMigrations = TimedCache<[Int]>(lifetime: .seconds(1), capacity: 1)

    func register(on routes: RouteRegistrar) {
        routes.add(.get, "/healthz") { _, _ in
            try JSONCoding.response(["status": "ok"])
        }
        routes.add(.get, "/readyz") { _, context in try await readiness(context) }
        routes.add(.get, "/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: renderMetrics())))
        }
        routes.add(.get, "/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: try OpenAPIDocument.data(publicBaseURL: services.configuration.publicBaseURL))))
        }
    }

    /// The answer of `/readyz`.
    struct Readiness: Encodable {
        let status: String
        let database: String
        let schemaVersion: Int
    }

    /// Ready when the database answers and its schema is current.
    private func readiness(_ context: AppRequestContext) async throws -> Response {
        do {
            let pending = try await pendingMigrations.value(for: "pending") { [database = services.database] in
                try await Migrator(database: database).pending()
            }
            guard pending.isEmpty else {
                throw Problem(
                    .serviceUnavailable, type: "not-ready", title: Messages.databaseUnavailable,
                    detail: LocalizedText(vi: "Còn migration chưa chạy: \(pending)", en: "Pending migrations: \(pending)"))
            }
            return try JSONCoding.response(
                Readiness(status: "ready", database: services.database.dialect.rawValue, schemaVersion: Migration.all.map(\.version).max() ?? 0))
        } catch let problem as Problem {
            throw problem
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error.type": "\(type(of: error))"])
            throw Problem(.serviceUnavailable, type: "not-ready", title: Messages.databaseUnavailable)
        }
    }

    private func renderMetrics() -> String {
        let activity = services.database.currentActivity
        let database = services.database.dialect.rawValue
        return services.metrics.render()
            + """
            # HELP lienthong_db_pool_size Connections the database pool may hold.
            # TYPE lienthong_db_pool_size gauge
            lienthong_db_pool_size{database="\(database)"} \(services.database.poolSize)
            # HELP lienthong_db_operations_in_use Database operations running now.
            # TYPE lienthong_db_operations_in_use gauge
            lienthong_db_operations_in_use{database="\(database)"} \(activity.inUse)
            # HELP lienthong_db_operations_total Database operations, by kind.
            # TYPE lienthong_db_operations_total counter
            lienthong_db_operations_total{database="\(database)",kind="read"} \(activity.reads)
            lienthong_db_operations_total{database="\(database)",kind="write"} \(activity.writes)
            # HELP lienthong_db_failures_total Database operations that failed.
            # TYPE lienthong_db_failures_total counter
            lienthong_db_failures_total{database="\(database)"} \(activity.failures)
            # HELP lienthong_build_info The running version.
            # TYPE lienthong_build_info gauge
            lienthong_build_info{version="\(LienthongVersion.current)"} 1

            """
    }
}
