/// Why a directory operation (agencies, users, API clients) was refused.
///
/// A small struct around a private enum, so that new cases do not break callers that switch on `code`.
public struct DirectoryError: Error, Sendable, Equatable {
    private enum Base: Equatable, Sendable {
        case invalidCode(String)
        case unknownAgency(String)
        case unknownUser(String)
        case unknownClient(String)
        case passwordTooShort(Int)
        case passwordTooLong
        case wrongPassword
        case invalidField(String)
        case lastAdministrator(String)
    }

    private let base: Base

    public static func invalidCode(_ code: String) -> Self { .init(base: .invalidCode(code)) }
    public static func unknownAgency(_ code: String) -> Self { .init(base: .unknownAgency(code)) }
    public static func unknownUser(_ name: String) -> Self { .init(base: .unknownUser(name)) }
    public static func unknownClient(_ id: String) -> Self { .init(base: .unknownClient(id)) }
    public static func passwordTooShort(_ minimum: Int) -> Self { .init(base: .passwordTooShort(minimum)) }
    public static let passwordTooLong = Self(base: .passwordTooLong)
    public static let wrongPassword = Self(base: .wrongPassword)
    public static func invalidField(_ name: String) -> Self { .init(base: .invalidField(name)) }
    /// Deactivating this user would leave no active coordinator to manage the platform.
    public static func lastAdministrator(_ name: String) -> Self { .init(base: .lastAdministrator(name)) }

    /// A stable identifier, used as the last part of a problem `type` (`/problems/unknown-agency`).
    public var code: String {
        switch base {
        case .invalidCode: "invalid-code"
        case .unknownAgency: "unknown-agency"
        case .unknownUser: "unknown-user"
        case .unknownClient: "unknown-api-client"
        case .passwordTooShort: "password-too-short"
        case .passwordTooLong: "password-too-long"
        case .wrongPassword: "wrong-password"
        case .invalidField: "invalid-field"
        case .lastAdministrator: "last-administrator"
        }
    }

    /// Whether the error means the platform's state forbids it (HTTP 409).
    public var isConflict: Bool { if case .lastAdministrator = base { true } else { false } }

    /// Whether the error means "no such thing" (HTTP 404) rather than "not acceptable" (HTTP 422).
    public var isNotFound: Bool {
        switch base {
        case .unknownAgency, .unknownUser, .unknownClient: true
        default: false
        }
    }

    /// The message in Vietnamese and English, from the message catalog.
    public var message: LocalizedText {
        switch base {
        case .invalidCode(let code):
            Messages.invalidCode.format(code)
        case .unknownAgency(let code): Messages.unknownAgency.format(code)
        case .unknownUser(let name): Messages.unknownUser.format(name)
        case .unknownClient(let id): Messages.unknownClient.format(id)
        case .passwordTooShort(let minimum): Messages.passwordTooShort.format(String(minimum))
        case .passwordTooLong: Messages.passwordTooLong
        case .wrongPassword: Messages.wrongPassword
        case .invalidField(let name): Messages.invalidField.format(name)
        case .lastAdministrator(let name): Messages.lastAdministrator.format(name)
        }
    }
}
