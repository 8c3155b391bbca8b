import ArgumentParser
import Foundation
import Lienthong
import LienthongStore
import Logging

/// The options every command that touches the database shares.
struct StorageOptions: ParsableArguments {
    @Option(help: "The data directory: the SQLite database and keys (env LIENTHONG_DATA_DIR; default ./lienthong-data).")
    var dataDir: String?

    @Option(help: "A PostgreSQL URL, postgres://user:password@host:port/db, instead of SQLite (env LIENTHONG_DATABASE_URL).")
    var databaseURL: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (env LIENTHONG_LOG_LEVEL; default info).")
    var logLevel: String?

    var resolvedDataDir: String {
        dataDir ?? Environment.value("LIENTHONG_DATA_DIR") ?? "./lienthong-data"
    }

    var resolvedLogLevel: Logger.Level {
        get throws {
            let text = logLevel ?? Environment.value("LIENTHONG_LOG_LEVEL") ?? "info"
            guard let level = Logger.Level(rawValue: text) else {
                throw ValidationError("unknown log level '\(text)'; use trace, debug, info, notice, warning or error")
            }
            return level
        }
    }

    /// Where the data is: `--database-url`, else `LIENTHONG_DATABASE_URL`, else the SQLite file in the data directory.
    func location() throws -> DatabaseLocation {
        if let url = databaseURL ?? Environment.value("LIENTHONG_DATABASE_URL") {
            do {
                return try DatabaseLocation(url: url)
            } catch {
                throw ValidationError("the database URL is not valid: \(error)")
            }
        }
        return .dataDirectory(resolvedDataDir)
    }

    func logger() throws -> Logger {
        var logger = Logger(label: "lienthong")
        logger.logLevel = try resolvedLogLevel
        return logger
    }

    /// Opens and migrates the database, runs `body`, and turns storage failures into one clear line.
    func withDatabase<T: Sendable>(migrate: Bool = true, _ body: (Database) async throws -> T) async throws -> T {
        let location = try location()
        let logger = try logger()
        return try await CLIFailure.explained {
            let database = try await Database.open(location, logger: logger)
            return try await database.withRunning {
                if migrate { try await Migrator(database: database).migrate() }
                return try await body(database)
            }
        }
    }
}

/// Reads settings from the environment; an empty variable counts as unset.
enum Environment {
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The working-day calendar: the built-in Vietnamese holidays with `LIENTHONG_HOLIDAYS_FILE`'s overrides.
    static func calendar() throws -> WorkingDayCalendar {
        guard let file = value("LIENTHONG_HOLIDAYS_FILE") else { return .vietnam() }
        do {
            return .vietnam(overrides: try VietnameseHolidays.decodeOverrides(Data(contentsOf: URL(fileURLWithPath: file))))
        } catch {
            throw ValidationError("cannot read the holidays file \(file): \(error.localizedDescription)")
        }
    }
}
