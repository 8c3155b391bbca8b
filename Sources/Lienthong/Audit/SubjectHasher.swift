import Crypto
import Foundation

/// Turns a citizen ID into the keyed hash the audit log stores, so that the log can answer "who read my
/// data" without holding anyone's ID. The key never lives in the database (see `AuditSigningKey`).
///
/// `hash("001085012345")` is HMAC-SHA-256 of the ID's digits, lowercase hex.
public struct SubjectHasher: Sendable {
    fileprivate let key: SymmetricKey
    /// HMAC with the key already taken in, copied for each hash (setting the key up was half of a hash's cost).
    private let keyed: HMAC<SHA256>

    public init(key: SymmetricKey = SymmetricKey(size: .bits256)) {
        self.key = key
        keyed = HMAC<SHA256>(key: key)
    }

    /// Reads a key written by `encoded` (base64 of 32 bytes).
    public init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32
        else { return nil }
        self.init(key: SymmetricKey(data: data))
    }

    public var encoded: String { key.withUnsafeBytes { Data($0).base64EncodedString() } }

    /// The stored form of a person identifier: digits and letters only, uppercased, then HMAC-SHA-256.
    public func hash(_ identifier: String) -> String {
        var mac = keyed
        mac.update(data: Self.normalized(identifier))
        return Hex.encode(mac.finalize())
    }

    /// A keyed hash of something that is not a person identifier (a network address), in a domain of its own so that
    /// it never equals a person's hash.
    public func hash(bytes: [UInt8], domain: String) -> String {
        var mac = keyed
        mac.update(data: Array(domain.utf8) + [0] + bytes)
        return Hex.encode(mac.finalize())
    }

    /// Letters and digits, uppercased, as UTF-8: byte by byte for ASCII (every ID in use), by character otherwise.
    static func normalized(_ identifier: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(identifier.utf8.count)
        for byte in identifier.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): bytes.append(byte - 32)
            case 0x80...: return Array(identifier.uppercased().filter { $0.isLetter || $0.isNumber }.utf8)
            default: continue
            }
        }
        return bytes
    }
}

extension SubjectHasher {
    /// The seal for citizen IDs held in sessions, from a key derived from this one (so that no third key has to be
    /// kept and shared between nodes).
    public var seal: CitizenIDSeal {
        CitizenIDSeal(key: HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("lienthong citizen-id seal v1".utf8), outputByteCount: 32))
    }
}
