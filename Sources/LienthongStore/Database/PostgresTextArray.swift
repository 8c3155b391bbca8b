import NIOCore
import PostgresNIO

/// A `text[]` bound in PostgreSQL's binary array format, NULL elements included (PostgresNIO's own arrays have no
/// optional elements), written element by element as its rows are made: no Swift array of the strings is kept.
struct PostgresTextArray: Sendable, Encodable, PostgresThrowingDynamicTypeEncodable {
    private var elements: ByteBuffer
    private(set) var count = 0
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
        let lengthAt = elements.writerIndex
        elements.writeInteger(0, as: Int32.self)
        let length = elements.writeString(text)
        elements.setInteger(Int32(length), at: lengthAt)
    }

    var psqlType: PostgresDataType { .textArray }
    var psqlFormat: PostgresFormat { .binary }

    /// The array's header (one dimension, whether any element is NULL, the element type, the length and the lower
    /// bound 1), then the elements, each its length (-1: NULL) and its bytes; an empty array has no dimension.
    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(count == 0 ? 0 : 1, as: Int32.self)
        buffer.writeInteger(hasNull ? 1 : 0, as: Int32.self)
        buffer.writeInteger(PostgresDataType.text.rawValue, as: UInt32.self)
        guard count > 0 else { return }
        buffer.writeInteger(Int32(count), as: Int32.self)
        buffer.writeInteger(1, as: Int32.self)
        buffer.writeImmutableBuffer(elements)
    }

    /// Only PostgreSQL takes it (PostgresKit binds it in the binary form above): any other encoder is refused.
    func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(
            self, EncodingError.Context(codingPath: encoder.codingPath, debugDescription: "a text[] binds to PostgreSQL only"))
    }
}
