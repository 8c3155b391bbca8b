import ArgumentParser
import Lienthong
import LienthongStore

/// `lienthong user add|list|passwd|deactivate`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage staff users.",
        subcommands: [Add.self, List.self, Passwd.self, Deactivate.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a staff user.", discussion: "The password is asked for, or read from standard input with --password-stdin.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "The sign-in name: lowercase letters, digits, '.', '_' and '-'.") var username: String
        @Option(help: "The name shown in the interface.") var displayName: String
        @Option(help: "The code of the user's agency.") var agency: String
        @Option(help: "The role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: Role
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func run() async throws {
            let password = try PasswordInput.read(fromStandardInput: passwordStdin, prompt: "Password: ")
            let user = try await storage.withDatabase { database in
                let user = try await DirectoryStore(database: database, passwords: PasswordInput.policy).createUser(
                    username: username, displayName: displayName, agencyCode: agency, role: role, password: password)
                try await OperatorAudit.record(database, "user.create", resource: "user:\(user.username)", agencyCode: agency)
                return user
            }
            print("Added \(user.role.rawValue) \(user.username) at \(user.agencyCode).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff users.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "Only the users of this agency.") var agency: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let users = try await storage.withDatabase { try await DirectoryStore(database: $0).users(agencyCode: agency) }
            try format.print(users, headers: ["USERNAME", "ROLE", "AGENCY", "ACTIVE", "NAME"]) {
                [$0.username, $0.role.rawValue, $0.agencyCode, $0.isActive ? "yes" : "no", $0.displayName]
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a user's password (ends their sessions).",
            discussion: "The new password is asked for, or read from standard input with --password-stdin.")

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The username.") var username: String
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func run() async throws {
            let password = try PasswordInput.read(fromStandardInput: passwordStdin, prompt: "New password: ")
            try await storage.withDatabase { database in
                try await DirectoryStore(database: database, passwords: PasswordInput.policy).setPassword(
                    username: username, newPassword: password)
                try await OperatorAudit.record(database, "user.setPassword", resource: "user:\(username)", agencyCode: nil)
            }
            print("Password of \(username) changed.")
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deactivate a user: no more sign-ins, sessions ended.")

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The username.") var username: String

        func run() async throws {
            try await storage.withDatabase { database in
                try await DirectoryStore(database: database).deactivateUser(username: username)
                try await OperatorAudit.record(database, "user.deactivate", resource: "user:\(username)", agencyCode: nil)
            }
            print("Deactivated \(username).")
        }
    }
}
