// libFuzzer target for the records API's query parser (`RecordQuery(items:schema:)`: filters, sort, fields,
// schema version), built by scripts/fuzz-parsers with `swiftc -sanitize=fuzzer`: any query string must give a query
// or a named CatalogError, never a crash.
import Foundation

private let schema = TableSchema(
    fields: [
        SchemaField(name: "ma", type: .string, constraints: .init(required: true)),
        SchemaField(name: "so_luong", type: .integer),
        SchemaField(name: "ty_le", type: .number),
        SchemaField(name: "ngay", type: .date),
        SchemaField(name: "hoat_dong", type: .boolean),
    ],
    primaryKey: ["ma"])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecordFilter(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let items = text.split(separator: "&", omittingEmptySubsequences: false).map { pair in
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
        let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
        return (key: name, value: value)
    }
    _ = try? RecordQuery(items: items, schema: schema)
    return 0
}
