import NIOCore
import PostgresNIO
import SQLKit

/// Rows made ready before a statement in the form PostgreSQL reads fastest from bound values: one `text[]` per
/// column, in its binary format, which `unnest` turns back into rows (`table`).
///
/// Measured on 2,000 audit rows: a JSON value took 8 ms to read (5.5 of them parsing it), `COPY` 2.5 ms. Arrays need
/// no parsing, and unlike `COPY` they go in the statement itself, so rows and the statements around them make one
/// round trip. (PostgresNIO's own arrays take no NULL elements, hence `TextArray`.)
struct ArrayRows: Sendable {
    /// The rows, one array per column.
    private(set) var columns: [TextArray]
    private(set) var count = 0

    init(columns: Int, capacity: Int = 0) {
        self.columns = (0..<columns).map { _ in TextArray(capacity: capacity / max(columns, 1)) }
    }

    /// Appends a row, one value per column, integers as their text (`integer(_:)` reads them back).
    mutating func append(_ row: [JSONRows.Value]) {
        for (index, value) in row.enumerated() {
            switch value {
            case .text(let text): columns[index].append(text)
            case .integer(let number): columns[index].append(String(number))
            case .number(let number): columns[index].append(number.description)
            case .boolean(let flag): columns[index].append(flag ? "true" : "false")
            }
        }
        count += 1
    }

    /// The rows as a table `r` with columns `c0`, `c1`, ….
    var table: SQLQueryString {
        let arrays = columns.map { "\(bind: $0)::text[]" as SQLQueryString }.joined(separator: ", ")
        return "unnest(" + arrays + ") \(unsafeRaw: Self.alias(columns: columns.count))"
    }

    /// What `unnest` of the arrays is called: a table `r` with columns `c0`, `c1`, ….
    static func alias(columns: Int) -> String {
        "AS r(" + (0..<columns).map { "c\($0)" }.joined(separator: ", ") + ")"
    }

    /// Column `index` of a row as text.
    static func text(_ index: Int) -> String { "r.c\(index)" }

    /// Column `index` of a row as an integer.
    static func integer(_ index: Int) -> String { "CAST(r.c\(index) AS BIGINT)" }
}

/// A `text[]` with NULL elements allowed, its elements written into PostgreSQL's binary array format as they come.
struct TextArray: PostgresNonThrowingEncodable, Encodable, Sendable {
    /// Each element as its length (-1 for NULL) and its UTF-8.
    private var elements: ByteBuffer
    private var count: Int32 = 0
    private var hasNull = false

    init(capacity: Int = 0) {
        elements = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func append(_ text: String?) {
        count += 1
        guard let text else {
            hasNull = true
            elements.writeInteger(-1, as: Int32.self)
            return
        }
        elements.writeInteger(Int32(text.utf8.count))
        elements.writeString(text)
    }

    static var psqlType: PostgresDataType { .textArray }
    static var psqlFormat: PostgresFormat { .binary }

    /// Dimensions, whether there are NULLs, the element type, then the one dimension's length and lower bound (none
    /// for an empty array), then the elements.
    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(count == 0 ? 0 : 1, as: Int32.self)
        buffer.writeInteger(hasNull ? 1 : 0, as: Int32.self)
        buffer.writeInteger(PostgresDataType.text.rawValue)
        guard count > 0 else { return }
        buffer.writeInteger(count)
        buffer.writeInteger(1, as: Int32.self)
        buffer.writeImmutableBuffer(elements)
    }

    /// Only PostgreSQL binds it (`encode(into:context:)`); SQLKit asks that a bound value be `Encodable` as well.
    func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath, debugDescription: "a text[] for PostgreSQL only"))
    }
}
