import Crypto
import Foundation

/// A signed statement of the audit log's size and Merkle root at a moment: "the log had `treeSize` entries
/// and their tree hashed to `rootHash`". Anyone holding one can later ask for a consistency proof and check
/// that the log only grew since.
public struct SignedTreeHead: Sendable, Hashable, Codable {
    public var treeSize: Int64
    /// The Merkle root, lowercase hex.
    public var rootHash: String
    /// When the head was signed (whole milliseconds).
    public var timestamp: Date
    /// The signer's Ed25519 public key, base64 (raw 32 bytes).
    public var publicKey: String
    /// The Ed25519 signature over `signedBytes`, base64.
    public var signature: String

    public init(treeSize: Int64, rootHash: String, timestamp: Date, publicKey: String, signature: String) {
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.timestamp = timestamp
        self.publicKey = publicKey
        self.signature = signature
    }

    private enum CodingKeys: String, CodingKey {
        case treeSize, rootHash, timestamp, publicKey, signature
    }

    /// The timestamp travels as ISO 8601 text with milliseconds, the precision it was signed with, whatever
    /// date strategy the coder has.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        treeSize = try container.decode(Int64.self, forKey: .treeSize)
        rootHash = try container.decode(String.self, forKey: .rootHash)
        let text = try container.decode(String.self, forKey: .timestamp)
        guard let time = AuditTime.date(text) else {
            throw DecodingError.dataCorruptedError(forKey: .timestamp, in: container, debugDescription: "expected 2026-11-25T17:02:50.123Z")
        }
        timestamp = time
        publicKey = try container.decode(String.self, forKey: .publicKey)
        signature = try container.decode(String.self, forKey: .signature)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(treeSize, forKey: .treeSize)
        try container.encode(rootHash, forKey: .rootHash)
        try container.encode(AuditTime.string(timestamp), forKey: .timestamp)
        try container.encode(publicKey, forKey: .publicKey)
        try container.encode(signature, forKey: .signature)
    }

    /// What is signed: a versioned text that names the size, time and root.
    public static func signedBytes(treeSize: Int64, rootHash: String, timestamp: Date) -> Data {
        Data("lienthong-tree-head-v1\n\(treeSize)\n\(AuditTime.millis(timestamp))\n\(rootHash)\n".utf8)
    }

    /// Signs the tree of `treeSize` leaves with `root` now.
    public static func sign(treeSize: Int64, root: Data, at time: Date = Date(), key: AuditSigningKey) throws -> SignedTreeHead {
        let timestamp = AuditTime.truncated(time)
        let rootHex = Hex.encode(root)
        let signature = try key.privateKey.signature(for: signedBytes(treeSize: treeSize, rootHash: rootHex, timestamp: timestamp))
        return SignedTreeHead(
            treeSize: treeSize, rootHash: rootHex, timestamp: timestamp, publicKey: key.publicKeyBase64,
            signature: Data(signature).base64EncodedString())
    }

    /// Whether the signature is valid for the head's own public key.
    public var hasValidSignature: Bool {
        guard let keyData = Data(base64Encoded: publicKey), let signatureData = Data(base64Encoded: signature),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData)
        else { return false }
        return key.isValidSignature(
            signatureData, for: Self.signedBytes(treeSize: treeSize, rootHash: rootHash, timestamp: timestamp))
    }
}

/// The Ed25519 key that signs tree heads. It never lives in the database: a node keeps it in its data
/// directory, or several nodes share it through the environment or a mounted key file.
public struct AuditSigningKey: Sendable {
    public let privateKey: Curve25519.Signing.PrivateKey

    public init(privateKey: Curve25519.Signing.PrivateKey = .init()) {
        self.privateKey = privateKey
    }

    /// Reads a key written by `encoded` (base64 of the raw 32-byte seed).
    public init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data)
        else { return nil }
        privateKey = key
    }

    public var encoded: String { privateKey.rawRepresentation.base64EncodedString() }

    public var publicKeyBase64: String { privateKey.publicKey.rawRepresentation.base64EncodedString() }
}

/// Lowercase hexadecimal, on bytes (the audit log encodes and decodes a few hashes per entry, so this is
/// on the hot path of appends and verification).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ data: some Sequence<UInt8>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in data {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func decode(_ text: String) -> Data? {
        var text = text
        return text.withUTF8 { decode(utf8: $0) }
    }

    /// `decode(_:)` from UTF-8 bytes (one allocation, a table per digit: it runs twice for every entry verified).
    public static func decode(utf8: UnsafeBufferPointer<UInt8>) -> Data? {
        guard utf8.count % 2 == 0 else { return nil }
        var data = Data(count: utf8.count / 2)
        let valid = data.withUnsafeMutableBytes { output -> Bool in
            var bad: UInt8 = 0
            for index in 0..<output.count {
                let high = values[Int(utf8[2 * index])]
                let low = values[Int(utf8[2 * index + 1])]
                bad |= (high | low) & 0xF0
                output[index] = high << 4 | (low & 0x0F)
            }
            return bad == 0
        }
        return valid ? data : nil
    }

    /// Whether `utf8` is the hex form (either case) of `bytes`, compared without decoding into a new buffer.
    public static func matches(_ bytes: Data, utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard utf8.count == bytes.count * 2 else { return false }
        // Over the raw bytes: `Data`'s own iterator cost 2% of a verification.
        return bytes.withUnsafeBytes { raw in
            var index = 0
            for byte in raw {
                let high = values[Int(utf8[index])]
                let low = values[Int(utf8[index + 1])]
                guard high | low < 0x10, high << 4 | low == byte else { return false }
                index += 2
            }
            return true
        }
    }

    /// Each byte's value as a hex digit, 0xFF for a byte that is not one.
    private static let values: [UInt8] = (0...255).map { value(UInt8($0)) ?? 0xFF }

    private static func value(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
