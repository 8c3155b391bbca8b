import Foundation
import Lienthong

/// The part of a caller's address that per-address limits count: an IPv4 address, or the /64 network of an IPv6
/// address (one subscriber's usual share, so that stepping through its addresses does not start a new count). Staff
/// sign-in failures (`LoginThrottle`) and citizen sign-ins (`CitizenStore.maximumChallengesPerSource`, stored as a
/// keyed hash, so that the table of challenges holds no address) are counted by it.
enum CallerNetwork {
    /// The counted part of `address` as text, for limits kept in memory (nil when there is no address).
    static func text(_ address: String?) -> String? {
        counted(address).map(Hex.encode)
    }

    /// The counted part of `address` as a keyed hash, for limits kept in the database (nil when there is no address).
    static func key(_ address: String?, hasher: SubjectHasher) -> String? {
        counted(address).map { hasher.hash(bytes: $0, domain: "citizen sign-in source") }
    }

    /// The bytes counted for `address`. An address given with its port or in brackets (as some proxies forward it)
    /// counts as the address; text that is no address at all counts as itself, so that it cannot escape a limit.
    static func counted(_ address: String?) -> [UInt8]? {
        guard let address = address?.trimmingWhitespace(), !address.isEmpty else { return nil }
        return network(of: address) ?? network(of: withoutPort(address)) ?? Array(address.utf8)
    }

    /// `[2001:db8::1]:443` → `2001:db8::1`, `203.0.113.7:5678` → `203.0.113.7`; anything else as it is.
    static func withoutPort(_ address: String) -> String {
        if address.hasPrefix("["), let end = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<end])
        }
        if address.filter({ $0 == ":" }).count == 1, let colon = address.firstIndex(of: ":") { return String(address[..<colon]) }
        return address
    }

    /// The bytes counted for an address: all four of IPv4, the first eight of IPv6; nil for what is neither.
    static func network(of address: String) -> [UInt8]? {
        guard let bytes = AddressRange.address(address)?.bytes else { return nil }
        // IPv4, also when written as IPv6 (::ffff:a.b.c.d), is IPv4-mapped here: it counts as that IPv4 address.
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return Array(bytes[12..<16]) }
        return Array(bytes[0..<8])
    }
}
