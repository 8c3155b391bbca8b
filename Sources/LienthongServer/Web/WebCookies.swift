import Foundation
import Hummingbird
import Lienthong

/// The cookies of the web interface: the staff session, the CSRF token and the chosen language.
///
/// All are `HttpOnly`; the session and CSRF cookies are `SameSite=Strict`/`Lax` and `Secure` when the
/// platform's public address is HTTPS (behind TLS).
struct WebCookies: Sendable {
    static let session = "lienthong_session"
    static let csrf = "lienthong_csrf"
    static let language = "lienthong_lang"

    /// Whether cookies get the `Secure` attribute (the public base URL is `https://`).
    let secure: Bool

    init(publicBaseURL: String) {
        secure = publicBaseURL.lowercased().hasPrefix("https://")
    }

    /// The staff session cookie, for the browser session's lifetime (the server ends it at its expiry).
    func session(_ token: String) -> Cookie {
        Cookie(name: Self.session, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// Removes the session cookie.
    func clearSession() -> Cookie {
        Cookie(name: Self.session, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The CSRF cookie that forms repeat in their `_csrf` field (double submit). `Strict` keeps it off
    /// every cross-site request, so a forged form never carries a matching pair.
    func csrf(_ token: String) -> Cookie {
        Cookie(name: Self.csrf, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// The language choice, kept for a year.
    func language(_ language: Language) -> Cookie {
        Cookie(
            name: Self.language, value: language.rawValue, maxAge: 365 * 86_400, path: "/", secure: secure, httpOnly: true,
            sameSite: .lax)
    }

    /// A fresh random CSRF token (256 bits, base64url).
    static func newCSRFToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
