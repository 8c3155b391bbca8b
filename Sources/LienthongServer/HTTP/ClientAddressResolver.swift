import Foundation

/// Finds the caller's address behind trusted proxies.
///
/// `X-Forwarded-For` is believed only when the peer is a trusted proxy; then the address is the rightmost
/// entry that is not itself a trusted proxy (entries further left could have been written by the caller).
struct ClientAddressResolver: Sendable {
    let trusted: [AddressRange]

    init(trustedProxies: [String]) {
        trusted = trustedProxies.compactMap(AddressRange.init)
    }

    func resolve(peer: String?, forwardedFor: String?) -> String? {
        guard let peer, isTrusted(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() where !hop.isEmpty && !isTrusted(hop) {
            return hop
        }
        return hops.first ?? peer
    }

    func isTrusted(_ address: String) -> Bool {
        trusted.contains { $0.contains(address) }
    }
}

/// One IP address or an IPv4 CIDR block (`10.0.0.0/8`).
struct AddressRange: Sendable {
    private let exact: String?
    private let network: UInt32
    private let mask: UInt32

    init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        let parts = text.split(separator: "/")
        if parts.count == 2, let base = Self.ipv4(String(parts[0])), let bits = Int(parts[1]), (0...32).contains(bits) {
            mask = bits == 0 ? 0 : UInt32.max << (32 - bits)
            network = base & mask
            exact = nil
        } else {
            exact = Self.unmapped(text)
            network = 0
            mask = 0
        }
    }

    func contains(_ address: String) -> Bool {
        if let exact { return exact == Self.unmapped(address) }
        guard let value = Self.ipv4(address) else { return false }
        return value & mask == network
    }

    /// `::ffff:10.0.0.5` (an IPv4 address as a node listening on IPv6 sees it) as `10.0.0.5`; anything else as it is.
    static func unmapped(_ address: String) -> String {
        mappedTail(address).flatMap { octets($0) != nil ? String($0) : nil } ?? address
    }

    /// The IPv4 address in `text`, also when written as IPv4-mapped IPv6.
    static func ipv4(_ text: String) -> UInt32? {
        octets(mappedTail(text) ?? Substring(text))
    }

    /// What follows `::ffff:` (in any case) in `address`; nil when it does not begin so. Checked on bytes: it runs for
    /// every request's peer.
    private static func mappedTail(_ address: String) -> Substring? {
        let prefix = "::ffff:".utf8
        guard address.utf8.starts(with: prefix, by: { $0 == $1 || ($0 == UInt8(ascii: "F") && $1 == UInt8(ascii: "f")) }) else { return nil }
        return address.dropFirst(prefix.count)
    }

    /// `a.b.c.d` as a number; nil for anything else.
    private static func octets(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        guard octets.count == 4 else { return nil }
        return octets.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
