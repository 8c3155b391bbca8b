import Hummingbird
import Lienthong
import LienthongStore
import Logging

/// Turns every error into a problem+json response: known errors get their meaning, anything else is a
/// logged 500 whose body says nothing of the internals. Browsers asking for HTML get the same problem as a page.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Renders errors as pages for browsers.
    let web: WebRenderer

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            // A NUL in the path or the query: no route takes one, and PostgreSQL cannot store it.
            if Self.hasEncodedNUL(request.uri.description) { throw Problem.nulCharacter }
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, context: context)
            if WebRenderer.wantsHTML(request) {
                return web.errorPage(problem, request: request, context: context)
            }
            return problem.response(language: context.language, requestID: context.requestID)
        }
    }

    /// Whether `uri` holds `%00`, found byte by byte (Foundation's `contains` on strings took 2% of a gateway read).
    static func hasEncodedNUL(_ uri: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in uri.utf8 {
            if previous == (UInt8(ascii: "%"), UInt8(ascii: "0")), byte == UInt8(ascii: "0") { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    static func problem(for error: any Error, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as DirectoryError:
            return Problem.from(error)
        case let error as CatalogError:
            return Problem.from(error)
        case let error as SharingError:
            return Problem.from(error)
        case let error as ProcedureError:
            return Problem.from(error)
        case let error as ProgrammeError:
            return Problem.from(error)
        case let error as ServiceError:
            if error.isNotFound { return Problem(.notFound, type: error.code, title: error.message) }
            if error.isHostRefused { return Problem(.unprocessableContent, type: error.code, title: error.message) }
            return Problem.validation(error.fields.map { FieldProblem(field: $0, code: "invalid", message: Messages.invalidField.format($0)) })
        case let error as StoreError where error.isDuplicate:
            return Problem.duplicate(Self.duplicateSubject(error))
        case let error as StoreError where error.isForeignKey:
            return Problem.invalidField("reference")
        case let error as StoreError where error.isInvalidText:
            return Problem.nulCharacter
        case let error as HTTPError where error.status == .notFound:
            return Problem.notFound
        case let error as HTTPError where error.status == .methodNotAllowed:
            return Problem(.methodNotAllowed, type: "method-not-allowed", title: Messages.methodNotAllowed)
        case let error as HTTPError where error.status == .contentTooLarge:
            return Problem(.contentTooLarge, type: "body-too-large", title: Messages.bodyTooLarge.format("?"))
        case let error as HTTPError where (400..<500).contains(error.status.code):
            return Problem(error.status, type: "bad-request", title: Messages.badRequest)
        default:
            context.logger.error(
                "unhandled error", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            return Problem(
                .internalServerError, type: "internal", title: Messages.internalError.format(context.requestID))
        }
    }

    /// Names what was duplicated without echoing driver text (it may hold values).
    private static func duplicateSubject(_ error: StoreError) -> LocalizedText {
        let text = error.description
        for (needle, subject) in [
            ("agencies", Messages.subjectAgencyCode), ("staff_users", Messages.subjectUsername),
            ("api_clients", Messages.subjectAPIClientName),
        ] where text.contains(needle) {
            return subject
        }
        return Messages.subjectRecord
    }
}
