import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// The signed-in staff member's own account: changing the password.
struct AccountPages {
    let services: AppServices

    struct Content {
        let lead: String
        let minimumLength: Int
    }

    func register(on routes: RouteRegistrar) {
        routes.page(.get, "/account/password") { request, context in
            let t = Messages.webTexts(context.language)
            let done = request.uri.queryParameters["done"] != nil
            return try page(request, context, notice: done ? .success(t["password_changed"]!) : nil, status: .ok)
        }
        routes.page(.post, "/account/password") { request, context in
            let form = try await WebForm.read(request)
            guard case .staff(let user, let sessionHash) = context.identity else { throw Problem.forbidden }
            let t = Messages.webTexts(context.language)
            let new = form["newPassword"] ?? ""
            guard new == (form["confirmPassword"] ?? "") else {
                return try page(request, context, notice: .error(t["password_mismatch"]!), status: .unprocessableContent)
            }
            do {
                try await services.directory.changePassword(
                    username: user.username, current: form["currentPassword"] ?? "", new: new, keepingSession: sessionHash)
            } catch let error as DirectoryError {
                let text = error == .wrongPassword ? t["password_wrong_current"]! : error.message.text(context.language)
                return try page(request, context, notice: .error(text), status: .unprocessableContent)
            }
            services.credentials.forget()
            try await services.audit.record(context, "user.changePassword", resource: "user:\(user.username)")
            return WebRenderer.redirect(to: "/account/password?done=1")
        }
    }

    private func page(
        _ request: Request, _ context: AppRequestContext, notice: Notice?, status: HTTPResponse.Status
    ) throws -> Response {
        let t = Messages.webTexts(context.language)
        let minimum = services.configuration.passwords.minimumLength
        let content = Content(
            lead: Messages.web["password_lead"]!.format(String(minimum)).text(context.language), minimumLength: minimum)
        return try services.web.page(
            "password", title: t["password_title"]!, content: content, request: request, context: context, status: status,
            notice: notice)
    }
}
