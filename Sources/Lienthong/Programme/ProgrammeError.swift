/// Why a programme operation was refused. A small struct around a private enum, like `ProcedureError`.
public struct ProgrammeError: Error, Sendable, Equatable {
    private enum Base: Equatable, Sendable {
        case invalidFields([String])
        case invalid(String, LocalizedText)
        case doneIsDone(CivilDate)
        case unknownDirective(String)
        case unknownTask(String)
        case notOwner
        case alreadyFiled
        case unknownReport(String)
        case unknownProblem(String)
        case problemClosed
    }

    private let base: Base

    public static func invalidFields(_ fields: [String]) -> Self { .init(base: .invalidFields(fields)) }
    /// One field refused, with why in words.
    public static func invalid(_ field: String, _ message: LocalizedText) -> Self { .init(base: .invalid(field, message)) }
    /// A report or change on a task that was done (on `day`): done is done.
    public static func doneIsDone(_ day: CivilDate) -> Self { .init(base: .doneIsDone(day)) }
    public static func unknownDirective(_ code: String) -> Self { .init(base: .unknownDirective(code)) }
    public static func unknownTask(_ code: String) -> Self { .init(base: .unknownTask(code)) }
    /// A steward reporting progress on another agency's task.
    public static let notOwner = Self(base: .notOwner)
    /// A report filed twice for the same period.
    public static let alreadyFiled = Self(base: .alreadyFiled)
    /// No duty owes a report for that unit and period.
    public static func unknownReport(_ name: String) -> Self { .init(base: .unknownReport(name)) }
    public static func unknownProblem(_ code: String) -> Self { .init(base: .unknownProblem(code)) }
    /// The problem is closed already.
    public static let problemClosed = Self(base: .problemClosed)

    /// A stable name for the problem type.
    public var code: String {
        switch base {
        case .invalidFields, .invalid: "validation"
        case .doneIsDone: "task-done"
        case .unknownDirective: "unknown-directive"
        case .unknownTask: "unknown-task"
        case .notOwner: "not-task-owner"
        case .alreadyFiled: "report-already-filed"
        case .unknownReport: "unknown-report"
        case .unknownProblem: "unknown-problem"
        case .problemClosed: "problem-closed"
        }
    }

    public var isNotFound: Bool {
        switch base {
        case .unknownDirective, .unknownTask, .unknownReport, .unknownProblem: true
        default: false
        }
    }

    public var isForbidden: Bool { base == .notOwner }

    public var isConflict: Bool {
        switch base {
        case .alreadyFiled, .problemClosed, .doneIsDone: true
        default: false
        }
    }

    public var fields: [String] {
        switch base {
        case .invalidFields(let fields): fields
        case .invalid(let field, _): [field]
        default: []
        }
    }

    public var message: LocalizedText {
        switch base {
        case .invalidFields: Messages.validationFailed
        case .invalid(_, let message): message
        case .doneIsDone(let day): Messages.taskDone.format(day.vietnameseFormat)
        case .unknownDirective(let code): Messages.unknownDirective.format(code)
        case .unknownTask(let code): Messages.unknownTask.format(code)
        case .notOwner: Messages.notTaskOwner
        case .alreadyFiled: Messages.reportAlreadyFiled
        case .unknownReport(let name): Messages.unknownReport.format(name)
        case .unknownProblem(let code): Messages.unknownProblem.format(code)
        case .problemClosed: Messages.problemClosed
        }
    }
}
