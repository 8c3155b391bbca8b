import Lienthong

/// What every page template sees: the layout's parts (texts, language, the signed-in user, the CSRF token,
/// navigation) and the page's own `content`.
///
/// Templates name texts as `{{t.key}}` (the message catalog in the page's language) and the page's data as
/// `{{content.…}}`.
///
/// Mustache reads values by reflection, so everything a template shows must be a stored property.
struct WebPage<Content> {
    let t: [String: String]
    let lang: String
    /// The language the switch offers.
    let otherLang: String
    let title: String
    let user: WebUser?
    let csrf: String
    /// The current path and query, where the language switch returns to.
    let here: String
    let nav: [NavItem]
    let demo: Bool
    let version: String
    /// A message to show at the top of the page (a success or an error).
    let notice: Notice?
    let content: Content
}

/// The signed-in staff member as the layout shows them.
struct WebUser: Sendable {
    let username: String
    let displayName: String
    let roleName: String
    let agencyCode: String
}

/// A navigation link; `current` marks the page being shown (`aria-current="page"`).
struct NavItem: Sendable {
    let href: String
    let label: String
    let current: Bool
}

/// A message at the top of a page.
struct Notice: Sendable {
    let text: String
    /// `success` or `error` (a CSS class).
    let kind: String
    /// Errors are announced at once (`role="alert"`), successes politely (`role="status"`).
    let isError: Bool

    static func success(_ text: String) -> Notice { Notice(text: text, kind: "success", isError: false) }
    static func error(_ text: String) -> Notice { Notice(text: text, kind: "error", isError: true) }
}
