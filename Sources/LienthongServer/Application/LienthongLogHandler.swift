import Logging

/// Writes log lines exactly as swift-log's `StreamLogHandler` does (standard error,
/// `time level label: key=value … [source] message`), but renders a logger's metadata only when a line is
/// written. `StreamLogHandler` renders all of it again each time one key is set, and every request sets its id
/// and caller: 3–4% of a gateway read in perf, for lines that at the default level are mostly never written.
///
/// `lienthong` and the benchmarks install it at start (`LoggingSystem.bootstrap(LienthongLogHandler.init)`).
public struct LienthongLogHandler: LogHandler {
    private let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(label: String) {
        self.label = label
        metadataProvider = LoggingSystem.metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var stream = StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
        stream.logLevel = logLevel
        stream.metadata = metadata
        stream.log(event: event)
    }
}
