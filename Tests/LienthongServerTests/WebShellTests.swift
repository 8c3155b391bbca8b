import Foundation
import HTTPTypes
import HummingbirdTesting
import Lienthong
import LienthongTestSupport
import Testing

@testable import LienthongServer

@Suite("The web shell")
struct WebShellTests {
    @Test("the overview is Vietnamese by default, even for an English browser, with the security headers and a CSRF cookie")
    func overview() async throws {
        try await withServer { client in
            let browser = WebBrowserSession(client)
            let page = try await browser.get("/", headers: [.acceptLanguage: "en-US,en;q=0.9"])
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains(#"<html lang="vi">"#))
            #expect(page.text.contains("Tổng quan"))
            #expect(page.text.contains("<svg class=\"chart\""))
            let csp = try #require(page.headers[HTTPField.Name("Content-Security-Policy")!])
            #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'"))
            #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
            #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "no framing, for browsers without frame-ancestors")
            #expect(page.headers[HTTPField.Name("Permissions-Policy")!] == "camera=(), microphone=(), geolocation=()")
            #expect(!page.text.contains("<script>"), "no inline script")
            #expect(!page.text.contains("style=\""), "no inline style")
            let cookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("lienthong_csrf=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let css = try await client.execute(uri: "/static/app.css", method: .get)
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
        }
    }

    @Test("session fixation: a session or CSRF cookie planted before sign-in is replaced, and the planted one opens nothing")
    func sessionFixation() async throws {
        try await withServer { client in
            let browser = WebBrowserSession(client)
            let planted = "lts_" + String(repeating: "A", count: 43)
            browser.plant("lienthong_session", planted)
            try await browser.get("/signin")
            browser.plant("lienthong_csrf", "planted-csrf-token")
            let signIn = try await browser.signIn("admin", password: TestServer.password)
            #expect(signIn.status == .seeOther)
            #expect(browser.cookies["lienthong_session"] != planted && browser.cookies["lienthong_session"]?.hasPrefix("lts_") == true)
            #expect(browser.cookies["lienthong_csrf"] != "planted-csrf-token", "the CSRF token is new after sign-in")
            #expect(try await browser.get("/account/password").status == .ok, "the new session works")
            let attacker = WebBrowserSession(client)
            attacker.plant("lienthong_session", planted)
            #expect(try await attacker.get("/account/password").status == .seeOther, "the planted session is nobody's")
            let forged = try await browser.post("/language", ["lang": "en", "next": "/"], csrf: "planted-csrf-token")
            #expect(forged.status == .forbidden, "a form carrying the planted token is refused")
        }
    }

    @Test("the demo admin signs in, sees their name, switches to English and back, and signs out")
    func signInLanguageSignOut() async throws {
        try await withServer { client in
            let browser = WebBrowserSession(client)
            let signIn = try await browser.signIn("admin", password: TestServer.password)
            #expect(signIn.status == .seeOther)
            #expect(signIn.headers[.location] == "/")
            let session = try #require(signIn.headers[values: .setCookie].first { $0.hasPrefix("lienthong_session=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Secure"))
            let home = try await browser.get("/")
            #expect(home.text.contains("Điều phối viên Sở KH-CN"))
            #expect(home.text.contains("Tài khoản cán bộ"), "signed-in staff see the staff figures")

            let english = try await browser.post("/language", ["lang": "en", "next": "/agencies"])
            #expect(english.status == .seeOther)
            #expect(english.headers[.location] == "/agencies")
            let agencies = try await browser.get("/agencies")
            #expect(agencies.text.contains(#"<html lang="en">"#))
            #expect(agencies.text.contains("Department of Health"))
            try await browser.post("/language", ["lang": "vi", "next": "/"])
            #expect(try await browser.get("/").text.contains(#"<html lang="vi">"#))

            let out = try await browser.post("/signout", [:])
            #expect(out.status == .seeOther)
            let after = try await browser.get("/account/password")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location]?.hasPrefix("/signin?next=") == true)
        }
    }

    @Test("a form without its CSRF token is refused and changes nothing")
    func csrf() async throws {
        try await withServer { client in
            let browser = WebBrowserSession(client)
            try await browser.get("/signin")
            let forged = try await browser.post("/signin", ["username": "admin", "password": TestServer.password], csrf: "forged")
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("Biểu mẫu đã hết hạn"))
            #expect(browser.cookies["lienthong_session"] == nil)
            try await browser.signIn("admin", password: TestServer.password)
            let missing = try await browser.post("/signout", [:], csrf: "")
            #expect(missing.status == .forbidden)
            #expect(try await browser.get("/account/password").status == .ok, "still signed in")
        }
    }

    @Test("a wrong password gets one generic message; guessing is slowed down")
    func wrongPassword() async throws {
        try await withServer { client in
            let browser = WebBrowserSession(client)
            let wrong = try await browser.signIn("admin", password: "not-the-password")
            let unknown = try await browser.signIn("nobody", password: "not-the-password")
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            #expect(wrong.text.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
            #expect(unknown.text.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
            for _ in 0..<10 { try await browser.signIn("admin", password: "guess") }
            let throttled = try await browser.signIn("admin", password: TestServer.password)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[HTTPField.Name("Retry-After")!] != nil)
        }
    }

    @Test("a staff member changes their password in the browser")
    func changePassword() async throws {
        try await withServer { client in
            let browser = WebBrowserSession(client)
            try await browser.signIn("officer.stp", password: TestServer.password)
            let mismatch = try await browser.post(
                "/account/password",
                ["currentPassword": TestServer.password, "newPassword": "a-new-long-password", "confirmPassword": "different-one"])
            #expect(mismatch.status == .unprocessableContent)
            let done = try await browser.post(
                "/account/password",
                ["currentPassword": TestServer.password, "newPassword": "a-new-long-password", "confirmPassword": "a-new-long-password"])
            #expect(done.status == .seeOther)
            #expect(try await browser.get("/account/password?done=1").text.contains("Đã đổi mật khẩu."))
            let other = WebBrowserSession(client)
            #expect(try await other.signIn("officer.stp", password: "a-new-long-password").status == .seeOther)
        }
    }

    @Test("the session cookie opens pages but never the API; a browser's 404 is a page")
    func cookieScope() async throws {
        try await withServer { client in
            let browser = WebBrowserSession(client)
            try await browser.signIn("admin", password: TestServer.password)
            let cookie: HTTPFields = [.cookie: "lienthong_session=\(browser.cookies["lienthong_session"] ?? "")"]
            for path in ["/api/v1/me", "//api/v1/me", "///api//v1/me"] {
                let api = try await client.execute(uri: path, method: .get, headers: cookie)
                #expect(api.status == .unauthorized, "\(path): \(api.status)")
            }
            let missing = try await browser.get("/no-such-page")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "text/html; charset=utf-8")
            #expect(missing.text.contains("Không tìm thấy địa chỉ này."))
            let offsite = try await browser.post("/language", ["lang": "en", "next": "//evil.example/"])
            #expect(offsite.headers[.location] == "/")
        }
    }

    @Test("agencies are searchable without diacritics")
    func search() async throws {
        try await withServer { client in
            let page = try await WebBrowserSession(client).get("/agencies?q=so%20y%20te")
            #expect(page.text.contains("Sở Y tế"))
            #expect(!page.text.contains("Sở Tư pháp"))
        }
    }

    @Test("every text a template names is in the catalog, in both languages")
    func catalog() throws {
        let directory = try #require(WebRenderer.templateDirectory)
        var missing: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            let regex = try Regex(#"\{\{t\.([a-z_]+)\}\}"#)
            for match in text.matches(of: regex) {
                let key = String(text[match.range].dropFirst(4).dropLast(2))
                if Messages.web[key] == nil { missing.append("\(name): \(key)") }
            }
        }
        #expect(missing.isEmpty, "not in Messages.web: \(missing)")
        for (key, text) in Messages.web {
            #expect(!text.vi.isEmpty && !text.en.isEmpty, "\(key) lacks a language")
            #expect(text.vi == text.vi.precomposedStringWithCanonicalMapping, "\(key) is not NFC")
        }
    }

    @Test("dates read dd/MM/yyyy in Vietnamese, in Vietnam's time zone")
    func dates() throws {
        let lateEvening = try Date("2026-11-24T18:30:00Z", strategy: .iso8601)
        #expect(DisplayDate.format(lateEvening, .vi) == "25/11/2026")
        #expect(DisplayDate.format(lateEvening, .en) == "25 Nov 2026")
    }

    @Test("charts escape their labels and scale to the largest value")
    func chart() {
        let svg = SVGChart.horizontalBars(title: "A <b>", bars: [.init(label: "x & y", value: 2), .init(label: "z", value: 4)])
        #expect(svg.contains("x &amp; y") && svg.contains("A &lt;b&gt;"))
        #expect(svg.contains(#"role="img""#))
        #expect(!svg.contains("<b>"))
    }
}
