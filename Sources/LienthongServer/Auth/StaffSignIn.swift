import Foundation
import Lienthong
import LienthongStore

/// How a staff sign-in attempt ended.
enum StaffSignIn {
    /// Too many wrong passwords from this address: wait this many seconds.
    case throttled(retryAfter: Int)
    /// The username or password is wrong (one answer for both).
    case refused
    /// A new session for the user.
    case signedIn(StaffUser, token: SecretToken, expiresAt: Date)
}

extension AppServices {
    /// Signs a staff member in, for the API and the sign-in page alike: the rate limit per address, one answer
    /// for a wrong username or password, the audit entry either way, and a new database session.
    func signIn(username: String, password: String, context: AppRequestContext, throttle: LoginThrottle) async throws -> StaffSignIn {
        // Counted by network (an IPv6 /64 as one), so that stepping through one's addresses does not reset the count.
        let address = CallerNetwork.text(context.clientAddress) ?? "unknown"
        if let wait = throttle.retryAfter(address: address) { return .throttled(retryAfter: wait) }
        guard let user = try await directory.authenticate(username: username, password: password) else {
            throttle.recordFailure(address: address)
            try await recordFailedSignIn(context, typed: username)
            return .refused
        }
        throttle.recordSuccess(address: address)
        try await audit.record(
            context, "session.signIn", resource: "user:\(user.username)", actor: AuditActor(kind: .user, id: user.username),
            agencyCode: user.agencyCode)
        let session = try await directory.createSession(for: user, lifetime: configuration.sessionLifetime)
        return .signedIn(user, token: session.token, expiresAt: session.expiresAt)
    }
}
