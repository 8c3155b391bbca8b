import Hummingbird
import Lienthong

/// Limits the requests without a key or session from one address (an IPv4 address or an IPv6 /64, as
/// `CallerNetwork.text` counts it) on this node: catalog search, CKAN, open data and its streams, the public pages.
/// Over the limit, 429 with `Retry-After`, as a problem or, for a browser, a page.
///
/// Not counted: callers with a key or a staff session (the gateway limits each API client on its own), the probes and
/// the static files a page loads (`exempt`), and callers on this machine (`127.0.0.0/8`, `::1`): a local tool, or a
/// proxy that `LIENTHONG_TRUSTED_PROXIES` does not list (the node warns of that in its log). Behind a listed proxy
/// the address counted is the caller's, from `X-Forwarded-For`.
struct AnonymousRateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Nil: no limit (`LIENTHONG_ANONYMOUS_RATE=0`).
    let limiter: RateLimiter<String>?

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let limiter, context.identity == nil, !Self.exempt(request.uri.path), let address = context.clientAddress,
            !Self.isLocal(address), let network = CallerNetwork.text(address), let wait = limiter.take(network)
        {
            throw Problem(
                .tooManyRequests, type: "rate-limited", title: Messages.anonymousRateLimited.format(String(wait)),
                headers: [.retryAfter: String(wait)])
        }
        return try await next(request, context)
    }

    /// The probes (a balancer's health checks) and the static files of the pages.
    static func exempt(_ path: String) -> Bool {
        path == "/healthz" || path == "/readyz" || path == "/metrics" || path.hasPrefix("/static/")
    }

    private static let local = ["127.0.0.0/8", "::1"].compactMap(AddressRange.init)

    /// Whether `address` is this machine's loopback, however written (`::ffff:127.0.0.1` too).
    static func isLocal(_ address: String) -> Bool {
        let bytes = AddressRange.address(address)?.bytes
        return local.contains { $0.contains(address, bytes: bytes) }
    }
}
