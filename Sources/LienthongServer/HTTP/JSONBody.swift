import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import NIOCore

/// A JSON request body the API accepts: it names its fields, so that an unknown one is refused
/// rather than silently ignored.
protocol APIInput: Decodable, Sendable {
    /// Every field the body may have.
    static var fields: Set<String> { get }
}

extension Request {
    /// Refuses (415) a body that is not declared as JSON (`application/json` or a `+json` type).
    func requireJSONContentType() throws {
        let contentType = headers[.contentType] ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == "application/json" || (mediaType?.hasSuffix("+json") ?? false) else {
            throw Problem(
                .unsupportedMediaType, type: "unsupported-media-type",
                title: Messages.unsupportedMediaType.format(contentType.isEmpty ? "—" : contentType))
        }
    }

    /// Reads a JSON object body: the content type (415), a size limit (413), no NUL character and well-formed JSON
    /// (400), an object (400). Returns it parsed and as the bytes it came in.
    func jsonObject(limit: Int) async throws -> (object: [String: Any], data: Data) {
        try requireJSONContentType()
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw Problem(.contentTooLarge, type: "body-too-large", title: Messages.bodyTooLarge.format(String(limit)))
        }
        if JSONText.mayHoldNul(buffer.readableBytesView) { throw Problem.nulCharacter }
        let data = Data(buffer.readableBytesView)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw Problem(.badRequest, type: "malformed-json", title: Messages.malformedJSON.format("—"))
        }
        guard let dictionary = object as? [String: Any] else {
            throw Problem(.badRequest, type: "malformed-json", title: Messages.malformedJSON.format("expected an object"))
        }
        return (dictionary, data)
    }

    /// Reads and decodes a JSON body with the checks every API input gets: those of `jsonObject`, then no unknown
    /// fields and no missing or mistyped ones (422, naming the field).
    func decodeJSON<Input: APIInput>(_ type: Input.Type, limit: Int) async throws -> Input {
        let (dictionary, data) = try await jsonObject(limit: limit)
        let unknown = Set(dictionary.keys).subtracting(Input.fields).sorted()
        if !unknown.isEmpty {
            throw Problem.validation(
                unknown.map { FieldProblem(field: $0, code: "unknown-field", message: Messages.unknownField.format($0)) })
        }
        do {
            return try JSONCoding.decoder.decode(Input.self, from: data)
        } catch DecodingError.keyNotFound(let key, let context) {
            let field = Self.path(context.codingPath + [key])
            throw Problem.validation([
                FieldProblem(field: field, code: "missing", message: Messages.missingField.format(field))
            ])
        } catch DecodingError.valueNotFound(_, let context) {
            let field = Self.path(context.codingPath)
            throw Problem.validation([
                FieldProblem(field: field, code: "missing", message: Messages.missingField.format(field))
            ])
        } catch DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context) {
            let field = Self.path(context.codingPath)
            throw Problem.invalidField(field)
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }
}

/// The JSON coders of the API: ISO 8601 dates, camelCase keys as declared.
enum JSONCoding {
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// One record as a JSON object, the fields in order, written as a list's items are (without a `JSONEncoder` and
    /// a dictionary: a record read by key is the API's hottest answer).
    static func record(_ values: [RecordValue], fields: [String]) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: RecordFormat.jsonObject(values, fields: fields))))
    }

    /// A JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A list as the API returns it: `{"items": [...], "nextCursor": null}`.
struct ListPage<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var nextCursor: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }

    enum CodingKeys: String, CodingKey {
        case items, nextCursor
    }
}
