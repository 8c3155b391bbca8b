import Foundation
import Lienthong

extension AuditStore {
    /// The anomalies of the last `days` days: `detector` over the log's entries (at most 100,000 read), and keys used
    /// from a new address (from the sightings the server records), newest hour first. The security page, its API
    /// and `lienthong security anomalies` share it.
    public func anomalies(days: Int, detector: AnomalyDetector = AnomalyDetector(), now: Date = Date()) async throws -> [AnomalyDetector.Anomaly] {
        let since = now.addingTimeInterval(-Double(days) * 86_400)
        let entries = try await searchAll(AuditQuery(from: since)).map(\.entry)
        let directory = DirectoryStore(database: database)
        let agencies = Dictionary(
            try await directory.apiClients().map { ($0.id, $0.agencyCode) }, uniquingKeysWith: { first, _ in first })
        let moved = try await directory.newAddresses(since: since).map { sighting in
            AnomalyDetector.Anomaly(
                kind: .newAddress, actor: AuditActor(kind: .client, id: sighting.clientID.lowercasedString), agencyCode: agencies[sighting.clientID],
                hour: sighting.firstSeen, count: 1, sequences: [], detail: sighting.address)
        }
        return (detector.anomalies(in: entries) + moved).sorted { $0.hour > $1.hour }
    }
}
