import Crypto
import Foundation

/// Turns a citizen ID into the keyed hash the audit log stores, so that the log can answer "who read my
/// data" without holding anyone's ID. The key never lives in the database (see `AuditSigningKey`).
///
/// `hash("001085012345")` is HMAC-SHA-256 of the ID's digits, lowercase hex.
public struct SubjectHasher: Sendable {
    fileprivate let key: SymmetricKey

    public init(key: SymmetricKey = SymmetricKey(size: .bits256)) {
        self.key = key
    }

    /// Reads a key written by `encoded` (base64 of 32 bytes).
    public init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32
        else { return nil }
        key = SymmetricKey(data: data)
    }

    public var encoded: String { key.withUnsafeBytes { Data($0).base64EncodedString() } }

    /// The stored form of a person identifier: digits and letters only, uppercased, then HMAC-SHA-256.
    public func hash(_ identifier: String) -> String {
        let normalized = identifier.uppercased().filter { $0.isLetter || $0.isNumber }
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(normalized.utf8), using: key))
    }
}

extension SubjectHasher {
    /// The seal for citizen IDs held in sessions, from a key derived from this one (so that no third key has to be
    /// kept and shared between nodes).
    public var seal: CitizenIDSeal {
        CitizenIDSeal(key: HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("lienthong citizen-id seal v1".utf8), outputByteCount: 32))
    }
}
