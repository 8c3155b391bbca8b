import Crypto
import Foundation

/// Encrypts a citizen ID (AES-GCM) for the short time a sign-in session needs it: prefill looks the citizen up by
/// their ID, yet the database holds only the keyed hash and this sealed form, which is useless without the key
/// that lives outside the database (`SubjectHasher.seal`).
public struct CitizenIDSeal: Sendable {
    private let key: SymmetricKey

    init(key: SymmetricKey) {
        self.key = key
    }

    /// The ID sealed, as base64.
    public func seal(_ citizenID: String) -> String {
        // AES-GCM with a fresh random nonce cannot fail for a 256-bit key and a short message.
        guard let box = try? AES.GCM.seal(Data(citizenID.utf8), using: key), let combined = box.combined else { return "" }
        return combined.base64EncodedString()
    }

    /// The ID a `seal` made, or nil for anything else (another key, tampered text).
    public func open(_ sealed: String) -> String? {
        guard let data = Data(base64Encoded: sealed), let box = try? AES.GCM.SealedBox(combined: data),
            let plain = try? AES.GCM.open(box, using: key)
        else { return nil }
        return String(data: plain, encoding: .utf8)
    }
}
