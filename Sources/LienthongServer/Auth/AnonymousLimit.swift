import Hummingbird
import Lienthong

/// The limit on requests from one address (an IPv4 address or an IPv6 /64, as `CallerNetwork.text` counts it) that
/// carry no valid API key or staff session, on this node: catalog search, CKAN, open data and its streams, the public
/// and citizen pages, and presented keys or tokens that are not valid (each of which writes an audit entry).
/// `AuthenticationMiddleware` takes a token for each such request; over the limit, 429 with `Retry-After`, as a
/// problem or, for a browser, a page.
///
/// Not counted: the probes and the static files a page loads (`exempt`; a refused key is counted on them too), a
/// request from this machine itself (its socket peer on loopback, with no trusted `X-Forwarded-For` naming another
/// caller: a local tool, or a local proxy that `LIENTHONG_TRUSTED_PROXIES` does not list), and one whose address is
/// unknown (no socket peer). Behind a listed proxy the address counted is the caller's.
struct AnonymousLimit: Sendable {
    /// Nil: no limit (`LIENTHONG_ANONYMOUS_RATE=0`).
    let limiter: RateLimiter<String>?

    /// Takes one request from the bucket of `context`'s caller, unless its path is `exempt`; throws 429 when the
    /// bucket is empty.
    func take(_ request: Request, _ context: AppRequestContext) throws {
        guard !Self.exempt(request.uri.path) else { return }
        try take(context)
    }

    /// Takes one request from the bucket of `context`'s caller whatever the path (a key or token that is refused,
    /// whose audit entry is written on every path); throws 429 when the bucket is empty.
    func take(_ context: AppRequestContext) throws {
        guard let limiter, !Self.isLocal(context), let address = context.clientAddress,
            let network = CallerNetwork.text(address), let wait = limiter.take(network)
        else { return }
        throw Problem(
            .tooManyRequests, type: "rate-limited", title: Messages.anonymousRateLimited.format(String(wait)),
            headers: [.retryAfter: String(wait)])
    }

    /// The probes (`/readyz` reads the database about once a second, `/metrics` not at all: a balancer's checks
    /// must not be refused because readers share its address) and the static files of the pages.
    static func exempt(_ path: String) -> Bool {
        path == "/healthz" || path == "/readyz" || path == "/metrics" || path.hasPrefix("/static/")
    }

    private static let loopback = ["127.0.0.0/8", "::1"].compactMap(AddressRange.init)

    /// Whether the request came from this machine: the socket's peer is loopback (however written, `::ffff:127.0.0.1`
    /// too) and no trusted proxy named another caller. A loopback address named in `X-Forwarded-For` is not this
    /// machine, and is counted.
    static func isLocal(_ context: AppRequestContext) -> Bool {
        guard let peer = context.peerAddress, context.clientAddress == peer else { return false }
        let bytes = AddressRange.address(peer)?.bytes
        return loopback.contains { $0.contains(peer, bytes: bytes) }
    }
}
