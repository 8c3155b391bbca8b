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
        guard !trusted.isEmpty else { return false }
        let bytes = AddressRange.address(address)?.bytes
        return trusted.contains { $0.contains(address, bytes: bytes) }
    }
}

/// One address or a CIDR block, IPv4 (`10.0.0.0/8`) or IPv6 (`fd00::/8`), compared as bytes: an IPv6 address
/// matches however it is written (`2001:db8::1` is `2001:0DB8:0:0::1`), and an IPv4 address or block also matches
/// the address written as IPv4-mapped IPv6 (`::ffff:10.0.0.5`, as a node listening on IPv6 sees an IPv4 proxy). An
/// entry that is no address matches its own text only.
struct AddressRange: Sendable {
    /// The block's first address as IPv6's sixteen bytes (IPv4 as IPv4-mapped); nil for an entry that is no address.
    private let bytes: [UInt8]?
    /// How many leading bits of an address must equal the block's (128 for one address).
    private let prefixBits: Int
    private let text: String

    init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        self.text = text
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let base = Self.address(String(parts[0])), let bits = Int(parts[1]),
            (0...(base.isIPv4 ? 32 : 128)).contains(bits)
        {
            bytes = base.bytes
            prefixBits = base.isIPv4 ? 96 + bits : bits
        } else if let single = Self.address(text) {
            bytes = single.bytes
            prefixBits = 128
        } else {
            bytes = nil
            prefixBits = 0
        }
    }

    /// Whether the block holds `address`, given with its bytes as `address(_:)` reads them (read once for all
    /// the entries a resolver checks).
    func contains(_ address: String, bytes other: [UInt8]?) -> Bool {
        guard let bytes else { return address == text }
        guard let other else { return false }
        let whole = prefixBits / 8
        guard bytes[..<whole] == other[..<whole] else { return false }
        let rest = prefixBits % 8
        guard rest > 0 else { return true }
        let mask = UInt8(0xFF) << (8 - rest)
        return bytes[whole] & mask == other[whole] & mask
    }

    /// An address as IPv6's sixteen bytes (IPv4 as IPv4-mapped), and whether it was written as IPv4; nil for text
    /// that is no address.
    static func address(_ text: String) -> (bytes: [UInt8], isIPv4: Bool)? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + withUnsafeBytes(of: &v4) { Array($0) }, true)
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return (withUnsafeBytes(of: &v6) { Array($0) }, false) }
        return nil
    }
}
