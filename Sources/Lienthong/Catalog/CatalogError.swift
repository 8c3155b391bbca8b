/// Why a catalog operation was refused. A small struct around a private enum, like `DirectoryError`, so that
/// new cases do not break callers.
public struct CatalogError: Error, Sendable, Equatable {
    private enum Base: Equatable, Sendable {
        case unknownDataset(String)
        case invalidFields([String])
        case invalidSchema([SchemaProblem])
        case transition(DatasetStatus, DatasetStatus)
        case unknownVersion(Int)
        case invalidRules([String])
    }

    private let base: Base

    public static func unknownDataset(_ code: String) -> Self { .init(base: .unknownDataset(code)) }
    /// Metadata fields that are missing or malformed.
    public static func invalidFields(_ fields: [String]) -> Self { .init(base: .invalidFields(fields)) }
    public static func invalidSchema(_ problems: [SchemaProblem]) -> Self { .init(base: .invalidSchema(problems)) }
    public static func transition(from: DatasetStatus, to: DatasetStatus) -> Self { .init(base: .transition(from, to)) }
    public static func unknownVersion(_ version: Int) -> Self { .init(base: .unknownVersion(version)) }
    /// A quality rules file that cannot run against the schema: the rules at fault.
    public static func invalidRules(_ problems: [String]) -> Self { .init(base: .invalidRules(problems)) }

    /// A stable name for the problem type (`/problems/unknown-dataset`).
    public var code: String {
        switch base {
        case .unknownDataset: "unknown-dataset"
        case .invalidFields: "validation"
        case .invalidSchema: "invalid-schema"
        case .transition: "status-transition"
        case .unknownVersion: "unknown-schema-version"
        case .invalidRules: "invalid-rules"
        }
    }

    /// Whether the thing asked for does not exist (404) rather than being refused (409/422).
    public var isNotFound: Bool {
        switch base {
        case .unknownDataset, .unknownVersion: true
        default: false
        }
    }

    /// Whether the request conflicts with the dataset's state (409).
    public var isConflict: Bool {
        if case .transition = base { return true }
        return false
    }

    /// The field names or schema paths at fault, for a problem's `errors`.
    public var fieldProblems: [(field: String, message: LocalizedText)] {
        switch base {
        case .invalidFields(let fields): fields.map { ($0, Messages.invalidField.format($0)) }
        case .invalidSchema(let problems): problems.map { ("schema." + $0.path, $0.message) }
        case .invalidRules(let problems): problems.map { ("rules", Messages.qualityRulesUnusable.format($0)) }
        default: []
        }
    }

    public var message: LocalizedText {
        switch base {
        case .unknownDataset(let code): Messages.unknownDataset.format(code)
        case .invalidFields: Messages.validationFailed
        case .invalidSchema: Messages.invalidSchema
        case .transition(let from, let to): Messages.badTransition.format(from.rawValue, to.rawValue)
        case .unknownVersion(let version): Messages.unknownSchemaVersion.format(String(version))
        case .invalidRules(let problems): Messages.qualityRulesUnusable.format(problems.joined(separator: "; "))
        }
    }
}
