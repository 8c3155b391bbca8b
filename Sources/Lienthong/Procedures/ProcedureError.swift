/// Why a procedure or case operation was refused. A small struct around a private enum, like `SharingError`, so
/// that new cases do not break callers.
public struct ProcedureError: Error, Sendable, Equatable {
    private enum Base: Equatable, Sendable {
        case invalidFields([String])
        case unknownProcedure(String)
        case unknownCase(String)
        case inactive(String)
        case transition(from: CaseStatus, to: CaseStatus)
        case otherAgency
        case alreadyRated
        case notFinished
        case unknownConsent(String)
    }

    private let base: Base

    public static func invalidFields(_ fields: [String]) -> Self { .init(base: .invalidFields(fields)) }
    public static func unknownProcedure(_ code: String) -> Self { .init(base: .unknownProcedure(code)) }
    public static func unknownCase(_ id: String) -> Self { .init(base: .unknownCase(id)) }
    /// The procedure is not open for new cases.
    public static func inactive(_ code: String) -> Self { .init(base: .inactive(code)) }
    /// A status change the case's life does not allow.
    public static func transition(from: CaseStatus, to: CaseStatus) -> Self { .init(base: .transition(from: from, to: to)) }
    /// An officer acting on another agency's case.
    public static let otherAgency = Self(base: .otherAgency)
    public static let alreadyRated = Self(base: .alreadyRated)
    /// A rating before the case is done or rejected.
    public static let notFinished = Self(base: .notFinished)
    public static func unknownConsent(_ id: String) -> Self { .init(base: .unknownConsent(id)) }

    /// A stable name for the problem type (`/problems/case-transition`).
    public var code: String {
        switch base {
        case .invalidFields: "validation"
        case .unknownProcedure: "unknown-procedure"
        case .unknownCase: "unknown-case"
        case .inactive: "procedure-inactive"
        case .transition: "case-transition"
        case .otherAgency: "other-agency-case"
        case .alreadyRated: "already-rated"
        case .notFinished: "case-not-finished"
        case .unknownConsent: "unknown-consent"
        }
    }

    /// Whether the thing asked for does not exist (404).
    public var isNotFound: Bool {
        switch base {
        case .unknownProcedure, .unknownCase, .unknownConsent: true
        default: false
        }
    }

    /// Whether the request conflicts with the current state (409).
    public var isConflict: Bool {
        switch base {
        case .transition, .alreadyRated, .notFinished, .inactive: true
        default: false
        }
    }

    /// Whether the caller may not act on it (403).
    public var isForbidden: Bool { base == .otherAgency }

    /// The fields at fault, for a problem's `errors`.
    public var fields: [String] {
        if case .invalidFields(let fields) = base { return fields }
        return []
    }

    public var message: LocalizedText {
        switch base {
        case .invalidFields: Messages.validationFailed
        case .unknownProcedure(let code): Messages.unknownProcedure.format(code)
        case .unknownCase(let id): Messages.unknownCase.format(id)
        case .inactive(let code): Messages.procedureInactive.format(code)
        case .transition(let from, let to): Messages.caseTransition.format(from.rawValue, to.rawValue)
        case .otherAgency: Messages.otherAgencyCase
        case .alreadyRated: Messages.caseAlreadyRated
        case .notFinished: Messages.caseNotFinished
        case .unknownConsent(let id): Messages.unknownConsent.format(id)
        }
    }
}
