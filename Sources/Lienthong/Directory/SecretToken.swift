import Crypto
import Foundation

/// A random bearer secret (an API key or a session token) and the hash under which it is stored.
///
/// A token is `PREFIX_` followed by 43 base64url characters (256 random bits). Because the secret is random
/// and long, a single SHA-256 is a safe way to store it (unlike passwords, it cannot be guessed), and lookups
/// stay one indexed query.
public struct SecretToken: Sendable {
    /// The token as the holder presents it. Show it once; never store or log it.
    public let value: String

    /// The kind of secret, written as the token's prefix so that a leaked token can be recognised.
    public enum Kind: String, Sendable {
        case apiKey = "ltk"
        case session = "lts"
        case citizenSession = "ltc"
    }

    /// Makes a new random token.
    public static func generate(_ kind: Kind) -> SecretToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return SecretToken(value: kind.rawValue + "_" + Base64URL.encode(bytes))
    }

    public init(value: String) {
        self.value = value
    }

    /// The stored form: SHA-256 of the token, lowercase hex.
    public var hash: String { Self.hash(of: value) }

    /// The first characters of the token, safe to show in lists.
    public var displayPrefix: String { String(value.prefix(10)) }

    /// SHA-256 of a presented token, lowercase hex.
    public static func hash(of presented: String) -> String {
        Hex.encode(SHA256.hash(data: Data(presented.utf8)))
    }

    /// Whether a presented string has the shape of a token of this kind (cheap check before a lookup).
    public static func looksLike(_ presented: String, kind: Kind) -> Bool {
        presented.count == kind.rawValue.count + 1 + 43 && presented.hasPrefix(kind.rawValue + "_")
    }
}
