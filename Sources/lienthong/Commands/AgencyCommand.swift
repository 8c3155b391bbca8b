import ArgumentParser
import Lienthong
import LienthongStore

/// `lienthong agency add|list`.
struct AgencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agency", abstract: "Manage agencies (cơ quan, đơn vị).", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an agency.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "The stable code: lowercase letters, digits and '-' (e.g. syt).") var code: String
        @Option(help: "The Vietnamese name.") var nameVi: String
        @Option(help: "The English name.") var nameEn: String
        @Option(help: "The kind: \(AgencyKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: AgencyKind
        @Option(help: "The code of the parent agency.") var parent: String?
        @Option(help: "The administrative-unit code (wards and communes).") var unitCode: String?

        func run() async throws {
            let agency = try await storage.withDatabase { database in
                let agency = try await DirectoryStore(database: database).createAgency(
                    Agency(code: code, nameVi: nameVi, nameEn: nameEn, kind: kind, parentCode: parent, unitCode: unitCode))
                try await OperatorAudit.record(database, "agency.create", resource: "agency:\(agency.code)", agencyCode: nil)
                return agency
            }
            print("Added agency \(agency.code) (\(agency.nameVi)).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List agencies.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let agencies = try await storage.withDatabase { try await DirectoryStore(database: $0).agencies() }
            try format.print(agencies, headers: ["CODE", "KIND", "PARENT", "NAME"]) {
                [$0.code, $0.kind.rawValue, $0.parentCode ?? "-", $0.nameVi]
            }
        }
    }
}

extension AgencyKind: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}
