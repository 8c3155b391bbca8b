/// Why a sharing operation was refused. A small struct around a private enum, like `CatalogError`, so that
/// new cases do not break callers.
public struct SharingError: Error, Sendable, Equatable {
    private enum Base: Equatable, Sendable {
        case unknownPurpose(String)
        case unknownRequest(String)
        case unknownGrant(String)
        case notOpen(AccessRequestStatus)
        case refusalNeedsReason([String])
        case invalidFields([String])
        case fieldsNotInSchema([String])
        case ownDataset
        case openDataset
        case alreadyRevoked
        case unknownTicket(String)
        case ticketClosed
    }

    private let base: Base

    public static func unknownPurpose(_ code: String) -> Self { .init(base: .unknownPurpose(code)) }
    public static func unknownRequest(_ id: String) -> Self { .init(base: .unknownRequest(id)) }
    public static func unknownGrant(_ id: String) -> Self { .init(base: .unknownGrant(id)) }
    /// The request was already answered or withdrawn.
    public static func notOpen(_ status: AccessRequestStatus) -> Self { .init(base: .notOpen(status)) }
    /// A refusal (by the owner or the coordinator) missing its written reason or legal basis (the fields named).
    public static func refusalNeedsReason(_ missing: [String]) -> Self { .init(base: .refusalNeedsReason(missing)) }
    public static func invalidFields(_ fields: [String]) -> Self { .init(base: .invalidFields(fields)) }
    /// Dataset fields asked for or granted that the schema does not have.
    public static func fieldsNotInSchema(_ fields: [String]) -> Self { .init(base: .fieldsNotInSchema(fields)) }
    /// An agency asking for its own dataset.
    public static let ownDataset = Self(base: .ownDataset)
    /// Open data needs no request.
    public static let openDataset = Self(base: .openDataset)
    public static let alreadyRevoked = Self(base: .alreadyRevoked)
    public static func unknownTicket(_ id: String) -> Self { .init(base: .unknownTicket(id)) }
    /// The ticket is closed: nothing more can be recorded on it.
    public static let ticketClosed = Self(base: .ticketClosed)

    /// A stable name for the problem type (`/problems/refusal-needs-reason`).
    public var code: String {
        switch base {
        case .unknownPurpose: "unknown-purpose"
        case .unknownRequest: "unknown-access-request"
        case .unknownGrant: "unknown-grant"
        case .notOpen: "request-not-open"
        case .refusalNeedsReason: "refusal-needs-reason"
        case .invalidFields: "validation"
        case .fieldsNotInSchema: "unknown-fields"
        case .ownDataset: "own-dataset"
        case .openDataset: "open-dataset"
        case .alreadyRevoked: "grant-revoked"
        case .unknownTicket: "unknown-ticket"
        case .ticketClosed: "ticket-closed"
        }
    }

    /// Whether the thing asked for does not exist (404).
    public var isNotFound: Bool {
        switch base {
        case .unknownRequest, .unknownGrant, .unknownTicket: true
        default: false
        }
    }

    /// Whether the request conflicts with the current state (409).
    public var isConflict: Bool {
        switch base {
        case .notOpen, .alreadyRevoked, .ticketClosed: true
        default: false
        }
    }

    /// The fields at fault, for a problem's `errors`.
    public var fieldProblems: [(field: String, message: LocalizedText)] {
        switch base {
        case .refusalNeedsReason(let fields): fields.map { ($0, Messages.refusalNeedsReason) }
        case .invalidFields(let fields): fields.map { ($0, Messages.invalidField.format($0)) }
        case .fieldsNotInSchema(let fields): fields.map { ("fields", Messages.unknownDatasetField.format($0)) }
        case .unknownPurpose(let code): [("purpose", Messages.unknownPurpose.format(code))]
        default: []
        }
    }

    public var message: LocalizedText {
        switch base {
        case .unknownPurpose(let code): Messages.unknownPurpose.format(code)
        case .unknownRequest(let id): Messages.unknownAccessRequest.format(id)
        case .unknownGrant(let id): Messages.unknownGrant.format(id)
        case .notOpen(let status): Messages.requestNotOpen.format(status.rawValue)
        case .refusalNeedsReason: Messages.refusalNeedsReason
        case .invalidFields: Messages.validationFailed
        case .fieldsNotInSchema(let fields): Messages.unknownDatasetField.format(fields.joined(separator: ", "))
        case .ownDataset: Messages.ownDatasetRequest
        case .openDataset: Messages.openDatasetRequest
        case .alreadyRevoked: Messages.grantAlreadyRevoked
        case .unknownTicket(let id): Messages.unknownTicket.format(id)
        case .ticketClosed: Messages.ticketClosed
        }
    }
}
