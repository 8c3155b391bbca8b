import ArgumentParser
import Foundation
import Lienthong
import LienthongStore

/// `lienthong programme overview|tasks|import|report|change|problems|alerts`: the programme tracker for an operator and for
/// scripts that feed it, with the same rules as the web and the API.
struct ProgrammeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "programme", abstract: "Directives' tasks, their deadlines and measured evidence, and the problem register.",
        subcommands: [Overview.self, Tasks.self, Import.self, Report.self, Change.self, Problems.self, Alerts.self])

    /// One task as the CLI lists it, with what the platform measures.
    struct Line: Encodable {
        let code: String
        let issuer: String
        let owner: String
        let dueOn: CivilDate
        let originalDueOn: CivilDate
        let state: TaskState
        let originalState: TaskState
        let progress: Int
        let measured: Double?
        let contradicted: Bool
        let atRisk: Bool
    }

    static func lines(_ database: Database, agency: String?, calendar: WorkingDayCalendar) async throws -> [Line] {
        if let agency, try await DirectoryStore(database: database).agency(code: agency) == nil { throw DirectoryError.unknownAgency(agency) }
        let store = ProgrammeStore(database: database)
        let all = try await store.tasks()
        let measured = try await ProgrammeMetrics(database: database, calendar: calendar).measureAndRecord(all.compactMap(\.metric))
        let judged = TaskStatus.judge(
            all, directives: try await store.directives(), changes: [], problems: [], measured: measured, calendar: calendar,
            today: CivilDate(vietnam: Date()))
        return judged.filter { $0.parentCode == nil && (agency == nil || $0.ownerAgencyCode == agency) }.map { status in
            Line(
                code: status.code, issuer: status.issuer.rawValue, owner: status.ownerAgencyCode, dueOn: status.dueOn,
                originalDueOn: status.originalDueOn, state: status.state, originalState: status.originalState, progress: status.progress,
                measured: status.claim?.measured, contradicted: status.claim?.contradicted ?? false, atRisk: status.forecast.atRisk)
        }
    }

    struct Overview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Overdue, at-risk and contradicted tasks by source; the register's open counts.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let calendar = try Environment.calendar()
            let (lines, problems) = try await storage.withDatabase { database in
                (try await ProgrammeCommand.lines(database, agency: nil, calendar: calendar), try await ProgrammeStore(database: database).problems())
            }
            for issuer in ["central", "city"] {
                let own = lines.filter { $0.issuer == issuer }
                print(
                    "\(issuer): \(own.count) tasks, \(own.filter { $0.state == .overdue }.count) overdue, "
                        + "\(own.filter(\.atRisk).count) at risk, \(own.filter(\.contradicted).count) contradicted by the data")
            }
            let open = problems.filter { $0.closedOn == nil }
            print(
                "register: \(Set(open.filter { $0.kind == .shortcoming }.map(\.group)).count) shortcoming groups, "
                    + "\(open.filter { $0.kind == .cause }.count) causes, \(open.filter { $0.kind == .bottleneck }.count) bottlenecks open")
        }
    }

    struct Tasks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tasks with their states and measured values.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Only this agency's tasks.") var agency: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let calendar = try Environment.calendar()
            let lines = try await storage.withDatabase { try await ProgrammeCommand.lines($0, agency: agency, calendar: calendar) }
            try format.print(lines, headers: ["CODE", "SOURCE", "OWNER", "DUE", "ORIGINAL", "STATE", "PROGRESS", "MEASURED", "FLAG"]) {
                [
                    $0.code, $0.issuer, $0.owner, $0.dueOn.description, $0.originalDueOn.description, $0.state.rawValue, "\($0.progress)%",
                    $0.measured.map { String(format: "%g", ($0 * 10).rounded() / 10) } ?? "—",
                    $0.contradicted ? "contradicted" : ($0.atRisk ? "at risk" : ""),
                ]
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Feed directives, tasks and problems from a JSON file, all or nothing (docs/programme.md shows the format).",
            discussion: """
                The file is {"directives": [...], "tasks": [...], "problems": [...]}, each list optional; each item is created \
                or replaced by the API's rules. A task needs code, directiveCode, title, ownerAgencyCode, assignedOn and \
                originalDueOn (or dueOn); a problem needs code, kind (shortcoming, cause, bottleneck) and title. One bad item \
                and nothing is imported.
                """)
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The JSON file.") var file: String

        struct Feed: Decodable {
            let directives: [Directive]?
            let tasks: [ProgrammeTask]?
            let problems: [ProgrammeProblem]?
        }

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let feed: Feed
            do {
                feed = try JSONDecoder().decode(Feed.self, from: data)
            } catch {
                throw ValidationError("\(file) is not a programme feed: \(error)")
            }
            let (directives, tasks, problems) = (feed.directives ?? [], feed.tasks ?? [], feed.problems ?? [])
            try await storage.withDatabase { database in
                try await ProgrammeStore(database: database).importFeed(directives: directives, tasks: tasks, problems: problems, by: "operator")
                try await OperatorAudit.record(
                    database, "programme.import", resource: "tasks:\(tasks.count)#problems=\(problems.count)", agencyCode: nil)
            }
            print("Imported \(directives.count) directives, \(tasks.count) tasks and \(problems.count) problems.")
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a task's progress (as the operator).")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The task's code.") var code: String
        @Option(help: "0–100.") var progress: Int
        @Flag(help: "The task is done (today).") var done = false

        func run() async throws {
            let task = try await storage.withDatabase { database in
                let task = try await ProgrammeStore(database: database).report(
                    code, progress: done ? 100 : progress, doneOn: done ? CivilDate(vietnam: Date()) : nil, by: "operator")
                try await OperatorAudit.record(
                    database, "task.progress", resource: "task:\(code)#progress=\(task.progress)", agencyCode: task.ownerAgencyCode)
                return task
            }
            print("Task \(task.code): \(task.progress)%\(task.doneOn.map { ", done on \($0)" } ?? "").")
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a task's deadline or its metric's target, recorded in its ledger with who asked, who approved and why.")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The task's code.") var code: String
        @Option(help: "The new deadline (YYYY-MM-DD).") var deadline: String?
        @Option(help: "The metric's new target (a positive number).") var target: String?
        @Option(help: "Who asked for it.") var requestedBy: String
        @Option(help: "Who approved it.") var approvedBy: String
        @Option(help: "Why.") var reason: String

        func validate() throws {
            guard (deadline == nil) != (target == nil) else { throw ValidationError("give either --deadline or --target") }
        }

        func run() async throws {
            let field: TaskChange.Field = deadline != nil ? .deadline : .target
            let value = deadline ?? target ?? ""
            let task = try await storage.withDatabase { database in
                let task = try await ProgrammeStore(database: database).change(
                    code, field, to: value, requestedBy: requestedBy, approvedBy: approvedBy, reason: reason)
                try await OperatorAudit.record(
                    database, "task.\(field.rawValue)", resource: "task:\(code)#to=\(value)", agencyCode: task.ownerAgencyCode)
                return task
            }
            switch field {
            case .deadline: print("Task \(task.code) is now due \(task.dueOn) (originally \(task.originalDueOn)).")
            case .target: print("Task \(task.code)'s target is now \(task.metric.map { String(format: "%g", $0.target) } ?? "—").")
            }
        }
    }

    struct Problems: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the problem register.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let problems = try await storage.withDatabase { try await ProgrammeStore(database: $0).problems() }
            try format.print(problems, headers: ["CODE", "KIND", "GROUP", "TITLE", "TASKS", "CLOSED"]) {
                [$0.code, $0.kind.rawValue, $0.group, $0.title, $0.taskCodes.joined(separator: ","), $0.closedOn?.description ?? ""]
            }
        }
    }

    struct Alerts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Notify owners of deadlines near and passed now (each once; the server does it hourly).")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let calendar = try Environment.calendar()
            let sent = try await storage.withDatabase { try await ProgrammeStore(database: $0).sendDeadlineAlerts(calendar: calendar) }
            print("\(sent) notices written.")
        }
    }
}
