import Foundation
import Testing

/// What one run of the built `lienthong` binary printed and how it exited.
struct CLIResult {
    let status: Int32
    let standardOutput: String
    let standardError: String

    /// The non-empty lines of standard output.
    var lines: [String] { standardOutput.split(separator: "\n").map(String.init) }
}

/// Runs the built `lienthong` binary the way an operator would, in a data directory of its own.
struct CLIRunner {
    let dataDirectory: URL
    var environment: [String: String]

    init() {
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("lienthong-cli-\(UUID())")
        // Cheap bcrypt, and no settings leaking in from the developer's shell.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LIENTHONG_") }
        environment["LIENTHONG_BCRYPT_COST"] = "4"
        environment["LIENTHONG_DATA_DIR"] = dataDirectory.path
        self.environment = environment
    }

    /// The binary next to the test bundle (SwiftPM builds it because the test target depends on it).
    static var executable: URL {
        get throws {
            let candidates = [
                Bundle.main.bundleURL.appendingPathComponent("lienthong"),
                URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lienthong"),
                Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("lienthong"),
            ]
            return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
        }
    }

    /// Runs `lienthong arguments…`, feeding `input` to standard input (empty by default, as in CI).
    @discardableResult
    func run(_ arguments: String..., input: String = "") throws -> CLIResult {
        let process = Process()
        process.executableURL = try Self.executable
        process.arguments = arguments
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: errors, as: UTF8.self))
    }

    func cleanup() {
        try? FileManager.default.removeItem(at: dataDirectory)
    }
}
