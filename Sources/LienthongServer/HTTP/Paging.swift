import Foundation
import Hummingbird
import Lienthong

/// Keyset paging as API.md sets it: `limit` (default 100, at most 10,000) and the opaque `cursor` that the
/// previous page returned as `nextCursor`. A cursor is the base64url of the last item's sort key, so pages
/// stay stable while rows are added.
struct Paging: Sendable {
    let limit: Int
    /// The sort key after which this page starts, decoded from the cursor.
    let after: String?

    static let defaultLimit = 100
    static let maximumLimit = 10_000

    init(_ parameters: Parameters) throws {
        if let text = parameters.get("limit") {
            guard let value = Int(text), (1...Self.maximumLimit).contains(value) else { throw Problem.invalidField("limit") }
            limit = value
        } else {
            limit = Self.defaultLimit
        }
        if let cursor = parameters.get("cursor"), !cursor.isEmpty {
            guard let key = Self.decode(cursor) else { throw Problem.invalidField("cursor") }
            after = key
        } else {
            after = nil
        }
    }

    /// The page of `items` (fetched with `limit + 1`) and the cursor of the next page, if there is one.
    func page<Item>(_ items: [Item], key: (Item) -> String) -> (items: [Item], nextCursor: String?) {
        guard items.count > limit else { return (items, nil) }
        let page = Array(items.prefix(limit))
        return (page, page.last.map { Self.encode(key($0)) })
    }

    static func encode(_ key: String) -> String { Base64URL.encode(Array(key.utf8)) }

    static func decode(_ cursor: String) -> String? {
        guard let bytes = Base64URL.decode(cursor), let key = String(validating: bytes, as: UTF8.self), !key.isEmpty, key.count <= 65_536
        else { return nil }
        return key
    }
}
