import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import Mustache
import NIOCore

/// Renders the interface's pages: one layout (`layout.mustache`) that every page template extends,
/// filled with the texts of the caller's language, the signed-in user and the CSRF token.
struct WebRenderer: Sendable {
    let library: MustacheLibrary
    let cookies: WebCookies
    let demo: Bool

    /// Where the templates are: `Resources/templates` in the bundle.
    static var templateDirectory: URL? {
        Bundle.module.url(forResource: "templates", withExtension: nil, subdirectory: "Resources")
    }

    /// Loads the templates.
    init(cookies: WebCookies, demo: Bool) async throws {
        guard let directory = Self.templateDirectory else { throw CocoaError(.fileNoSuchFile) }
        library = try await MustacheLibrary(directory: directory.path)
        self.cookies = cookies
        self.demo = demo
    }

    /// A whole page: `template` filled with `content` inside the layout.
    func page<Content>(
        _ template: String, title: String, content: Content, request: Request, context: AppRequestContext,
        status: HTTPResponse.Status = .ok, notice: Notice? = nil
    ) throws -> Response {
        let existing = request.cookies[WebCookies.csrf]?.value
        let csrf = existing.flatMap { $0.isEmpty ? nil : $0 } ?? WebCookies.newCSRFToken()
        let language = context.language
        let t = Messages.webTexts(language)
        let path = request.uri.path
        let page = WebPage(
            t: t, lang: language.rawValue, otherLang: language == .vi ? "en" : "vi", title: title, user: Self.user(context.identity, texts: t),
            csrf: csrf,
            here: LocalPath.safe(request.uri.description), nav: Self.navigation(path: path, role: context.identity?.role, texts: t),
            demo: demo,
            version: LienthongVersion.current, notice: notice, content: content)
        guard let html = library.render(page, withTemplate: template) else {
            throw Problem(.internalServerError, type: "internal", title: Messages.internalError.format(context.requestID))
        }
        var response = Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
        if existing != csrf { response.setCookie(cookies.csrf(csrf)) }
        return response
    }

    /// An error as a page, for browsers (the API answers problem+json instead).
    func errorPage(_ problem: Problem, request: Request, context: AppRequestContext) -> Response {
        let content = ErrorContent(
            title: problem.title.text(context.language), detail: problem.detail?.text(context.language),
            status: Int(problem.status.code), requestID: context.requestID)
        let t = Messages.webTexts(context.language)
        var response =
            (try? page(
                "error", title: t["error_title"] ?? "", content: content, request: request, context: context,
                status: problem.status))
            ?? Response(status: problem.status)
        for field in problem.headers { response.headers.append(field) }
        return response
    }

    /// What the error page shows.
    struct ErrorContent {
        let title: String
        let detail: String?
        let status: Int
        let requestID: String
    }

    static func user(_ identity: Identity?, texts: [String: String]) -> WebUser? {
        guard case .staff(let user, _) = identity else { return nil }
        return WebUser(
            username: user.username, displayName: user.displayName, roleName: texts["role_\(user.role.rawValue)"] ?? "",
            agencyCode: user.agencyCode)
    }

    /// The areas that exist so far (later capabilities add theirs here).
    static func navigation(path: String, role: Role?, texts: [String: String]) -> [NavItem] {
        var items = [
            NavItem(href: "/", label: texts["nav_overview"] ?? "", current: path == "/"),
            NavItem(href: "/catalog", label: texts["nav_catalog"] ?? "", current: path.hasPrefix("/catalog")),
            NavItem(href: "/publications", label: texts["nav_publications"] ?? "", current: path.hasPrefix("/publications")),
            NavItem(href: "/agencies", label: texts["nav_agencies"] ?? "", current: path.hasPrefix("/agencies")),
            NavItem(href: "/services", label: texts["nav_services"] ?? "", current: path.hasPrefix("/services")),
            NavItem(href: "/scoreboard", label: texts["nav_scoreboard"] ?? "", current: path.hasPrefix("/scoreboard")),
            NavItem(href: "/quality", label: texts["nav_quality"] ?? "", current: path.hasPrefix("/quality")),
            NavItem(href: "/procedures", label: texts["nav_procedures"] ?? "", current: path.hasPrefix("/procedures") || path.hasPrefix("/service-")),
            NavItem(href: "/results", label: texts["nav_results"] ?? "", current: path.hasPrefix("/results")),
        ]
        if role == nil { items.append(NavItem(href: "/citizen", label: texts["nav_citizen"] ?? "", current: path.hasPrefix("/citizen"))) }
        for (href, key) in [
            ("/sharing", "nav_sharing"), ("/cases", "nav_cases"), ("/programme", "nav_programme"), ("/tickets", "nav_tickets"),
            ("/audit", "nav_audit"),
            ("/security", "nav_security"),
        ]
        where AccessPolicy.pages[RouteKey(.get, href)]?.allows(role: role) ?? false {
            items.append(NavItem(href: href, label: texts[key] ?? "", current: path.hasPrefix(href)))
        }
        return items
    }

    /// A browser wants a page (not JSON) when it asks for HTML and the address is not an API's.
    static func wantsHTML(_ request: Request) -> Bool {
        let path = request.uri.path
        guard !path.hasPrefix("/api/"), !path.hasPrefix("/gateway/"), !path.hasSuffix(".json") else { return false }
        return (request.headers[.accept] ?? "").contains("text/html")
    }

    /// A redirect after a form (303 See Other, so the browser follows with GET).
    static func redirect(to path: String) -> Response {
        Response(status: .seeOther, headers: [.location: LocalPath.safe(path)])
    }
}
