import Foundation
import Lienthong
import LienthongStore

/// Appends the server's audit entries, taking who acted, for which agency and in which request from the
/// request context. Handlers call it after the action and before they answer, so no response goes out
/// before its entry is committed.
struct Auditor: Sendable {
    let log: AuditLog

    /// Records `action` on `resource` by the caller of `context`.
    func record(
        _ context: AppRequestContext, _ action: String, resource: String? = nil, outcome: AuditOutcome = .success,
        actor: AuditActor? = nil, agencyCode: String? = nil, datasetCode: String? = nil, purpose: String? = nil, subjects: [String] = []
    ) async throws {
        try await log.append(
            AuditDraft(
                actor: actor ?? Self.actor(context.identity), agencyCode: agencyCode ?? context.identity?.agencyCode,
                action: action, resource: resource, datasetCode: datasetCode, purpose: purpose, subjects: subjects, outcome: outcome,
                requestID: context.requestID))
    }

    /// The audit actor of an identity: a staff member by username, a system by its client id.
    static func actor(_ identity: Identity?) -> AuditActor {
        switch identity {
        case .staff(let user, _): AuditActor(kind: .user, id: user.username)
        case .client(let client): AuditActor(kind: .client, id: client.id.lowercasedString)
        case nil: AuditActor(kind: .anonymous, id: "-")
        }
    }
}

extension AppServices {
    /// Records a refused sign-in, naming the account only when it exists: a password typed into the
    /// username field must never reach the log.
    func recordFailedSignIn(_ context: AppRequestContext, typed: String) async throws {
        let name = AuditNames.username(typed)
        let known = try await directory.user(username: name) != nil
        try await audit.record(context, "session.signIn", resource: known ? "user:\(name)" : "user:?", outcome: .denied)
    }
}
