import Foundation

/// Latency and throughput over real HTTP, measured by `wrk` (Debian's package) in a second process: C keep-alive
/// connections, each sending its next request when the last answer arrives, for S seconds.
///
/// A load generator written in C takes a small share of the two cores; the server keeps the rest, as it would
/// with its clients on other machines. Every figure of one run (the anchor's and the target's) comes from the
/// same generator.
struct WrkLoad {
    var requests: Int
    /// Seconds.
    var elapsed: Double
    /// Milliseconds.
    var p50: Double
    var p99: Double

    var throughput: Double { Double(requests) / elapsed }

    /// Runs `connections` connections against `port` for `duration` seconds, asking for `paths` in turn (each of
    /// wrk's threads from its own place in the list) with `headers`. Throws if wrk is missing, or if any answer
    /// was not 2xx or 3xx, or any connection failed.
    static func run(
        port: Int, connections: Int, duration: Double, headers: [(String, String)] = [], paths: [String]
    ) async throws -> WrkLoad {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = directory + "/load.lua"
        try luaScript(headers: headers, paths: paths).write(toFile: script, atomically: true, encoding: .utf8)
        let threads = min(connections, 2)
        let output = try await runProcess(
            "wrk", ["-t\(threads)", "-c\(connections)", "-d\(Int(duration.rounded(.up)))s", "-s", script, "http://127.0.0.1:\(port)"])
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
            let summary = try? JSONDecoder().decode(Summary.self, from: Data(line.utf8))
        else { throw BenchError("wrk printed no summary:\n\(output)") }
        guard summary.status == 0, summary.connect + summary.read + summary.write + summary.timeout == 0 else {
            throw BenchError(
                "wrk: \(summary.status) answers not 2xx/3xx, \(summary.connect) connect, \(summary.read) read, \(summary.write) write and "
                    + "\(summary.timeout) timeout errors (\(paths.first ?? ""))")
        }
        return WrkLoad(
            requests: summary.requests, elapsed: Double(summary.duration) / 1_000_000, p50: Double(summary.p50) / 1_000,
            p99: Double(summary.p99) / 1_000)
    }

    func line(_ name: String) -> String {
        String(format: "%@: %.0f req/s, p50 %.2f ms, p99 %.2f ms", name, throughput, p50, p99)
    }

    /// What the script's `done` prints: counts, the run's length and the latency percentiles in microseconds.
    private struct Summary: Decodable {
        var requests: Int
        var duration: Int
        var status: Int
        var connect: Int
        var read: Int
        var write: Int
        var timeout: Int
        var p50: Int
        var p99: Int
    }

    /// A wrk script that cycles through `paths`, each thread starting at its own offset, and prints a JSON summary.
    private static func luaScript(headers: [(String, String)], paths: [String]) -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let table = paths.map(quoted).joined(separator: ",\n")
        let headerLines = headers.map { "wrk.headers[\(quoted($0.0))] = \(quoted($0.1))" }.joined(separator: "\n")
        return """
            local paths = {
            \(table)
            }
            \(headerLines)
            local threads = 0
            function setup(thread)
              thread:set("offset", threads * 7919)
              threads = threads + 1
            end
            local count = 0
            function init(args)
              count = offset or 0
            end
            function request()
              count = count + 1
              return wrk.format("GET", paths[(count % #paths) + 1])
            end
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format(
                '{"requests":%d,"duration":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50":%d,"p99":%d}\\n',
                summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
                latency:percentile(50), latency:percentile(99)))
            end
            """
    }
}

/// Runs `command` (found on PATH) with `arguments` and returns what it printed, without blocking a thread of
/// Swift's pool while it runs (the server under test shares that pool).
func runProcess(_ command: String, _ arguments: [String]) async throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [command] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    let text = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
        process.terminationHandler = { _ in
            let data = output.fileHandleForReading.readDataToEndOfFile()
            continuation.resume(returning: String(decoding: data, as: UTF8.self))
        }
        do {
            try process.run()
        } catch {
            continuation.resume(throwing: BenchError("\(command) could not start (\(error)); on Debian: apt-get install \(command)"))
        }
    }
    guard process.terminationStatus == 0 else {
        throw BenchError("\(command) failed (exit \(process.terminationStatus); on Debian: apt-get install \(command)):\n\(text)")
    }
    return text
}
