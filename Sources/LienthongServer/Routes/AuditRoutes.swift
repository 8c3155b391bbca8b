import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// The audit log over HTTP: the latest signed tree head and Merkle proofs for anyone (so outsiders can
/// verify without trusting the platform), and search for the staff who oversee it.
struct AuditRoutes {
    let services: AppServices

    struct InclusionProofView: Encodable, Sendable {
        let sequence: Int64
        let treeSize: Int64
        let leafHash: String
        let rootHash: String
        let auditPath: [String]
    }

    struct ConsistencyProofView: Encodable, Sendable {
        let fromSize: Int64
        let toSize: Int64
        let fromRootHash: String
        let toRootHash: String
        let proof: [String]
    }

    static let noTreeHead = Problem(.notFound, type: "no-tree-head", title: Messages.noTreeHead)

    func register(on routes: RouteRegistrar) {
        let store = services.audit.log.store
        routes.add(.get, "/api/v1/audit/tree-head") { _, _ in
            guard let head = try await store.latestTreeHead() else { throw Self.noTreeHead }
            return try JSONCoding.response(head)
        }
        routes.add(.get, "/api/v1/audit/proofs/inclusion") { request, _ in
            let query = request.uri.queryParameters
            let sequence = try Self.number(query.get("sequence"), field: "sequence")
            let treeSize = try await Self.treeSize(query.get("treeSize"), store: store)
            guard sequence < treeSize else { throw Problem.invalidField("sequence") }
            let proof = try await store.inclusionProof(sequence: sequence, treeSize: treeSize)
            return try JSONCoding.response(
                InclusionProofView(
                    sequence: sequence, treeSize: treeSize, leafHash: Hex.encode(proof.leafHash), rootHash: Hex.encode(proof.root),
                    auditPath: proof.path.map { Hex.encode($0) }))
        }
        routes.add(.get, "/api/v1/audit/proofs/consistency") { request, _ in
            let query = request.uri.queryParameters
            let from = try Self.number(query.get("from"), field: "from")
            let to = try await Self.treeSize(query.get("to"), store: store)
            guard from <= to else { throw Problem.invalidField("from") }
            let proof = try await store.consistencyProof(from: from, to: to)
            return try JSONCoding.response(
                ConsistencyProofView(
                    fromSize: from, toSize: to, fromRootHash: Hex.encode(proof.oldRoot), toRootHash: Hex.encode(proof.newRoot),
                    proof: proof.proof.map { Hex.encode($0) }))
        }
        routes.add(.get, "/api/v1/audit/entries") { request, _ in
            var query = try AuditSearchParameters.query(request.uri.queryParameters, subjects: services.configuration.keys.subjects)
            let limit = query.limit
            query.limit = limit + 1
            let found = try await store.search(query)
            let page = Array(found.prefix(limit))
            let next = found.count > limit ? page.last.map { String($0.entry.sequence) } : nil
            return try JSONCoding.response(ListPage(items: page.map(AuditRecord.init), nextCursor: next))
        }
        routes.add(.get, "/api/v1/audit/entries/{sequence}") { _, context in
            let text = try context.parameters.require("sequence")
            guard let sequence = Int64(text), let stored = try await store.entry(sequence) else { throw Problem.notFound }
            return try JSONCoding.response(AuditRecord(stored))
        }
    }

    /// A tree size from the query, or the latest signed one; never beyond what is committed.
    private static func treeSize(_ text: String?, store: AuditStore) async throws -> Int64 {
        if let text {
            let size = try number(text, field: "treeSize")
            guard size > 0, size <= (try await store.nextSequence()) else { throw Problem.invalidField("treeSize") }
            return size
        }
        guard let head = try await store.latestTreeHead() else { throw noTreeHead }
        return head.treeSize
    }

    private static func number(_ text: String?, field: String) throws -> Int64 {
        guard let text, let value = Int64(text), value >= 0 else { throw Problem.invalidField(field) }
        return value
    }
}

/// Reads `/api/v1/audit/entries` (and the audit page's) search parameters into an `AuditQuery`.
enum AuditSearchParameters {
    static func query(_ parameters: Parameters, subjects: SubjectHasher) throws -> AuditQuery {
        func text(_ name: String) -> String? {
            let value = parameters.formText(name).trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        func time(_ name: String) throws -> Date? {
            guard let value = text(name) else { return nil }
            if let day = CivilDate(iso: value) { return Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400)) }
            guard let date = try? Date(value, strategy: .iso8601) else { throw Problem.invalidField(name) }
            return date
        }
        var query = AuditQuery()
        query.agencyCode = text("agency")
        query.actorID = text("actor") ?? text("client")
        query.datasetCode = text("dataset")
        // A citizen ID is hashed here and never stored or logged as typed.
        query.subject = text("subject").map(subjects.hash)
        query.action = text("action")
        if let outcome = text("outcome") {
            guard let value = AuditOutcome(rawValue: outcome) else { throw Problem.invalidField("outcome") }
            query.outcome = value
        }
        query.from = try time("from")
        query.to = try time("to")
        if let cursor = text("cursor") {
            guard let value = Int64(cursor) else { throw Problem.invalidField("cursor") }
            query.before = value
        }
        if let limit = text("limit") {
            guard let value = Int(limit), (1...10_000).contains(value) else { throw Problem.invalidField("limit") }
            query.limit = value
        }
        return query
    }
}
