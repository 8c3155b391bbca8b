import Hummingbird
import Lienthong
import Logging
import NIOCore

/// Who is calling: a signed-in staff member or an agency system with an API key.
public enum Identity: Sendable {
    case staff(StaffUser, sessionTokenHash: String)
    case client(APIClient)

    /// The agency the caller acts for.
    public var agencyCode: String {
        switch self {
        case .staff(let user, _): user.agencyCode
        case .client(let client): client.agencyCode
        }
    }

    /// The staff role, or nil for a system.
    public var role: Role? {
        if case .staff(let user, _) = self { return user.role }
        return nil
    }
}

/// The per-request context: the request id, the caller's address and, once authenticated, the identity.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's address on the socket (the proxy's, behind one).
    public let peerAddress: String?
    /// The caller's address, from `X-Forwarded-For` when the peer is a trusted proxy.
    public var clientAddress: String?
    /// `X-Request-Id`, taken from the request when well-formed, else generated.
    public var requestID: String = ""
    public var identity: Identity?
    /// The language of messages: English when `Accept-Language` prefers it, else Vietnamese.
    public var language: Language = .vi

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress?.ipAddress
        self.clientAddress = peerAddress
    }

    /// Bodies are read with explicit limits by each handler (`Request.decodeJSON`); this is the framework's cap.
    public var maxUploadSize: Int { 1 << 20 }
}
