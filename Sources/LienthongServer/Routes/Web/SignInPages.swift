import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// Staff sign-in and sign-out in the browser, and the language switch. Sessions are the same database
/// sessions the API uses, so every node knows them; the browser holds the token in an HttpOnly cookie.
struct SignInPages {
    let services: AppServices
    let throttle: LoginThrottle

    struct Content {
        let next: String
        let username: String
    }

    func register(on routes: RouteRegistrar) {
        routes.page(.get, "/signin") { request, context in
            let next = LocalPath.safe(request.uri.queryParameters["next"].map(String.init))
            if context.identity?.role != nil { return WebRenderer.redirect(to: next) }
            return try form(request, context, next: next, username: "", notice: nil, status: .ok)
        }
        routes.page(.post, "/signin") { request, context in
            let form = try await WebForm.read(request)
            let next = LocalPath.safe(form["next"])
            let username = form.text("username")
            let t = Messages.webTexts(context.language)
            switch try await services.signIn(username: username, password: form["password"] ?? "", context: context, throttle: throttle) {
            case .throttled(let wait):
                let minutes = String(max(1, (wait + 59) / 60))
                var response = try self.form(
                    request, context, next: next, username: username,
                    notice: .error(Messages.web["signin_throttled"]!.format(minutes).text(context.language)),
                    status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait)
                return response
            case .refused:
                return try self.form(
                    request, context, next: next, username: username, notice: .error(t["signin_wrong"]!), status: .unauthorized)
            case .signedIn(_, let token, _):
                // A new session and a new CSRF token: nothing planted before sign-in (a fixed session, a CSRF cookie
                // tossed from a sibling site) carries over into the signed-in session.
                var response = WebRenderer.redirect(to: next)
                response.setCookie(services.web.cookies.session(token.value))
                response.setCookie(services.web.cookies.csrf(WebCookies.newCSRFToken()))
                return response
            }
        }
        routes.page(.post, "/signout") { request, context in
            _ = try await WebForm.read(request)
            if case .staff(_, let tokenHash) = context.identity {
                try await services.directory.endSession(tokenHash: tokenHash)
                services.credentials.forget()
                try await services.audit.record(context, "session.signOut")
            }
            var response = WebRenderer.redirect(to: "/?signedout=1")
            response.setCookie(services.web.cookies.clearSession())
            return response
        }
        routes.page(.post, "/language") { request, _ in
            let form = try await WebForm.read(request)
            let language = Language(rawValue: form.text("lang")) ?? .vi
            var response = WebRenderer.redirect(to: LocalPath.safe(form["next"]))
            response.setCookie(services.web.cookies.language(language))
            return response
        }
    }

    private func form(
        _ request: Request, _ context: AppRequestContext, next: String, username: String, notice: Notice?,
        status: HTTPResponse.Status
    ) throws -> Response {
        let t = Messages.webTexts(context.language)
        return try services.web.page(
            "signin", title: t["signin_title"]!, content: Content(next: next, username: username), request: request,
            context: context, status: status, notice: notice)
    }
}
