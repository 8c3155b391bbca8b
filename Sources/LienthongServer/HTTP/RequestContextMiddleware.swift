import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import Logging
import Synchronization

/// Fills what every later step needs: the request id (the caller's `X-Request-Id` when it is short and
/// plain, else a new one) in the logs and on the response, the language of messages, and the caller's
/// address behind trusted proxies; and sets the security headers of every response.
struct RequestContextMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let clientAddress: ClientAddressResolver

    static let header = HTTPField.Name("X-Request-Id")!
    /// Whether this process has warned once that `X-Forwarded-For` came from a peer that is not a trusted proxy.
    private static let warnedOfUntrustedProxy = Atomic(false)

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let incoming = request.headers[Self.header]
        context.requestID = incoming.flatMap { Self.isAcceptable($0) ? $0 : nil } ?? UUID.random().lowercasedString
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        context.language = Self.language(for: request)
        let forwardedFor = request.headers[.xForwardedFor]
        context.clientAddress = clientAddress.resolve(peer: context.peerAddress, forwardedFor: forwardedFor)
        // The resolver kept the peer's own address: it did not believe the header (or every hop was trusted, which
        // `isTrusted` tells apart). Behind a trusted proxy the address differs, and no more work is done here.
        if forwardedFor != nil, let peer = context.peerAddress, context.clientAddress == peer, !clientAddress.isTrusted(peer),
            !Self.warnedOfUntrustedProxy.exchange(true, ordering: .relaxed)
        {
            context.logger.warning(
                "X-Forwarded-For came from a peer LIENTHONG_TRUSTED_PROXIES does not list: if it is a proxy, every caller behind it shares its address for the per-address limits (staff and citizen sign-in, and requests without a key unless it is on this machine, where those are not limited at all); list it",
                metadata: ["peer": .string(peer)])
        }
        var response = try await next(request, context)
        response.headers[Self.header] = context.requestID
        for (name, value) in Self.securityHeaders { response.headers[name] = value }
        return response
    }

    /// Sent on every response: no inline script or style, no framing, no MIME sniffing, no referrer to
    /// other sites.
    static let securityHeaders: [(HTTPField.Name, String)] = [
        (.xContentTypeOptions, "nosniff"),
        (
            .contentSecurityPolicy,
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        ),
        (.xFrameOptions, "DENY"),
        (.referrerPolicy, "same-origin"),
        (.permissionsPolicy, "camera=(), microphone=(), geolocation=()"),
    ]

    static func isAcceptable(_ id: String) -> Bool {
        (1...128).contains(id.count)
            && id.unicodeScalars.allSatisfy {
                "-_.:".unicodeScalars.contains($0) || ("A"..."Z").contains($0) || ("a"..."z").contains($0)
                    || ("0"..."9").contains($0)
            }
    }

    /// The interface's language cookie when set; else, for the APIs, `Accept-Language`; else Vietnamese.
    /// Pages ignore `Accept-Language`: the interface is Vietnamese-first, and many officials' browsers
    /// say English only because that is how the machine came.
    static func language(for request: Request) -> Language {
        if let chosen = request.cookies[WebCookies.language].flatMap({ Language(rawValue: $0.value) }) { return chosen }
        let path = request.uri.path
        guard path.hasPrefix("/api/") || path.hasPrefix("/gateway/") else { return .vi }
        return language(request.headers[.acceptLanguage])
    }

    /// English when the first language the caller prefers is English; Vietnamese otherwise.
    static func language(_ acceptLanguage: String?) -> Language {
        guard let first = acceptLanguage?.split(separator: ",").first else { return .vi }
        return first.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("en") ? .en : .vi
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let contentSecurityPolicy = Self("Content-Security-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let permissionsPolicy = Self("Permissions-Policy")!
}
