import Foundation
import HummingbirdBcrypt
import Synchronization

/// How staff passwords are checked and stored: bcrypt with a configurable cost.
///
/// Cost 12 takes about a quarter of a second on the reference machine, slow enough to make guessing
/// expensive; tests lower it to keep the suite fast.
public struct PasswordPolicy: Sendable {
    public var bcryptCost: UInt8
    public var minimumLength: Int

    public init(bcryptCost: UInt8 = 12, minimumLength: Int = 10) {
        self.bcryptCost = bcryptCost
        self.minimumLength = minimumLength
    }

    /// Checks a new password; returns the message key of the problem, or nil when acceptable.
    public func problem(with password: String) -> DirectoryError? {
        if password.count < minimumLength { return .passwordTooShort(minimumLength) }
        if password.utf8.count > 72 { return .passwordTooLong }
        return nil
    }

    /// The bcrypt hash to store.
    public func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: bcryptCost)
    }

    /// Spends the time of one verification without a stored hash, so that an unknown username answers as
    /// slowly as a wrong password.
    public func verifyDecoy(_ password: String) {
        let decoy = Self.decoys.withLock { decoys in
            if let hash = decoys[bcryptCost] { return hash }
            let hash = Bcrypt.hash(UUID().uuidString, cost: bcryptCost)
            decoys[bcryptCost] = hash
            return hash
        }
        _ = Bcrypt.verify(password, hash: decoy)
    }

    private static let decoys = Mutex<[UInt8: String]>([:])

    /// Whether `password` matches the stored `hash`.
    public func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }
}
