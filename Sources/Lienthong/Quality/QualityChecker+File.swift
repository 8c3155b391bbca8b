import Foundation
import Synchronization

extension QualityChecker {
    /// Files smaller than this are read by one core.
    static let parallelThreshold = 8 << 20

    /// Checks a CSV file end to end: reads it once, checks every row, returns the report. A large file is cut in two
    /// at a record boundary and the halves are checked on two cores, then merged: the counts are the same.
    public static func check(
        file path: String, schema: TableSchema, rules: QualityRules = .init(), asOf: Date, lookups: [String: DatasetLookup] = [:]
    ) throws(QualityInputError) -> QualityReport {
        let checker = try QualityChecker(schema: schema, rules: rules, asOf: asOf, lookups: lookups)
        if let report = try? checkInParts(path: path, checker: checker) { return report }
        return try checkInOnePass(path: path, checker: checker)
    }

    /// Both halves at once; nil when the file is small, its header is quoted, or the cut turned out not to be at a
    /// record boundary (then the whole file is read again in one pass, which also names any error exactly).
    private static func checkInParts(path: String, checker: QualityChecker) throws -> QualityReport? {
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size >= parallelThreshold, ProcessInfo.processInfo.activeProcessorCount > 1,
            let header = try CSVScanner.header(path: path), let cut = try CSVScanner.split(path: path, range: header.end..<size)
        else { return nil }
        var base = checker
        base.readHeader(names: header.names)
        let template = base
        let parts = [header.end..<cut, cut..<size]
        // Bounded: a first block of blank lines must not make a gigabyte file look like a billion rows.
        let rows = min((size - header.end) / max(header.bytesPerRecord, 16), 1 << 25)
        let outcomes = Mutex<[Int: (checker: QualityChecker, records: Int)]>([:])
        DispatchQueue.concurrentPerform(iterations: parts.count) { part in
            var checker = template
            // Room for the keys: the first half's set will take the second's in the merge, so it is made for all.
            checker.reserve(rows: part == 0 ? rows : rows / 2)
            guard
                let records = try? CSVScanner.scan(
                    path: path, range: parts[part], delimiter: header.delimiter,
                    { number, row in
                        checker.check(row, number: number + 1)
                    })
            else { return }
            let finished = checker
            outcomes.withLock { $0[part] = (finished, records) }
        }
        let results = outcomes.withLock { $0 }
        guard let first = results[0], let second = results[1] else { return nil }
        var merged = first.checker
        merged.merge(second.checker, rowOffset: first.records)
        return merged.finish()
    }

    private static func checkInOnePass(path: String, checker: QualityChecker) throws(QualityInputError) -> QualityReport {
        var checker = checker
        var sawHeader = false
        do {
            try CSVScanner.scan(path: path) { number, row in
                if number == 1 {
                    checker.readHeader(row)
                    sawHeader = true
                } else {
                    checker.check(row, number: number)
                }
            }
        } catch let failure as CSVScanner.Failure {
            switch failure {
            case .cannotOpen: throw .file(Messages.qualityFileUnreadable.format(path))
            case .notUTF8(let record): throw .file(Messages.qualityFileNotUTF8.format(String(record)))
            case .unterminatedQuote(let record): throw .file(Messages.qualityFileBadCSV.format(String(record), "unterminated quote"))
            case .recordTooLong(let record): throw .file(Messages.qualityFileBadCSV.format(String(record), "record longer than 64 MiB"))
            }
        } catch {
            throw .file(Messages.qualityFileUnreadable.format(path))
        }
        guard sawHeader else { throw .file(Messages.qualityFileEmpty) }
        return checker.finish()
    }
}
