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
            exact = text
            network = 0
            mask = 0
        }
    }

    func contains(_ address: String) -> Bool {
        if let exact { return exact == address || Self.unmapped(exact) == Self.unmapped(address) }
        guard let value = Self.ipv4(address) else { return false }
        return value & mask == network
    }

    /// An IPv4 address as a node listening on IPv6 sees it (`::ffff:10.0.0.5`), written as IPv4 (`10.0.0.5`).
    static func unmapped(_ address: String) -> String {
        address.lowercased().hasPrefix("::ffff:") && ipv4(String(address.dropFirst(7)), mapped: false) != nil
            ? String(address.dropFirst(7)) : address
    }

    /// The IPv4 address in `text`, also when written as IPv4-mapped IPv6 (`mapped`).
    static func ipv4(_ text: String, mapped: Bool = true) -> UInt32? {
        if mapped, text.lowercased().hasPrefix("::ffff:") { return ipv4(String(text.dropFirst(7)), mapped: false) }
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        guard octets.count == 4 else { return nil }
        return octets.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
