import Foundation
import Lienthong
import LienthongStore

/// Records what an operator does at the command line in the audit log, like every other action.
enum OperatorAudit {
    /// The operator: the operating-system user running the command.
    static var actor: AuditActor {
        let name = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? NSUserName()
        return AuditActor(kind: .operator_, id: name.isEmpty ? "-" : name)
    }

    static func record(_ database: Database, _ action: String, resource: String, agencyCode: String?) async throws {
        try await AuditStore(database: database).append([
            AuditDraft(actor: actor, agencyCode: agencyCode, action: action, resource: resource)
        ])
    }
}
