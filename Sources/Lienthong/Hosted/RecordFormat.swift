import Foundation

/// The formats records are read in (API.md): JSON (the default), NDJSON and CSV. Each writes records as text
/// pieces so that an export can be streamed a page at a time, with fields in schema (or projection) order.
public enum RecordFormat: String, Sendable, CaseIterable {
    case json, ndjson, csv

    public var contentType: String {
        switch self {
        case .json: "application/json"
        case .ndjson: "application/x-ndjson"
        case .csv: "text/csv; charset=utf-8"
        }
    }

    /// The format asked for by `format=` or else by the `Accept` header (JSON when neither names one).
    public init?(parameter: String?, accept: String?) {
        if let parameter, !parameter.isEmpty {
            guard let format = Self(rawValue: parameter) else { return nil }
            self = format
            return
        }
        let types = (accept ?? "").split(separator: ",").map {
            $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
        if types.contains("text/csv") {
            self = .csv
        } else if types.contains("application/x-ndjson") || types.contains("application/ndjson") {
            self = .ndjson
        } else {
            self = .json
        }
    }

    /// What comes before the first record: the CSV header line, or the JSON array's `[`.
    public func opening(fields: [String]) -> String {
        switch self {
        case .json: "["
        case .ndjson: ""
        case .csv: fields.map(Self.csvCell).joined(separator: ",") + "\r\n"
        }
    }

    /// One record; `first` tells the JSON array whether a comma goes before it. `forSpreadsheets` keeps a CSV text
    /// value from being read as a formula (`spreadsheetCell`); the API's CSV stays as stored.
    public func record(_ values: [RecordValue], fields: [String], first: Bool, forSpreadsheets: Bool = false) -> String {
        switch self {
        case .json: (first ? "" : ",") + Self.jsonObject(values, fields: fields)
        case .ndjson: Self.jsonObject(values, fields: fields) + "\n"
        case .csv:
            values.map {
                if forSpreadsheets, case .text(let text) = $0 { return Self.spreadsheetCell(text) }
                return Self.csvCell($0.text)
            }.joined(separator: ",") + "\r\n"
        }
    }

    /// What comes after the last record.
    public var closing: String { self == .json ? "]\n" : "" }

    /// A JSON object with the fields in order (one record read by key is answered with it, as a list's items are).
    public static func jsonObject(_ values: [RecordValue], fields: [String]) -> String {
        var text = "{"
        for (index, (name, value)) in zip(fields, values).enumerated() {
            if index > 0 { text += "," }
            text += jsonString(name) + ":" + value.json
        }
        return text + "}"
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A CSV cell for a file people open in a spreadsheet: a text starting with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return gets a leading `'`, so that the spreadsheet shows it as text instead of running it as a formula
    /// (CSV injection, OWASP). Numbers are written as they are.
    public static func spreadsheetCell(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return csvCell(text) }
        return csvCell("'" + text)
    }

    /// A CSV cell, quoted when it holds a comma, quote or line break (RFC 4180).
    static func csvCell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension RecordValue {
    /// The value as JSON text.
    var json: String {
        switch self {
        case .null: "null"
        case .text(let text): RecordFormat.jsonString(text)
        case .integer(let number): String(number)
        case .number(let number): number.isFinite ? String(number) : "null"
        case .boolean(let flag): flag ? "true" : "false"
        }
    }
}
