import Foundation

extension QualityChecker {
    /// Checks a CSV file end to end: reads it once, checks every row, returns the report.
    public static func check(
        file path: String, schema: TableSchema, rules: QualityRules = .init(), asOf: Date, lookups: [String: DatasetLookup] = [:]
    ) throws(QualityInputError) -> QualityReport {
        var checker = try QualityChecker(schema: schema, rules: rules, asOf: asOf, lookups: lookups)
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
