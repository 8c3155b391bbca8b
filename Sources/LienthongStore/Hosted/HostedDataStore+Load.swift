import Foundation
import Lienthong
import SQLKit
import Synchronization

extension HostedDataStore {
    /// Rows per INSERT statement.
    static let rowsPerBatch = 2_000
    /// Rows per `COPY` statement (PostgreSQL's replace loads that refuse bad files): between two, the server waits for
    /// the next to be sent; at 5,000 rows a third of the two cores sat idle so (about 2 MB of text per statement for
    /// rows of a hundred bytes).
    static let rowsPerCopy = 20_000

    /// Loads CSV, NDJSON or JSON-array bytes into the dataset's newest schema version, in one transaction: with `replace` the old
    /// rows go and the new come at once; with `onError: reject` any bad row leaves everything as it was.
    /// Memory holds a few batches of rows whatever the file's size. The report is recorded either way.
    public func load<Chunks: AsyncSequence>(
        _ chunks: Chunks, into dataset: Dataset, schema: TableSchema, options: LoadOptions, loadedBy: String
    ) async throws -> LoadReport where Chunks.Element == [UInt8] {
        try await load(chunks, into: dataset, schema: schema, options: options, loadedBy: loadedBy, checking: nil).load
    }

    /// Loads as `load(_:into:schema:options:loadedBy:)` does, and passes every record through `checker` in the same
    /// pass: the quality of the file as it was read (nil without a checker).
    public func load<Chunks: AsyncSequence>(
        _ chunks: Chunks, into dataset: Dataset, schema: TableSchema, options: LoadOptions, loadedBy: String, checking checker: QualityChecker?
    ) async throws -> (load: LoadReport, quality: QualityReport?) where Chunks.Element == [UInt8] {
        var report = LoadReport(datasetCode: dataset.code, schemaVersion: dataset.schemaVersion, options: options, loadedBy: loadedBy)
        let table = Self.tableName(dataset, version: dataset.schemaVersion)
        if options.mode == .upsert, schema.primaryKey.isEmpty {
            report.add(LoadError(row: nil, type: "schema-error", rule: "upsert needs a primary key"))
            return (try await refuse(report, dataset: dataset), nil)
        }
        do {
            let outcome = try await database.bulkWrite { sql, copier -> (LoadReport, QualityReport?) in
                try await Self.ensureTable(sql, name: table, schema: schema)
                if options.mode == .replace { try await sql.raw("DELETE FROM \(ident: table)").run() }
                var session = LoadSession(table: table, schema: schema, options: options, report: report, dialect: database.dialect)
                // A replace that refuses a bad file can copy: the table is empty and any duplicate refuses the load.
                if options.mode == .replace, options.onError == .reject { session.copier = copier }
                session.quality = checker
                // Whatever ends the reading early, the INSERT in flight finishes before the transaction rolls back.
                do {
                    switch options.format {
                    case .csv:
                        try await session.takeCSV(chunks, sql)
                    case .ndjson:
                        var reader = NDJSONReader(schema: schema)
                        try await session.takeJSON(chunks, sql, feed: { try reader.feed($0) }, finish: { try reader.finish() })
                    case .json:
                        var reader = JSONArrayReader(schema: schema)
                        try await session.takeJSON(chunks, sql, feed: { try reader.feed($0) }, finish: { try reader.finish() })
                    }
                    try await session.flush(sql)
                    try await session.settle()
                } catch {
                    await session.abandon()
                    throw error
                }
                // A failed COPY leaves the transaction unable to go on: the report is all there is to keep.
                if session.copyFailed { throw LoadRefused(report: session.report) }
                if !schema.foreignKeys.isEmpty {
                    try await Self.checkForeignKeys(schema, table: table, options: options, report: &session.report, sql, database: database)
                }
                if session.report.rowsRead == 0 && !session.sawHeader {
                    session.report.add(LoadError(row: nil, type: "format-error", rule: "empty file"))
                    throw LoadRefused(report: session.report)
                }
                if options.onError == .reject, session.report.rowsRejected > 0 { throw LoadRefused(report: session.report) }
                session.report.finishedAt = Date()
                try await Self.record(session.report, dataset: dataset, sql)
                return (session.report, session.quality?.finish())
            }
            database.recentLoads.forget()
            return outcome
        } catch let refused as LoadRefused {
            return (try await refuse(refused.report, dataset: dataset), nil)
        }
    }

    /// Records a refused load (nothing else changed) and returns its report.
    private func refuse(_ report: LoadReport, dataset: Dataset) async throws -> LoadReport {
        var report = report
        report.outcome = "refused"
        report.rowsLoaded = 0
        report.finishedAt = Date()
        let final = report
        try await database.write { sql in try await Self.record(final, dataset: dataset, sql) }
        return report
    }

    static func describe(_ failure: CSVReader.Failure) -> LoadError {
        switch failure {
        case .notUTF8(let record): LoadError(row: record, type: "encoding-error", rule: "UTF-8 (not Windows-1258 or TCVN3)")
        case .fieldTooLong(let record): LoadError(row: record, type: "format-error", rule: "field longer than 1 MiB")
        case .unterminatedQuote(let record): LoadError(row: record, type: "format-error", rule: "unterminated quote")
        case .nulCharacter(let record): LoadError(row: record, type: "encoding-error", rule: "no NUL character (U+0000)")
        }
    }

    static func describe(_ failure: JSONRecord.Failure) -> LoadError {
        switch failure {
        case .notUTF8(let row): LoadError(row: row, type: "encoding-error", rule: "UTF-8 (not Windows-1258 or TCVN3)")
        case .nulCharacter(let row): LoadError(row: row, type: "encoding-error", rule: "no NUL character (U+0000)")
        case .notAnObject(let row): LoadError(row: row, type: "format-error", rule: "a JSON object per record")
        case .tooLong(let row): LoadError(row: row, type: "format-error", rule: "record longer than 4 MiB")
        case .notAnArray(let byte): LoadError(row: nil, type: "format-error", rule: "one JSON array of objects (byte \(byte))")
        }
    }

    static func record(_ report: LoadReport, dataset: Dataset, _ sql: any SQLDatabase) async throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        try await sql.raw(
            """
            INSERT INTO dataset_loads (id, dataset_id, schema_version, mode, on_error, rows_read, rows_loaded, rows_rejected,
                outcome, report_json, loaded_by, started_at, finished_at)
            VALUES (\(bind: report.id.lowercasedString), \(bind: dataset.id.lowercasedString), \(bind: report.schemaVersion), \(bind: report.mode.rawValue),
                \(bind: report.onError.rawValue), \(bind: report.rowsRead), \(bind: report.rowsLoaded), \(bind: report.rowsRejected),
                \(bind: report.outcome), \(bind: json), \(bind: report.loadedBy), \(bind: Timestamp.string(report.startedAt)),
                \(bind: Timestamp.string(report.finishedAt)))
            """
        ).run()
    }

    /// When the dataset's rows were last loaded successfully (refused loads changed nothing), or nil.
    public func lastLoaded(_ dataset: Dataset) async throws -> Date? {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT MAX(finished_at) AS finished FROM dataset_loads
                WHERE dataset_id = \(bind: dataset.id.lowercasedString) AND outcome = 'loaded'
                """
            ).first()?.decode(column: "finished", as: String?.self).flatMap(Timestamp.date)
        }
    }

    /// When the dataset was last loaded, as this node read it less than half a second ago, else `lastLoaded(_:)`: for
    /// hot reads that may see a load made on another node that late (a load made through this node is seen at once).
    public func recentLastLoaded(_ dataset: Dataset) async throws -> Date? {
        try await database.recentLoads.value(for: dataset.id.lowercasedString) { try await lastLoaded(dataset) }
    }

    /// The loads of a dataset, newest first.
    public func loads(of dataset: Dataset, limit: Int = 50) async throws -> [LoadReport] {
        try await database.read { sql in
            let rows = try await sql.raw(
                "SELECT report_json FROM dataset_loads WHERE dataset_id = \(bind: dataset.id.lowercasedString) ORDER BY finished_at DESC LIMIT \(bind: limit)"
            ).all()
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try rows.map { try decoder.decode(LoadReport.self, from: Data(try $0.decode(column: "report_json", as: String.self).utf8)) }
        }
    }
}

/// The count a statement answers with (its row callback may run on another thread).
final class RowCounter: Sendable {
    private let count = Mutex(0)

    func set(_ value: Int) { count.withLock { $0 = value } }

    var value: Int { count.withLock { $0 } }
}

/// Thrown inside the load's transaction to roll it back, carrying the report.
struct LoadRefused: Error {
    let report: LoadReport
}

/// The state of one load: the header, the batch being gathered, and the report.
struct LoadSession {
    let table: String
    let schema: TableSchema
    let options: LoadOptions
    let dialect: Dialect
    var report: LoadReport
    var rowReader: RowReader?
    var sawHeader = false
    /// The line (NDJSON) or position (JSON array) of the JSON record being taken (CSV rows are counted from the header instead).
    var fileRow: Int?
    /// The rows gathered for the next INSERT, as one JSON value.
    var batch = JSONRows()
    /// On PostgreSQL, for a replace that refuses bad files: what copies the rows, and the rows gathered for it
    /// (instead of `batch`).
    var copier: BulkCopier?
    var copyBatch = CopyRows()
    /// A COPY met a duplicate key: the load is refused, the rest of the file is still checked but not written.
    var copyFailed = false
    /// The quality checker that reads the same records, when the load is checked in the same pass.
    var quality: QualityChecker?
    /// The file row of each row in the batch, to name duplicates.
    var batchRows: [Int] = []
    /// For an upsert, the positions of the primary key's fields, and the keys in the batch being gathered.
    var upsertKey: [Int]?
    var batchKeys: Set<[FieldValue]> = []
    /// The INSERTs or COPYs of the batches before, running while this one is gathered: the rows each wrote (fewer
    /// than sent when keys repeat), or the duplicate that stopped a COPY, or that a COPY before it stopped (none sent).
    var pending: [Task<(WrittenBatch, Int, BulkCopier.Duplicate?, stopped: Bool), any Error>] = []
    /// Why a CSV read as bytes stopped (its header refused), thrown once the chunk is read.
    var refusal: (any Error)?
    /// How many batches may be sent before the oldest is waited for: two smooth out the batches that take the
    /// database longer than usual (a page split, a checkpoint) while the next is read. Each waits for the one ahead.
    /// (A CSV read as bytes sends the batches one chunk fills before waiting: a few more.)
    static let batchesInFlight = 2

    init(table: String, schema: TableSchema, options: LoadOptions, report: LoadReport, dialect: Dialect) {
        self.table = table
        self.schema = schema
        self.options = options
        self.report = report
        self.dialect = dialect
        if options.mode == .upsert {
            upsertKey = schema.primaryKey.compactMap { key in schema.fields.firstIndex { $0.name == key } }
        }
    }

    /// Takes the records of an NDJSON or JSON-array file, the schema's field names standing for the header line.
    mutating func takeJSON<Chunks: AsyncSequence>(
        _ chunks: Chunks, _ sql: any SQLDatabase, feed: ([UInt8]) throws -> [JSONRecord],
        finish: () throws -> [JSONRecord]
    ) async throws where Chunks.Element == [UInt8] {
        try await take(schema.fields.map(\.name), sql)
        var empty = true
        do {
            for try await chunk in chunks {
                empty = empty && chunk.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
                for record in try feed(chunk) { try await take(record, sql) }
            }
            // An empty body is a failed upload, not "no rows": it must not empty the dataset.
            if empty {
                report.add(LoadError(row: nil, type: "format-error", rule: "empty file"))
                throw LoadRefused(report: report)
            }
            for record in try finish() { try await take(record, sql) }
        } catch let failure as JSONRecord.Failure {
            report.add(HostedDataStore.describe(failure))
            throw LoadRefused(report: report)
        }
    }

    /// Whether CSV records are read as bytes (`take(_:_:)` with a `CSVRow`): not for an upsert, whose batches must not
    /// hold a key twice.
    var readsBytes: Bool { upsertKey == nil }

    /// The most bytes of a chunk read before the batches they filled are waited for (a chunk may be a whole upload).
    static let sliceBytes = 1 << 20

    /// Takes the records of a CSV file, each chunk in slices of at most `sliceBytes`. The records before a broken
    /// one in its slice are taken first; then the break refuses the file, unless its header was refused already.
    mutating func takeCSV<Chunks: AsyncSequence>(_ chunks: Chunks, _ sql: any SQLDatabase) async throws where Chunks.Element == [UInt8] {
        var reader = CSVReader()
        do {
            for try await chunk in chunks {
                var start = 0
                repeat {
                    let end = min(start + Self.sliceBytes, chunk.count)
                    let slice = chunk[start..<end]
                    try await takeCSV(with: &reader, sql) { (reader, body) throws(CSVReader.Failure) in try reader.feed(slice, records: body) }
                    start = end
                } while start < chunk.count
            }
            try await takeCSV(with: &reader, sql) { (reader, body) throws(CSVReader.Failure) in try reader.finish(records: body) }
        } catch let failure as CSVReader.Failure {
            if let refusal { throw refusal }
            report.add(HostedDataStore.describe(failure))
            throw LoadRefused(report: report)
        }
    }

    /// Takes the records `read` hands out: as bytes, or as texts for an upsert.
    private mutating func takeCSV(
        with reader: inout CSVReader, _ sql: any SQLDatabase,
        _ read: (inout CSVReader, (CSVRow) -> Void) throws(CSVReader.Failure) -> Void
    ) async throws {
        var failure: CSVReader.Failure?
        if readsBytes {
            do {
                try read(&reader) { take($0, sql) }
            } catch {
                failure = error
            }
            try await settleChunk()
        } else {
            var records: [[String]] = []
            do {
                try read(&reader) { records.append($0.texts) }
            } catch {
                failure = error
            }
            for record in records { try await take(record, sql) }
        }
        if let failure { throw failure }
    }

    /// Takes a CSV record read as bytes: the header, or a row written straight into the batch when
    /// `RowReader.write` reads every cell, else taken as texts the way `take(_: [String], _:)` takes them. A full batch
    /// is sent at once; `settleChunk` then waits for the batches beyond those allowed in flight.
    mutating func take(_ row: CSVRow, _ sql: any SQLDatabase) {
        guard refusal == nil else { return }
        guard sawHeader, let rowReader else {
            do {
                try readHeader(row.texts)
            } catch {
                refusal = error
            }
            return
        }
        if row.isBlank { return }
        let written = copier != nil ? rowReader.write(row, into: &copyBatch) : rowReader.write(row, into: &batch)
        if written {
            report.rowsRead += 1
            quality?.check(row, number: report.rowsRead + 1)
            batchRows.append(report.rowsRead + 1)
            if batchIsFull { send(sql) }
            return
        }
        guard let (values, number) = check(row.texts) else { return }
        if gather(values, row: number, key: nil) { send(sql) }
    }

    /// After a chunk of CSV read as bytes: throws why it stopped, if it did, and waits until no more than
    /// `batchesInFlight` batches are in flight.
    mutating func settleChunk() async throws {
        if let refusal { throw refusal }
        while pending.count > Self.batchesInFlight { try await settleOldest() }
    }

    /// A JSON record, or a key the schema does not have (the row is refused as `extra-cell`).
    mutating func take(_ record: JSONRecord, _ sql: any SQLDatabase) async throws {
        switch record {
        case .record(let values, let row):
            fileRow = row
            try await take(values, sql)
        case .extraKey(let key, let row):
            report.rowsRead += 1
            report.rowsRejected += 1
            report.add(LoadError(row: row, field: key, type: "extra-cell"))
        }
    }

    /// Takes a record: the header, or a row that is checked and gathered into the batch being made, which is sent
    /// when full. The work on each row is in the synchronous methods below: in an `async` method every access to
    /// the session was checked for exclusivity at run time.
    mutating func take(_ record: [String], _ sql: any SQLDatabase) async throws {
        guard sawHeader else { return try readHeader(record) }
        guard let (values, row) = check(record) else { return }
        // PostgreSQL refuses to update one row twice in one statement: a key seen again in an upsert's batch starts
        // the next batch (where it updates the row as SQLite would have in the same statement).
        let key = batchKey(values)
        if let key, batchKeys.contains(key) { try await flush(sql) }
        if gather(values, row: row, key: key) { try await flush(sql) }
    }

    private mutating func readHeader(_ record: [String]) throws {
        sawHeader = true
        quality?.readHeader(names: record.map { $0.trimmingCharacters(in: .whitespaces) })
        do {
            rowReader = try RowReader(schema: schema, header: record)
        } catch {
            report.add(LoadError(row: 1, field: error.label, type: error.type))
            throw LoadRefused(report: report)
        }
    }

    /// The row's values and file row, counted as read; nil for a blank row, or a refused one (its errors reported).
    private mutating func check(_ record: [String]) -> ([FieldValue], Int)? {
        guard let rowReader else { return nil }
        if record.allSatisfy(\.isEmpty) { return nil }  // a blank row
        report.rowsRead += 1
        let row = fileRow ?? report.rowsRead + 1
        quality?.check(texts: record, number: row)
        switch rowReader.read(record) {
        case .success(let values):
            return (values, row)
        case .failure(let problem):
            report.rowsRejected += 1
            if problem.errors.isEmpty {
                report.add(LoadError(row: row, type: problem.type))
            } else {
                for error in problem.errors {
                    report.add(LoadError(row: row, field: error.field, value: error.value, type: error.frictionlessType, rule: error.rule))
                }
            }
            return nil
        }
    }

    /// The primary key of an upsert's row, which its INSERT batch must not hold twice; nil for any other load.
    private func batchKey(_ values: [FieldValue]) -> [FieldValue]? {
        guard copier == nil, let upsertKey else { return nil }
        return upsertKey.map { values[$0] }
    }

    /// Adds the values (and their `batchKey`) to the batch; whether it is full.
    private mutating func gather(_ values: [FieldValue], row: Int, key: [FieldValue]?) -> Bool {
        batchRows.append(row)
        if copier != nil {
            copyBatch.append(values)
        } else {
            if let key { batchKeys.insert(key) }
            batch.append(values)
        }
        return batchIsFull
    }

    /// Whether the batch being gathered (`copyBatch` when copying, else `batch`) is full.
    private var batchIsFull: Bool {
        copier != nil ? copyBatch.count >= HostedDataStore.rowsPerCopy : batch.count >= HostedDataStore.rowsPerBatch
    }

    /// Sends the gathered rows to the database and returns without waiting for them: the next batch is read and
    /// checked while this one is written (reading and writing each took about half of a load). Up to
    /// `batchesInFlight` are sent (and the batches a slice of CSV fills), each waiting for the one ahead, so one
    /// statement at most runs on the connection and they run in the file's order. Rows whose primary key is already
    /// there (an earlier row of the same file) are duplicates: refused by `primary-key` errors, unless the mode is upsert.
    mutating func flush(_ sql: any SQLDatabase) async throws {
        while pending.count >= Self.batchesInFlight { try await settleOldest() }
        send(sql)
    }

    /// Sends the gathered rows after the batches in flight, without waiting for any.
    mutating func send(_ sql: any SQLDatabase) {
        let ahead = pending.last
        if let copier {
            let rows = copyBatch
            copyBatch = CopyRows(capacity: rows.byteCount)
            let written = WrittenBatch(fileRows: batchRows)
            batchRows.removeAll(keepingCapacity: true)
            guard rows.count > 0, !copyFailed else { return }
            let columns = schema.fields.map(\.name)
            pending.append(
                Task { [table] in
                    // After the batch ahead; none once a COPY failed (the transaction can do nothing more).
                    if let ahead {
                        let before = try await ahead.value
                        if before.2 != nil || before.stopped { return (written, 0, nil, stopped: true) }
                    }
                    do {
                        try await copier.copy(rows, into: table, columns: columns)
                        return (written, written.rows, nil, stopped: false)
                    } catch let duplicate as BulkCopier.Duplicate {
                        return (written, 0, duplicate, stopped: false)
                    }
                })
            return
        }
        guard batch.count > 0 else { return }
        let written = WrittenBatch(fileRows: batchRows)
        let statements = insert(batch)
        batch = JSONRows(capacity: 1 << 16)
        batchRows.removeAll(keepingCapacity: true)
        batchKeys.removeAll(keepingCapacity: true)
        pending.append(
            Task {
                if let ahead { _ = try await ahead.value }  // in order; a failure ahead stops this one
                var inserted = written.rows
                for statement in statements {
                    let counter = RowCounter()
                    try await sql.raw(statement.query).run { row in
                        if statement.counts, let count = try? row.decode(column: "n", as: Int.self) { counter.set(count) }
                    }
                    if statement.counts { inserted = counter.value }
                }
                return (written, inserted, nil, stopped: false)
            })
    }

    /// Waits for every batch in flight and counts their rows in the report.
    mutating func settle() async throws {
        while !pending.isEmpty { try await settleOldest() }
    }

    /// Waits for the oldest batch in flight and counts its rows in the report.
    mutating func settleOldest() async throws {
        let (written, inserted, duplicate, _) = try await pending.removeFirst().value
        // After a failed COPY the batches behind it were not sent: nothing of them to count.
        guard !copyFailed else { return }
        if let duplicate {
            copyFailed = true
            report.rowsRejected += 1
            report.addKept(written.describe(duplicate, primaryKey: schema.primaryKey))
            return
        }
        report.rowsLoaded += inserted
        if inserted < written.rows {
            let duplicates = written.rows - inserted
            report.rowsRejected += duplicates
            // Which rows: those whose key is not among the returned ones is costly to map exactly; name the batch.
            report.addKept(
                LoadError(
                    row: written.firstRow, type: "primary-key",
                    rule: "\(duplicates) duplicate key(s) in rows \(written.firstRow ?? 0)–\(written.lastRow ?? 0)"))
        }
    }

    /// Waits for the batches in flight before the load's transaction ends in an error, so that nothing runs on the
    /// connection after its rollback; their own errors, if any, give way to the one already being thrown.
    mutating func abandon() async {
        for running in pending { _ = try? await running.value }
        pending = []
    }

    /// The statements that write `rows`; the one marked `counts` answers with the number of rows it inserted (`n`).
    private func insert(_ rows: JSONRows) -> [(query: SQLQueryString, counts: Bool)] {
        let columns = schema.fields.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let values = schema.fields.enumerated().map { HostedDataStore.jsonColumn($0.offset, type: $0.element.type, dialect: dialect) }
        // `WHERE true` keeps SQLite from reading `ON CONFLICT` as the join constraint of the SELECT.
        let insert: SQLQueryString = """
            INSERT INTO \(ident: table) (\(unsafeRaw: columns))
            SELECT \(unsafeRaw: values.joined(separator: ", ")) FROM \(rows.table(dialect)) WHERE true
            """
        let keys = schema.primaryKey
        guard !keys.isEmpty else { return [(insert, false)] }
        let keyList = keys.map { "\"\($0)\"" }.joined(separator: ", ")
        if options.mode == .upsert {
            let updates = schema.fields.map(\.name).filter { !keys.contains($0) }.map { "\"\($0)\" = excluded.\"\($0)\"" }
            let conflict: SQLQueryString =
                updates.isEmpty
                ? " ON CONFLICT (\(unsafeRaw: keyList)) DO NOTHING"
                : " ON CONFLICT (\(unsafeRaw: keyList)) DO UPDATE SET \(unsafeRaw: updates.joined(separator: ", "))"
            return [(insert + conflict, false)]
        }
        // How many went in, without a row back per key: SQLite's `changes()` right after, PostgreSQL's count of a
        // data-modifying WITH (which SQLite does not have).
        switch dialect {
        case .sqlite:
            return [(insert + " ON CONFLICT DO NOTHING", false), ("SELECT changes() AS n", true)]
        case .postgres:
            return [("WITH inserted AS (" + insert + " ON CONFLICT DO NOTHING RETURNING 1) SELECT COUNT(*) AS n FROM inserted", true)]
        }
    }
}

/// A batch sent to the database: the file row of each of its rows, to name duplicates (a COPY's error names the
/// line among them).
struct WrittenBatch: Sendable {
    let fileRows: [Int]

    var rows: Int { fileRows.count }
    var firstRow: Int? { fileRows.first }
    var lastRow: Int? { fileRows.last }

    /// The load error for the duplicate that stopped this batch's COPY: its file row, the key's field and value as
    /// PostgreSQL gives them (`Key (cccd)=(001…) already exists.`), `primary-key` or `unique-error`.
    func describe(_ duplicate: BulkCopier.Duplicate, primaryKey: [String]) -> LoadError {
        // No line (PostgreSQL's messages in another language): no row rather than the wrong one.
        let row = duplicate.line.flatMap { (1...fileRows.count).contains($0) ? fileRows[$0 - 1] : nil }
        var field: String?
        var value: String?
        if let detail = duplicate.detail, let open = detail.range(of: "Key ("),
            let middle = detail.range(of: ")=(", range: open.upperBound..<detail.endIndex),
            let close = detail.range(of: ") already exists", options: .backwards, range: middle.upperBound..<detail.endIndex)
        {
            field = String(detail[open.upperBound..<middle.lowerBound]).replacingOccurrences(of: "\"", with: "")
            value = String(detail[middle.upperBound..<close.lowerBound])
        }
        let isPrimaryKey = duplicate.constraint?.hasSuffix("_pkey") ?? (field == primaryKey.joined(separator: ", "))
        return LoadError(
            row: row, field: field, value: value, type: isPrimaryKey ? "primary-key" : "unique-error",
            rule: isPrimaryKey ? "primary key repeated" : "unique")
    }
}
