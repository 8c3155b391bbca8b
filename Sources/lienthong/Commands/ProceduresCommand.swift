import ArgumentParser
import Foundation
import Lienthong
import LienthongStore

/// `lienthong procedures list|show|save|cases|case|move|indicators`: declare-once procedures, cases and the service
/// indicators for an operator, with the same rules as the web and the API (cases are filed by citizens, not here).
struct ProceduresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "procedures", abstract: "Declare-once procedures, their cases and the service indicators.",
        subcommands: [List.self, Show.self, Save.self, Cases.self, Case.self, Move.self, Indicators.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the procedures.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let procedures = try await storage.withDatabase { try await ProcedureStore(database: $0).procedures() }
            try format.print(procedures, headers: ["CODE", "AGENCY", "DAYS", "FEE", "PREFILLED", "ACTIVE", "NAME"]) {
                [
                    $0.code, $0.ownerAgencyCode, String($0.processingDays), String($0.feeDong),
                    "\($0.fields.filter { $0.source != nil }.count)/\($0.fields.count)", $0.active ? "yes" : "no", $0.nameVi,
                ]
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one procedure as JSON (the shape `save` reads).")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The procedure's code.") var code: String

        func run() async throws {
            guard let procedure = try await storage.withDatabase({ try await ProcedureStore(database: $0).procedure(code) }) else {
                throw ValidationError("there is no procedure \(code)")
            }
            try OutputFormat.printJSON(procedure)
        }
    }

    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or replace a procedure from a JSON file (code, nameVi, nameEn, ownerAgencyCode, processingDays, fields…).")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The procedure as JSON; `lienthong procedures show CODE` prints one.") var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            var procedure: Procedure
            do {
                procedure = try decoder.decode(Procedure.self, from: data)
            } catch {
                throw ValidationError("\(file) is not a procedure: \(error)")
            }
            procedure.updatedAt = Date()
            let saved = try await storage.withDatabase { database in
                let saved = try await ProcedureStore(database: database).save(procedure, by: "operator")
                try await OperatorAudit.record(database, "procedure.update", resource: "procedure:\(saved.code)", agencyCode: saved.ownerAgencyCode)
                return saved
            }
            print("Saved procedure \(saved.code) (\(saved.fields.filter { $0.source != nil }.count) of \(saved.fields.count) fields prefilled).")
        }
    }

    struct Cases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List cases, newest first, with how each stands against its due date.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Only this agency's cases.") var agency: String?
        @Option(help: "Only cases of this procedure.") var procedure: String?
        @Option(help: "Only cases in this status (received, processing, supplement-requested, done, rejected).") var status: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            var filter = CaseStore.Filter(agencyCode: agency, procedureCode: procedure)
            if let status {
                guard let value = CaseStatus(rawValue: status) else { throw ValidationError("unknown status '\(status)'") }
                filter.statuses = [value]
            }
            let cases = try await storage.withDatabase { try await CaseStore(database: $0).cases(filter) }
            let today = CivilDate(vietnam: Date())
            try format.print(cases, headers: ["NUMBER", "PROCEDURE", "AGENCY", "RECEIVED", "DUE", "STATUS", "TIMELINESS", "ID"]) {
                [
                    $0.number, $0.procedureCode, $0.agencyCode, CivilDate(vietnam: $0.receivedAt).description, $0.dueOn.description,
                    $0.status.rawValue, $0.timeliness(on: today).rawValue, $0.id.lowercasedString,
                ]
            }
        }
    }

    struct Case: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one case with its values and timeline, as JSON.")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The case's id.") var id: String

        func run() async throws {
            guard let uuid = UUID(uuidString: id), let item = try await storage.withDatabase({ try await CaseStore(database: $0).case(id: uuid) })
            else { throw ValidationError("there is no case \(id)") }
            try OutputFormat.printJSON(item)
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a case on as an officer of its agency (a supplement request or a rejection needs --note).")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The case's id.") var id: String
        @Option(help: "processing, supplement-requested, done or rejected.") var status: String
        @Option(help: "The reason or what is missing.") var note: String = ""
        @Option(help: "The officer's username, for the timeline.") var officer: String

        func run() async throws {
            guard let uuid = UUID(uuidString: id) else { throw ValidationError("there is no case \(id)") }
            guard let target = CaseStatus(rawValue: status) else { throw ValidationError("unknown status '\(status)'") }
            let calendar = try Environment.calendar()
            let moved = try await storage.withDatabase { database in
                guard let user = try await DirectoryStore(database: database).user(username: officer), user.isActive,
                    user.role == .officer || user.role == .steward
                else { throw ValidationError("\(officer) is not an active officer or steward") }
                let moved = try await CaseStore(database: database).update(uuid) { current in
                    guard current.agencyCode == user.agencyCode else { throw ProcedureError.otherAgency }
                    return try current.moved(to: target, by: user.username, note: note, at: Date(), calendar: calendar)
                }
                try await OperatorAudit.record(database, "case.\(target.rawValue)", resource: "case:\(moved.number)", agencyCode: moved.agencyCode)
                return moved
            }
            print("Case \(moved.number) is now \(moved.status.rawValue), due \(moved.dueOn).")
        }
    }

    struct Indicators: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The service indicators (on time, fully online, declare-once, satisfaction, processing days) by procedure, agency and month.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Only this agency's cases.") var agency: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let calendar = try Environment.calendar()
            let cases = try await storage.withDatabase {
                try await CaseStore(database: $0).cases(CaseStore.Filter(agencyCode: agency, limit: 1_000_000))
            }
            let report = ServiceIndicators.report(cases, today: CivilDate(vietnam: Date()), calendar: calendar)
            if format == .json { return try OutputFormat.printJSON(report) }
            func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0) } ?? "—" }
            let rows = [report.city] + report.byProcedure + report.byAgency + report.byMonth
            try format.print(rows, headers: ["GROUP", "CASES", "ON TIME", "ONLINE", "DECLARE-ONCE", "SATISFACTION", "DAYS", "OVERDUE"]) {
                [
                    $0.key, String($0.cases), percent($0.onTimeRate), percent($0.onlineRate), percent($0.declareOnceRate),
                    $0.satisfaction.map { String(format: "%.2f", $0) } ?? "—", $0.meanProcessingDays.map { String(format: "%.1f", $0) } ?? "—",
                    String($0.overdue),
                ]
            }
        }
    }
}
