import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import NIOCore

/// A submitted HTML form (`application/x-www-form-urlencoded`), read with a size limit and checked
/// against the CSRF cookie before any handler sees it.
struct WebForm: Sendable {
    let fields: [String: String]

    /// The largest form accepted, in bytes: forms here are small.
    static let limit = 16 * 1024

    subscript(_ name: String) -> String? { fields[name] }

    /// A field with surrounding spaces trimmed; empty when absent.
    func text(_ name: String) -> String {
        (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Reads the form and refuses it (403) unless its `_csrf` field matches the CSRF cookie.
    static func read(_ request: Request, limit: Int = WebForm.limit) async throws -> WebForm {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw Problem(.contentTooLarge, type: "body-too-large", title: Messages.bodyTooLarge.format(String(limit)))
        }
        let form = WebForm(fields: parse(String(buffer: buffer)))
        if form.fields.values.contains(where: { $0.contains("\u{0}") }) { throw Problem.nulCharacter }
        let cookie = request.cookies[WebCookies.csrf]?.value ?? ""
        guard !cookie.isEmpty, constantTimeEquals(cookie, form["_csrf"] ?? "") else {
            throw Problem(.forbidden, type: "csrf", title: Messages.web["csrf_failed"]!)
        }
        return form
    }

    /// Refuses (403) a script's request whose `X-CSRF-Token` header does not match the CSRF cookie: the same
    /// double submit as forms, for uploads sent by the page's script with their own body.
    static func checkHeaderToken(_ request: Request) throws {
        let cookie = request.cookies[WebCookies.csrf]?.value ?? ""
        let header = request.headers[HTTPField.Name("X-CSRF-Token")!] ?? ""
        guard !cookie.isEmpty, constantTimeEquals(cookie, header) else {
            throw Problem(.forbidden, type: "csrf", title: Messages.web["csrf_failed"]!)
        }
    }

    /// Parses `a=1&b=x+y` into fields (the last value of a repeated name wins).
    static func parse(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            guard !name.isEmpty else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String {
        (text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "").precomposedStringWithCanonicalMapping
    }

    /// Compares two secrets in time that does not depend on where they differ.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
