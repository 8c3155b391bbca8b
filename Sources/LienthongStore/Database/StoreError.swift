import PostgresNIO
import SQLiteNIO

/// Why the storage layer refused or failed an operation, with driver errors translated.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    private enum Base: Sendable, Equatable {
        case duplicate(String)
        case foreignKey(String)
        case notFound(String)
        case invalidDatabaseURL(String)
        case unreachable(String)
        case notEmpty(String)
        case incompatible(String)
        case invalidText(String)
    }

    private let base: Base

    /// A unique constraint was violated; the associated text names what is duplicated.
    public static func duplicate(_ what: String) -> Self { .init(base: .duplicate(what)) }
    /// A reference points to something that does not exist.
    public static func foreignKey(_ what: String) -> Self { .init(base: .foreignKey(what)) }
    public static func notFound(_ what: String) -> Self { .init(base: .notFound(what)) }
    public static func invalidDatabaseURL(_ why: String) -> Self { .init(base: .invalidDatabaseURL(why)) }
    /// The database could not be reached or opened.
    public static func unreachable(_ why: String) -> Self { .init(base: .unreachable(why)) }
    /// A restore or copy target already holds data.
    public static func notEmpty(_ why: String) -> Self { .init(base: .notEmpty(why)) }
    /// A backup or database written by another version.
    public static func incompatible(_ why: String) -> Self { .init(base: .incompatible(why)) }
    /// Text the database cannot store: PostgreSQL refuses a NUL character (U+0000) in any text.
    public static func invalidText(_ why: String) -> Self { .init(base: .invalidText(why)) }

    public var isDuplicate: Bool { if case .duplicate = base { true } else { false } }
    public var isForeignKey: Bool { if case .foreignKey = base { true } else { false } }
    public var isNotFound: Bool { if case .notFound = base { true } else { false } }
    public var isInvalidText: Bool { if case .invalidText = base { true } else { false } }

    public var description: String {
        switch base {
        case .duplicate(let what): "duplicate: \(what)"
        case .foreignKey(let what): "reference to a missing row: \(what)"
        case .notFound(let what): "not found: \(what)"
        case .invalidDatabaseURL(let why): "invalid database URL: \(why)"
        case .unreachable(let why): "database unreachable: \(why)"
        case .notEmpty(let why): "target database is not empty: \(why)"
        case .incompatible(let why): "incompatible: \(why)"
        case .invalidText(let why): "text the database cannot store: \(why)"
        }
    }

    /// Translates a driver error into a `StoreError` where it has a meaning for callers; other errors pass.
    static func translate(_ error: any Error) -> any Error {
        if let error = error as? SQLiteError {
            switch error.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed: return StoreError.duplicate(error.message)
            case .constraintForeignKeyFailed: return StoreError.foreignKey(error.message)
            default: return error
            }
        }
        if let error = error as? BulkCopier.Duplicate {
            return StoreError.duplicate(error.constraint ?? error.detail ?? "23505")
        }
        if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] {
            let detail = error.serverInfo?[.constraintName] ?? error.serverInfo?[.message] ?? state
            switch state {
            case "23505": return StoreError.duplicate(detail)
            case "23503": return StoreError.foreignKey(detail)
            // character_not_in_repertoire, untranslatable_character: a NUL in text.
            case "22021", "22P05": return StoreError.invalidText(state)
            default: return error
            }
        }
        return error
    }
}
