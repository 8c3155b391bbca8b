import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// How a citizen proves who they are. Citizens are identities, not staff: a provider turns a citizen ID into a
/// challenge the citizen answers; the platform then holds a session for the keyed hash of the ID only. The demo
/// provider shows the one-time code on screen; a deployment plugs VNeID or OpenID Connect in here.
protocol CitizenIdentityProvider: Sendable {
    /// Starts a sign-in for `citizenID`, asked from `source` (`CallerNetwork`): the challenge to answer and, for the
    /// demo provider only, the code to show.
    func start(citizenID: String, source: String?) async throws -> (challenge: UUID, shownCode: String?)
}

/// The demo city's provider: the code is shown on the page (there is no real citizen to text).
struct DemoCitizenProvider: CitizenIdentityProvider {
    let store: CitizenStore
    let subjects: SubjectHasher

    func start(citizenID: String, source: String?) async throws -> (challenge: UUID, shownCode: String?) {
        let started = try await store.challenge(subject: subjects.hash(citizenID), source: source, sealedID: subjects.seal.seal(citizenID))
        return (started.id, started.code)
    }
}

/// The citizen of a request, from the `lienthong_citizen` cookie.
enum CitizenSession {
    static let cookie = "lienthong_citizen"

    /// The signed-in citizen's subject hash, or nil.
    static func subject(_ request: Request, services: AppServices) async throws -> String? {
        guard let token = request.cookies[cookie]?.value, SecretToken.looksLike(token, kind: .citizenSession) else { return nil }
        return try await CitizenStore(database: services.database).subject(token: token)
    }

    /// The signed-in citizen's subject hash and citizen ID (nil when the session does not carry it), or nil.
    static func citizen(_ request: Request, services: AppServices) async throws -> (subject: String, citizenID: String?)? {
        guard let token = request.cookies[cookie]?.value, SecretToken.looksLike(token, kind: .citizenSession),
            let session = try await CitizenStore(database: services.database).session(token: token)
        else { return nil }
        let citizenID = session.sealedID.flatMap { services.configuration.keys.subjects.seal.open($0) }
        return (session.subject, citizenID.flatMap { services.configuration.keys.subjects.hash($0) == session.subject ? $0 : nil })
    }

    static func cookie(_ token: String, secure: Bool) -> Cookie {
        Cookie(name: cookie, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func clear(secure: Bool) -> Cookie {
        Cookie(name: cookie, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
