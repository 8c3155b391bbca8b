import Foundation
import Logging
import Synchronization

/// Captures every log line of the test process, so that a test can prove that secrets never reach logs.
///
/// `install()` bootstraps swift-log once for the whole process; lines also go to standard error when
/// `LIENTHONG_TEST_LOGS=1`.
public enum TestLogs {
    private static let lines = Mutex<[String]>([])
    private static let installed = Mutex(false)

    public static func install() {
        installed.withLock { done in
            guard !done else { return }
            done = true
            let echo = ProcessInfo.processInfo.environment["LIENTHONG_TEST_LOGS"] == "1"
            LoggingSystem.bootstrap { label in CapturingHandler(label: label, echo: echo) }
        }
    }

    /// Everything logged so far, one entry per line with its metadata.
    public static var captured: [String] { lines.withLock { $0 } }

    fileprivate static func append(_ line: String) {
        lines.withLock { lines in
            if lines.count > 200_000 { lines.removeFirst(100_000) }
            lines.append(line)
        }
    }

    private struct CapturingHandler: LogHandler {
        let label: String
        let echo: Bool
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let line = "\(event.level) \(label): \(event.message) \(merged.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " "))"
            TestLogs.append(line)
            if echo { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
    }
}
