import ArgumentParser
import Foundation
import LienthongStore

/// `lienthong backup FILE`: a consistent snapshot, taken while the server runs.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent backup of the whole platform to a file (safe while serving).")

    @OptionGroup var storage: StorageOptions
    @Argument(help: "The backup file to write.") var file: String

    func run() async throws {
        let counts = try await storage.withDatabase(migrate: false) { try await PortableBackup.backup($0, to: file) }
        print("Backed up \(counts.values.reduce(0, +)) rows in \(counts.count) tables to \(file).")
    }
}

/// `lienthong restore FILE`: into an empty database.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a backup into an empty database (SQLite or PostgreSQL).",
        discussion: "Stop the servers first; the target must hold no data. The backup may come from either database.")

    @OptionGroup var storage: StorageOptions
    @Argument(help: "The backup file to read.") var file: String

    func run() async throws {
        guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("no backup file at \(file)") }
        let counts = try await storage.withDatabase(migrate: false) { try await PortableBackup.restore($0, from: file) }
        print("Restored \(counts.values.reduce(0, +)) rows in \(counts.count) tables.")
    }
}

/// `lienthong copy --to postgres://…`: moves a platform to another database, checked by row counts.
struct Copy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the whole platform into another, empty database (e.g. SQLite to PostgreSQL).",
        discussion: "Every table's row count is compared after the copy. Then run 'serve --database-url' on the target.")

    @OptionGroup var storage: StorageOptions
    @Option(help: "The target database URL (postgres://… or sqlite:PATH).") var to: String

    func run() async throws {
        let target: DatabaseLocation
        do {
            target = try DatabaseLocation(url: to)
        } catch {
            throw ValidationError("the target URL is not valid: \(error)")
        }
        let logger = try storage.logger()
        let counts = try await storage.withDatabase(migrate: false) { source in
            let destination = try await Database.open(target, logger: logger)
            return try await destination.withRunning { try await PortableBackup.copy(from: source, to: destination) }
        }
        for (table, count) in counts.sorted(by: { $0.key < $1.key }) {
            print("\(table.padding(toLength: 24, withPad: " ", startingAt: 0)) \(count)")
        }
        print("Copied \(counts.values.reduce(0, +)) rows to \(target); every table's row count matches.")
    }
}
