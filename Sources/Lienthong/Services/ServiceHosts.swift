import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which hosts an agency service may run on, so that the gateway cannot be turned against the city's own network
/// (server-side request forgery): a steward who registers `http://169.254.169.254/…` or an internal admin console
/// would otherwise have the gateway call it for any consumer.
///
/// Link-local addresses (where clouds answer with machine credentials), the unspecified address and the known
/// metadata host names are always refused. Beyond that, an operator sets `LIENTHONG_SERVICE_HOSTS` to the hosts the
/// city's services run on: exact host names or IP addresses, and domain suffixes written with a leading dot
/// (`.hanoi.gov.vn`). Without the list every other host is allowed, loopback included (the demo's services run there).
public struct ServiceHosts: Sendable, Equatable {
    /// Host names, IP addresses and `.suffix` domains, lowercase; nil when no list was set.
    public let allowed: [String]?

    public init(allowed: [String]? = nil) {
        self.allowed = allowed.map { $0.map { Self.normalized($0) }.filter { !$0.isEmpty } }
    }

    /// Reads a comma-separated list (`LIENTHONG_SERVICE_HOSTS`); nil or blank means no list.
    public init(list: String?) {
        let entries = (list ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        self.init(allowed: entries.isEmpty ? nil : entries)
    }

    /// The host a base URL names, as messages show it (the whole text when it names none).
    public static func host(of baseURL: String) -> String {
        URL(string: baseURL)?.host ?? baseURL
    }

    /// Whether the gateway may call a service at `baseURL`.
    public func permits(_ baseURL: String) -> Bool {
        guard let raw = URL(string: baseURL)?.host else { return false }
        let host = Self.normalized(raw)
        guard !host.isEmpty, !Self.alwaysRefused(host) else { return false }
        guard let allowed else { return true }
        return allowed.contains { entry in entry.hasPrefix(".") ? host.hasSuffix(entry) : host == entry }
    }

    /// Lowercase, without IPv6 brackets or a trailing dot.
    private static func normalized(_ host: String) -> String {
        var text = host.lowercased()
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Link-local addresses (169.254.0.0/16, fe80::/10, and the IPv4 ones mapped into IPv6), the unspecified
    /// addresses and cloud metadata names. Addresses are read as the resolver reads them, so `2852039166` or
    /// `0xa9fea9fe` are 169.254.169.254 too.
    private static func alwaysRefused(_ host: String) -> Bool {
        if ["metadata.google.internal", "metadata", "instance-data"].contains(host) { return true }
        if host.contains("%") { return true }  // an IPv6 zone (`fe80::1%eth0`): link-local by nature
        if let address = ipv4(host) { return refused(ipv4: address) }
        guard let bytes = ipv6(host) else { return false }
        if bytes.allSatisfy({ $0 == 0 }) || (bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80) { return true }
        if bytes[..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return refused(ipv4: bytes[12...].reduce(0) { $0 << 8 | UInt32($1) })
        }
        return bytes == [0xFD, 0x00, 0x0E, 0xC2] + Array(repeating: 0, count: 10) + [0x02, 0x54]
    }

    private static func refused(ipv4 address: UInt32) -> Bool {
        address == 0 || address >> 16 == 0xA9FE
    }

    /// An IPv4 address in any form `inet_aton` reads (dotted, decimal, octal, hexadecimal), host order.
    private static func ipv4(_ host: String) -> UInt32? {
        var address = in_addr()
        guard inet_aton(host, &address) != 0 else { return nil }
        return UInt32(bigEndian: address.s_addr)
    }

    private static func ipv6(_ host: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, host, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}
