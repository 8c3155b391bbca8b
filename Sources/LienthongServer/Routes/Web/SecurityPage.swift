import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore
import NIOCore

/// The security officer's view (`/security`, `GET /api/v1/security/anomalies`): the anomalies of the last seven
/// days in the audit log, each with the system behind it and a button that revokes its key at once; and the rows
/// that let someone in (grants, API clients, staff accounts) without the audit entry that made them
/// (`GET /api/v1/security/reconciliation`, `lienthong audit reconcile`).
struct SecurityPage {
    let services: AppServices

    struct Row {
        let kind: String
        let kindKey: String
        let detail: String?
        let system: String
        let agency: String
        let hour: String
        let count: Int
        let clientID: String?
        let canRevoke: Bool
        let revoked: Bool
        let auditLink: String
        let exportLink: String
    }

    struct Content {
        let rows: [Row]
        let isEmpty: Bool
        let days: Int
        let reconciliation: ReconciliationView
    }

    /// What the reconciliation checked and the rows it found without their entry.
    struct ReconciliationView {
        let checked: String
        let rows: [UnmatchedRow]
        let isClean: Bool
    }

    struct UnmatchedRow {
        let kind: String
        let kindKey: String
        let id: String
        let agency: String
        let detail: String
        let created: String
        let expected: String
    }

    /// An anomaly as the API shows it.
    struct AnomalyView: Encodable, Sendable {
        let kind: String
        let actorKind: String
        let actorId: String
        let system: String?
        let agencyCode: String?
        let hour: Date
        let count: Int
        let sequences: [Int64]
        let detail: String?
        let keyRevoked: Bool?
    }

    static let days = 7

    func register(on routes: RouteRegistrar) {
        routes.page(.get, "/security") { request, context in
            let notice: Notice? =
                request.uri.queryParameters["revoked"] != nil ? .success(Messages.webTexts(context.language)["security_revoked"]!) : nil
            return try await page(request, context, notice: notice)
        }
        routes.page(.post, "/security/clients/{id}/revoke") { request, context in
            _ = try await WebForm.read(request)
            guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw Problem.notFound }
            let revoked = try await services.directory.revokeAPIClient(id: id)
            services.credentials.forget()
            try await services.audit.record(
                context, "apiClient.revoke", resource: "apiClient:\(id.lowercasedString)", agencyCode: revoked.agencyCode)
            return WebRenderer.redirect(to: "/security?revoked=1")
        }
        routes.page(.get, "/security/export") { request, context in
            // One actor's entries of the window, with their hashes, as NDJSON: evidence an investigator can check
            // against a signed tree head (`lienthong audit verify`, the inclusion proofs).
            let actor = request.uri.queryParameters.formText("actor", maximumLength: 100)
            guard !actor.isEmpty else { throw Problem.invalidField("actor") }
            let entries = try await AuditStore(database: services.database).searchAll(
                AuditQuery(actorID: actor, from: Date().addingTimeInterval(-Double(Self.days) * 86_400)))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let lines = try entries.map { String(decoding: try encoder.encode(AuditRecord($0)), as: UTF8.self) }
            try await services.audit.record(context, "audit.export", resource: "actor:\(actor)")
            var response = Response(
                status: .ok, headers: [.contentType: "application/x-ndjson"],
                body: .init(byteBuffer: ByteBuffer(string: lines.reversed().joined(separator: "\n") + (lines.isEmpty ? "" : "\n"))))
            response.headers[.contentDisposition] = "attachment; filename=\"audit-\(AuditNames.username(actor)).ndjson\""
            return response
        }
        routes.add(.get, "/api/v1/security/reconciliation") { _, _ in
            try JSONCoding.response(try await AuditStore(database: services.database).reconcile())
        }
        routes.add(.get, "/api/v1/security/anomalies") { _, _ in
            let (anomalies, clients) = try await find()
            let items = anomalies.map { anomaly in
                let client = anomaly.actor.kind == .client ? clients[anomaly.actor.id] : nil
                return AnomalyView(
                    kind: anomaly.kind.rawValue, actorKind: anomaly.actor.kind.rawValue, actorId: anomaly.actor.id, system: client?.name,
                    agencyCode: anomaly.agencyCode, hour: anomaly.hour, count: anomaly.count, sequences: anomaly.sequences,
                    detail: anomaly.detail, keyRevoked: client.map { $0.revokedAt != nil })
            }
            return try JSONCoding.response(SharingRoutes.Page(items: items, nextCursor: nil))
        }
    }

    /// The anomalies of the last week and the API clients by id.
    private func find() async throws -> ([AnomalyDetector.Anomaly], [String: APIClient]) {
        let clients = Dictionary(
            try await services.directory.apiClients().map { ($0.id.lowercasedString, $0) }, uniquingKeysWith: { first, _ in first })
        return (try await AuditStore(database: services.database).anomalies(days: Self.days), clients)
    }

    private func page(_ request: Request, _ context: AppRequestContext, notice: Notice?) async throws -> Response {
        let language = context.language
        let t = Messages.webTexts(language)
        let (anomalies, clients) = try await find()
        let names = try await services.agencyNames(language)
        let mayRevoke = context.identity?.role == .security || context.identity?.role == .admin
        let rows = anomalies.map { anomaly in
            let client = anomaly.actor.kind == .client ? clients[anomaly.actor.id] : nil
            return Row(
                kind: t["anomaly_\(anomaly.kind.rawValue)"] ?? anomaly.kind.rawValue, kindKey: anomaly.kind.rawValue, detail: anomaly.detail,
                system: client?.name ?? anomaly.actor.id, agency: anomaly.agencyCode.flatMap { names[$0] } ?? "—",
                hour: DisplayDate.formatTime(anomaly.hour, language), count: anomaly.count, clientID: client?.id.lowercasedString,
                canRevoke: mayRevoke && client?.revokedAt == nil, revoked: client?.revokedAt != nil,
                auditLink: "/audit?actor=\(anomaly.actor.id)", exportLink: "/security/export?actor=\(anomaly.actor.id)")
        }
        let reconciliation = try await AuditStore(database: services.database).reconcile()
        let unmatched = reconciliation.unmatched.map { row in
            UnmatchedRow(
                kind: t["reconcile_kind_\(row.kind.rawValue)"] ?? row.kind.rawValue, kindKey: row.kind.rawValue, id: row.id,
                agency: names[row.agencyCode] ?? row.agencyCode, detail: row.detail,
                created: row.createdAt.map { DisplayDate.formatTime($0, language) } ?? "—",
                expected: row.expected)
        }
        let checked = Messages.web["reconcile_checked"]!.format(
            String(reconciliation.grants), String(reconciliation.apiClients), String(reconciliation.users)
        ).text(language)
        return try services.web.page(
            "security", title: t["security_title"]!,
            content: Content(
                rows: rows, isEmpty: rows.isEmpty, days: Self.days,
                reconciliation: ReconciliationView(checked: checked, rows: unmatched, isClean: unmatched.isEmpty)),
            request: request, context: context, notice: notice)
    }
}
