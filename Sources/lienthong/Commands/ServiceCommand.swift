import ArgumentParser
import Foundation
import Lienthong
import LienthongStore

/// `lienthong service add|list`: agency services offered through the gateway.
struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service", abstract: "Register and list agency services offered through the gateway.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a REST service an agency runs; consumers call it at /gateway/v1/services/AGENCY/CODE/….")
        @OptionGroup var storage: StorageOptions
        @Option(help: "The agency that runs it.") var agency: String
        @Option(help: "Lowercase ASCII, digits and '-', unique within the agency.") var code: String
        @Option(help: "The Vietnamese name.") var nameVi: String
        @Option(help: "The English name.") var nameEn: String
        @Option(help: "Where it runs (http or https, no query).") var baseURL: String
        @Option(help: "An endpoint it offers, as 'GET /facilities/{id}' (repeat the option).") var endpoint: [String] = []
        @Option(help: "Its OpenAPI document (JSON): its paths become the endpoints when none are given.") var openAPI: String?
        @Option(help: "open, shared or private.") var sharingLevel: String = "shared"
        @Option(help: "How long the gateway waits for its answer to begin, in milliseconds.") var timeoutMs: Int = 10_000

        func run() async throws {
            let endpoints = try endpoint.map { key in
                guard let endpoint = ServiceEndpoint(key: key) else { throw ValidationError("--endpoint takes 'METHOD /path', not '\(key)'") }
                return endpoint
            }
            guard let level = SharingLevel(rawValue: sharingLevel) else { throw ValidationError("--sharing-level is open, shared or private") }
            let document = try openAPI.map { path -> String in
                guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
                return String(decoding: data, as: UTF8.self)
            }
            let service = try await storage.withDatabase { database in
                let service = try await ServiceStore(database: database).register(
                    AgencyService(
                        agencyCode: agency, code: code, nameVi: nameVi, nameEn: nameEn, baseURL: baseURL, openAPI: document ?? "",
                        endpoints: endpoints, sharingLevel: level, timeoutMilliseconds: timeoutMs),
                    hosts: ServiceHosts(list: Environment.value("LIENTHONG_SERVICE_HOSTS")))
                try await OperatorAudit.record(database, "service.register", resource: "service:\(service.key)", agencyCode: agency)
                return service
            }
            print("Registered \(service.key): \(service.endpoints.count) endpoint(s), at /gateway/v1/services/\(service.key)/…")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the services with their endpoints and last health check.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Only this agency's.") var agency: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let services = try await storage.withDatabase { try await ServiceStore(database: $0).services(agencyCode: agency) }
            try format.print(services, headers: ["SERVICE", "LEVEL", "ENDPOINTS", "HEALTH", "BASE URL"]) { service in
                [
                    service.key, service.sharingLevel.rawValue, service.endpoints.map(\.key).joined(separator: "; "),
                    service.health.map { ($0.isUp ? "up " : "down ") + $0.message } ?? "not checked", service.baseURL,
                ]
            }
        }
    }
}
