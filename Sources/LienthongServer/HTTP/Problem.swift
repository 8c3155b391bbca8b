import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import NIOCore

/// An RFC 9457 problem: the only shape in which the API reports an error.
///
/// `type` is a stable relative URI (`/problems/duplicate`); `title` and `detail` come from the message
/// catalog in the caller's language; `instance` is the request id; `errors` lists field-level problems.
public struct Problem: Error, Sendable {
    public var status: HTTPResponse.Status
    public var type: String
    public var title: LocalizedText
    public var detail: LocalizedText?
    public var errors: [FieldProblem]
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPFields

    public init(
        _ status: HTTPResponse.Status, type: String, title: LocalizedText, detail: LocalizedText? = nil,
        errors: [FieldProblem] = [], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.type = "/problems/" + type
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// The problem as a response, in `language`, with the request id as `instance`.
    func response(language: Language, requestID: String) -> Response {
        var object: [String: Any] = [
            "type": type, "title": title.text(language), "status": Int(status.code), "instance": requestID,
        ]
        if let detail { object["detail"] = detail.text(language) }
        if !errors.isEmpty {
            object["errors"] = errors.map { ["field": $0.field, "code": $0.code, "message": $0.message.text(language)] }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// One field's problem inside a `Problem` (`errors` member).
public struct FieldProblem: Sendable {
    public var field: String
    public var code: String
    public var message: LocalizedText

    public init(field: String, code: String, message: LocalizedText) {
        self.field = field
        self.code = code
        self.message = message
    }
}

extension Problem {
    static let notFound = Problem(.notFound, type: "not-found", title: Messages.notFound)
    /// A NUL character in a path, query, form or JSON text (400): no text may hold one.
    static let nulCharacter = Problem(.badRequest, type: "nul-character", title: Messages.nulCharacter)
    static let unauthenticated = Problem(
        .unauthorized, type: "unauthenticated", title: Messages.unauthenticated,
        headers: [.wwwAuthenticate: "Bearer realm=\"lienthong\""])
    static let invalidCredentials = Problem(
        .unauthorized, type: "invalid-credentials", title: Messages.invalidCredentials,
        headers: [.wwwAuthenticate: "Bearer realm=\"lienthong\", error=\"invalid_token\""])
    static let forbidden = Problem(.forbidden, type: "forbidden", title: Messages.forbidden)

    static func validation(_ errors: [FieldProblem]) -> Problem {
        Problem(
            .unprocessableContent, type: "validation", title: Messages.validationFailed,
            detail: errors.first?.message, errors: errors)
    }

    static func invalidField(_ field: String, _ message: LocalizedText? = nil) -> Problem {
        validation([FieldProblem(field: field, code: "invalid", message: message ?? Messages.invalidField.format(field))])
    }

    static func duplicate(_ what: LocalizedText) -> Problem {
        Problem(
            .conflict, type: "duplicate",
            title: LocalizedText(vi: Messages.duplicate.format(what.vi).vi, en: Messages.duplicate.format(what.en).en))
    }

    /// The problem for a catalog rule broken by the caller.
    static func from(_ error: CatalogError) -> Problem {
        if error.isNotFound { return Problem(.notFound, type: error.code, title: error.message) }
        if error.isConflict { return Problem(.conflict, type: error.code, title: error.message) }
        return Problem(
            .unprocessableContent, type: error.code, title: error.message,
            errors: error.fieldProblems.map { FieldProblem(field: $0.field, code: "invalid", message: $0.message) })
    }

    /// The problem for a sharing rule broken by the caller.
    static func from(_ error: SharingError) -> Problem {
        if error.isNotFound { return Problem(.notFound, type: error.code, title: error.message) }
        if error.isConflict { return Problem(.conflict, type: error.code, title: error.message) }
        return Problem(
            .unprocessableContent, type: error.code, title: error.message,
            errors: error.fieldProblems.map { FieldProblem(field: $0.field, code: error.code, message: $0.message) })
    }

    /// The problem for a procedure or case rule broken by the caller.
    static func from(_ error: ProcedureError) -> Problem {
        if error.isNotFound { return Problem(.notFound, type: error.code, title: error.message) }
        if error.isConflict { return Problem(.conflict, type: error.code, title: error.message) }
        if error.isForbidden { return Problem(.forbidden, type: error.code, title: error.message) }
        return Problem(
            .unprocessableContent, type: error.code, title: error.message,
            errors: error.fields.map { FieldProblem(field: $0, code: "invalid", message: Messages.invalidField.format($0)) })
    }

    /// The problem for a programme rule broken by the caller.
    static func from(_ error: ProgrammeError) -> Problem {
        if error.isNotFound { return Problem(.notFound, type: error.code, title: error.message) }
        if error.isForbidden { return Problem(.forbidden, type: error.code, title: error.message) }
        if error.isConflict { return Problem(.conflict, type: error.code, title: error.message) }
        return Problem(
            .unprocessableContent, type: error.code, title: error.message,
            errors: error.fields.map { FieldProblem(field: $0, code: "invalid", message: Messages.invalidField.format($0)) })
    }

    /// The problem for a directory rule broken by the caller.
    static func from(_ error: DirectoryError) -> Problem {
        if error.isNotFound { return Problem(.notFound, type: error.code, title: error.message) }
        if error.isConflict { return Problem(.conflict, type: error.code, title: error.message) }
        if error == .wrongPassword {
            return Problem(.forbidden, type: error.code, title: error.message)
        }
        return Problem(
            .unprocessableContent, type: error.code, title: Messages.validationFailed, detail: error.message,
            errors: [FieldProblem(field: error.code, code: error.code, message: error.message)])
    }
}
