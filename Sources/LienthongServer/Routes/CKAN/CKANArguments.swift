import Foundation
import Hummingbird
import Lienthong

/// An action's arguments as CKAN reads them: a JSON object from a POST body, or the query string of a GET
/// (repeated keys become lists; values that look like JSON lists or objects are read as JSON).
struct CKANArguments {
    /// A POST body that is not a JSON object (CKAN answers with a bare string).
    enum Malformed: Error {
        case body
    }

    private(set) var values: [String: Any]

    init(_ values: [String: Any]) {
        self.values = values
    }

    static func read(_ request: Request, limit: Int) async throws -> CKANArguments {
        if request.method == .post {
            let buffer = try await request.body.collect(upTo: limit)
            guard buffer.readableBytes > 0 else { return CKANArguments([:]) }
            let data = Data(buffer.readableBytesView)
            if (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded") {
                return fromQuery(String(decoding: data, as: UTF8.self))
            }
            guard !JSONText.mayHoldNul(data), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw Malformed.body
            }
            return CKANArguments(object)
        }
        return fromQuery(request.uri.query ?? "")
    }

    static func fromQuery(_ query: String) -> CKANArguments {
        var values: [String: Any] = [:]
        for (key, text) in FormItems.parse(query) {
            var value: Any = text
            if text.hasPrefix("[") || text.hasPrefix("{"), let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) { value = json }
            if let existing = values[key] {
                values[key] = (existing as? [Any] ?? [existing]) + [value]
            } else {
                values[key] = value
            }
        }
        return CKANArguments(values)
    }

    var keys: Set<String> { Set(values.keys) }

    func string(_ key: String) -> String? {
        switch values[key] {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    func required(_ key: String) throws -> String {
        guard let text = string(key), !text.isEmpty else { throw CKANError.validation([key: ["Missing value"]]) }
        return text
    }

    /// A whole number, `fallback` when absent, within `range`.
    func int(_ key: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = string(key), !text.isEmpty else { return fallback }
        guard let value = Int(text), range.contains(value) else { throw CKANError.validation([key: ["Invalid integer"]]) }
        return value
    }

    /// CKAN's booleans: true, "true", "True", "1".
    func bool(_ key: String) -> Bool {
        switch values[key] {
        case let flag as Bool: flag
        case let text as String: ["true", "1", "yes"].contains(text.lowercased())
        case let number as NSNumber: number.intValue != 0
        default: false
        }
    }

    /// A list given as a JSON list, repeated keys or a comma-separated text.
    func list(_ key: String) -> [String] {
        switch values[key] {
        case let items as [Any]: return items.compactMap { $0 as? String ?? ($0 as? NSNumber)?.stringValue }
        case let text as String:
            if text.hasPrefix("["), let items = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] {
                return items.compactMap { $0 as? String }
            }
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default: return []
        }
    }

    func object(_ key: String) -> [String: Any]? { values[key] as? [String: Any] }
}

/// The errors of CKAN's Action API, with CKAN's `__type` and status.
enum CKANError: Error {
    case notFound(String)
    case authorization(String)
    case validation([String: [String]])
    case searchQuery(String)

    var status: HTTPResponse.Status {
        switch self {
        case .notFound: .notFound
        case .authorization: .forbidden
        case .validation: .conflict
        case .searchQuery: .badRequest
        }
    }

    var body: [String: Any] {
        switch self {
        case .notFound(let message): ["__type": "Not Found Error", "message": message]
        case .authorization(let message): ["__type": "Authorization Error", "message": message]
        case .validation(let fields): (fields as [String: Any]).merging(["__type": "Validation Error"]) { $1 }
        case .searchQuery(let message): ["__type": "Search Query Error", "message": "Search Query is invalid: \(message)"]
        }
    }
}
