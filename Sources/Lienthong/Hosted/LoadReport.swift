import Foundation

/// How a load treats the rows already there and the rows that fail.
public struct LoadOptions: Sendable, Hashable {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// All old rows out, all new rows in, at once: readers see one or the other.
        case replace
        /// New rows added, rows with an existing primary key replaced.
        case upsert
    }

    public enum OnError: String, Sendable, Codable, CaseIterable {
        /// Any bad row refuses the whole load; nothing changes.
        case reject
        /// Bad rows are left out and reported; the rest loads.
        case skip
    }

    /// The file's format.
    public enum Format: String, Sendable, Codable, CaseIterable {
        case csv
        /// One JSON object per line.
        case ndjson
        /// One JSON array of objects.
        case json

        /// The format a file's name suggests: `.ndjson` or `.jsonl`, `.json`, else CSV.
        public init(fileName: String) {
            let name = fileName.lowercased()
            if name.hasSuffix(".ndjson") || name.hasSuffix(".jsonl") {
                self = .ndjson
            } else if name.hasSuffix(".json") {
                self = .json
            } else {
                self = .csv
            }
        }
    }

    public var mode: Mode
    public var onError: OnError
    public var format: Format

    public init(mode: Mode = .replace, onError: OnError = .reject, format: Format = .csv) {
        self.mode = mode
        self.onError = onError
        self.format = format
    }
}

/// What a load did: rows read, loaded and refused, and the first errors with their row, field, value and
/// Frictionless error type.
public struct LoadReport: Sendable, Codable, Hashable {
    public var id: UUID
    public var datasetCode: String
    public var schemaVersion: Int
    public var mode: LoadOptions.Mode
    public var onError: LoadOptions.OnError
    /// `loaded` or `refused` (nothing changed).
    public var outcome: String
    public var rowsRead: Int
    public var rowsLoaded: Int
    public var rowsRejected: Int
    public var errors: [LoadError]
    public var loadedBy: String
    public var startedAt: Date
    public var finishedAt: Date

    /// The most errors a report lists (the counts stay exact).
    public static let maximumErrors = 1_000

    public init(
        id: UUID = UUID(), datasetCode: String, schemaVersion: Int, options: LoadOptions, loadedBy: String, startedAt: Date = Date()
    ) {
        self.id = id
        self.datasetCode = datasetCode
        self.schemaVersion = schemaVersion
        self.mode = options.mode
        self.onError = options.onError
        self.outcome = "loaded"
        self.rowsRead = 0
        self.rowsLoaded = 0
        self.rowsRejected = 0
        self.errors = []
        self.loadedBy = loadedBy
        self.startedAt = startedAt
        self.finishedAt = startedAt
    }

    /// Adds an error if the list is not full.
    public mutating func add(_ error: LoadError) {
        if errors.count < Self.maximumErrors { errors.append(error) }
    }

    /// Adds an error even when the list is full (it then takes the last one's place): for an error that alone says
    /// why the load stopped, found after later rows were already checked (a duplicate key that stopped a COPY).
    public mutating func addKept(_ error: LoadError) {
        if errors.count >= Self.maximumErrors { errors.removeLast() }
        errors.append(error)
    }
}

/// One problem found by a load.
public struct LoadError: Sendable, Codable, Hashable {
    /// The row number in the file (the header is row 1), or nil for the file as a whole.
    public var row: Int?
    public var field: String?
    public var value: String?
    /// A Frictionless error type: `type-error`, `constraint-error`, `primary-key`, `missing-cell`,
    /// `extra-label`, `encoding-error`, `format-error`…
    public var type: String
    /// The rule that failed (`integer`, `maxLength`, `required`…) where there is one.
    public var rule: String?

    public init(row: Int?, field: String? = nil, value: String? = nil, type: String, rule: String? = nil) {
        self.row = row
        self.field = field
        self.value = value.map { String($0.prefix(200)) }
        self.type = type
        self.rule = rule
    }
}
