import Foundation
import Lienthong
import LienthongStore

/// Every entry of the audit log about one citizen, found by the keyed hash of their ID, newest first, with the
/// names a person understands: the agency, the system, the dataset or service, the purpose.
struct CitizenReads {
    let services: AppServices

    /// One read (or other action) about the citizen.
    struct Read: Encodable, Sendable {
        let sequence: Int64
        let at: Date
        let action: String
        let outcome: String
        let agencyCode: String?
        let agencyName: String
        let system: String
        let dataset: String?
        let datasetTitle: String
        /// The fields read, when the gateway recorded them.
        let fields: [String]
        let purpose: String?
        let purposeName: String
    }

    func reads(subject: String, language: Language, limit: Int = 200) async throws -> [Read] {
        let entries = try await AuditStore(database: services.database).search(AuditQuery(subject: subject, limit: limit))
        let agencyNames = try await services.agencyNames(language)
        let clients = Dictionary(
            try await services.directory.apiClients().map { ($0.id.lowercasedString, $0.name) }, uniquingKeysWith: { first, _ in first })
        let notices = try await SharingStore(database: services.database).notices()
        let purposes = Dictionary(
            try await SharingStore(database: services.database).purposes().map { ($0.code, language == .en ? $0.nameEn : $0.nameVi) },
            uniquingKeysWith: { first, _ in first })
        let t = Messages.webTexts(language)
        return entries.map(\.entry).map { entry in
            let system: String =
                switch entry.actor.kind {
                case .client: clients[entry.actor.id] ?? entry.actor.id
                case .user: (t["actor_user"] ?? "") + " " + entry.actor.id
                default: t["actor_\(entry.actor.kind == .operator_ ? "operator" : entry.actor.kind.rawValue)"] ?? entry.actor.id
                }
            return Read(
                sequence: entry.sequence, at: entry.recordedAt, action: entry.action, outcome: entry.outcome.rawValue,
                agencyCode: entry.agencyCode, agencyName: entry.agencyCode.flatMap { agencyNames[$0] } ?? "—", system: system,
                dataset: entry.datasetCode,
                datasetTitle: entry.datasetCode.flatMap { notices.datasets[$0]?.text(language) } ?? entry.datasetCode ?? "—",
                fields: GatewayRoutes.fields(inResource: entry.resource), purpose: entry.purpose,
                purposeName: entry.purpose.flatMap { purposes[$0] } ?? entry.purpose ?? "—")
        }
    }
}
