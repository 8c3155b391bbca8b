import ArgumentParser
import Lienthong
import LienthongServer
import Logging

/// `lienthong`: the platform's one command.
@main
struct LienthongCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lienthong",
        abstract: "Lienthong — the data-interconnection platform of a city (liên thông dữ liệu).",
        discussion: """
            Every option can also be set by an environment variable (LIENTHONG_DATA_DIR,
            LIENTHONG_DATABASE_URL, LIENTHONG_PUBLIC_URL, …); docs/configuration.md lists them all.
            """,
        version: LienthongVersion.current,
        subcommands: [
            Serve.self, Migrate.self, AgencyCommand.self, UserCommand.self, APIKeyCommand.self, DatasetCommand.self, CatalogCommand.self,
            SharingCommand.self, ServiceCommand.self, ProceduresCommand.self, ProgrammeCommand.self, SecurityCommand.self, QualityCommand.self,
            ImportCommand.self, ExportCommand.self, Backup.self, Restore.self, Copy.self, AuditCommand.self, Version.self,
        ])

    /// Installs the log handler, then parses and runs the command.
    static func main() async {
        LoggingSystem.bootstrap(LienthongLogHandler.init)
        await main(nil)
    }
}
