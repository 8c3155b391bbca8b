import Foundation

/// Turns CSV records into typed rows of a Table Schema: the header must name the schema's fields (in any
/// order; extra or missing labels refuse the file), and every cell is cast and checked.
public struct RowReader: Sendable {
    public let schema: TableSchema
    /// For each schema field, its column in the file.
    let columns: [Int]
    /// For each schema field, its reader.
    let readers: [CellReader]
    let width: Int

    /// Problems with the header line, in Frictionless's terms.
    public struct HeaderProblem: Error, Sendable, Equatable {
        /// `missing-label`, `extra-label`, `duplicate-label` or `blank-label`.
        public let type: String
        public let label: String

        public init(type: String, label: String) {
            self.type = type
            self.label = label
        }
    }

    /// Reads the header; throws the first problem with it.
    public init(schema: TableSchema, header: [String]) throws(HeaderProblem) {
        let labels = header.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen: Set<String> = []
        for label in labels {
            if label.isEmpty { throw HeaderProblem(type: "blank-label", label: label) }
            if !seen.insert(label).inserted { throw HeaderProblem(type: "duplicate-label", label: label) }
            if schema.field(label) == nil { throw HeaderProblem(type: "extra-label", label: label) }
        }
        var columns: [Int] = []
        for field in schema.fields {
            guard let index = labels.firstIndex(of: field.name) else { throw HeaderProblem(type: "missing-label", label: field.name) }
            columns.append(index)
        }
        self.schema = schema
        self.columns = columns
        self.readers = schema.fields.map { CellReader($0, missingValues: schema.missingValues) }
        self.width = labels.count
    }

    /// A row's values in schema order, or its problems (each naming the field, value and error type).
    public func read(_ record: [String]) -> Result<[FieldValue], RowProblem> {
        if record.count != width {
            let type = record.count < width ? "missing-cell" : "extra-cell"
            return .failure(RowProblem(type: type, errors: []))
        }
        var values: [FieldValue] = []
        values.reserveCapacity(columns.count)
        var errors: [CellError] = []
        for index in columns.indices {
            switch readers[index].read(record[columns[index]]) {
            case .success(let value): values.append(value)
            case .failure(let error): errors.append(error)
            }
        }
        return errors.isEmpty ? .success(values) : .failure(RowProblem(type: "cell", errors: errors))
    }
}

/// Why a row was refused: a shape problem (`missing-cell`, `extra-cell`) or cell errors.
public struct RowProblem: Error, Sendable, Equatable {
    public let type: String
    public let errors: [CellError]

    public init(type: String, errors: [CellError]) {
        self.type = type
        self.errors = errors
    }
}
