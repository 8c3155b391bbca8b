/// Reads the cells of one field as `SchemaField.read` does, with what a cell's checks look up found once: the
/// enum as a set (codes lists run to hundreds), the pattern's byte matcher, whether only the empty text is
/// missing. A load or a quality check reads millions of cells of the same few fields. (A class: as a struct, each
/// cell's call copied the whole field and its constraints.)
public final class CellReader: Sendable {
    public let field: SchemaField
    private let missingValues: [String]
    let onlyEmptyIsMissing: Bool
    let allowed: Set<String>?
    let pattern: BytePattern?

    public convenience init(_ field: SchemaField, missingValues: [String] = [""]) {
        self.init(field, missingValues: missingValues, preparing: true)
    }

    /// With `preparing` false (one cell), the enum stays a list: making a set would cost more than it saves.
    init(_ field: SchemaField, missingValues: [String], preparing: Bool) {
        self.field = field
        self.missingValues = missingValues
        onlyEmptyIsMissing = missingValues == [""]
        allowed = preparing ? field.constraints.enum.map(Set.init) : nil
        pattern = field.constraints.pattern.flatMap { PatternCache.shared.bytePattern($0) }
    }

    /// The cell's value, cast and checked against the field's constraints (not `unique`).
    public func read(_ text: String) -> Result<FieldValue, CellError> {
        let missing = onlyEmptyIsMissing ? text.isEmpty : missingValues.contains(text)
        let cast: Result<FieldValue, CellError> = missing ? .success(.null) : field.castPresent(text)
        switch cast {
        case .failure(let error): return .failure(error)
        case .success(let value):
            let error = field.check(value, original: text, allowed: allowed, simplePattern: pattern)
            if let error { return .failure(error) }
            return .success(value)
        }
    }
}
