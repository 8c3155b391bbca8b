import ArgumentParser
import Foundation
import Hummingbird
import Lienthong
import LienthongServer
import LienthongStore

/// `lienthong serve`: runs a server node (web UI and API).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a server node: the web interface and the API.",
        discussion: """
            With --demo the data directory gets the demo city (Hà Nội) on first start, and the demo staff
            accounts are printed. The demo listens on loopback only.
            """)

    @OptionGroup var storage: StorageOptions

    @Option(help: "The address to listen on (env LIENTHONG_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on (env LIENTHONG_PORT; default 8080).")
    var port: Int?

    @Option(help: "The public base URL for absolute links (env LIENTHONG_PUBLIC_URL; default http://HOST:PORT).")
    var publicURL: String?

    @Option(help: "Comma-separated proxies whose X-Forwarded-For is believed, IPs or CIDRs, IPv4 or IPv6 (env LIENTHONG_TRUSTED_PROXIES).")
    var trustedProxies: String?

    @Flag(help: "Load the demo city into an empty data directory and print the demo accounts.")
    var demo = false

    mutating func validate() throws {
        let host = resolvedHost
        if demo && !ServerConfiguration.isLoopback(host) {
            throw ValidationError(
                "the demo has public passwords, so it listens on loopback only; use --host 127.0.0.1 (got \(host))")
        }
        if let port = try? resolvedPort, !(0...65535).contains(port) {
            throw ValidationError("the port must be between 0 and 65535")
        }
    }

    var resolvedHost: String { host ?? Environment.value("LIENTHONG_HOST") ?? "127.0.0.1" }

    var resolvedPort: Int {
        get throws {
            if let port { return port }
            guard let text = Environment.value("LIENTHONG_PORT") else { return 8080 }
            guard let port = Int(text) else { throw ValidationError("LIENTHONG_PORT must be a number") }
            return port
        }
    }

    func run() async throws {
        HeapSettings.apply()
        let configuration = try serverConfiguration()
        if demo { printDemoBanner(configuration) }
        try await CLIFailure.explained {
            let app = try await buildApplication(configuration: configuration)
            try await app.runService()
        }
    }

    func serverConfiguration() throws -> ServerConfiguration {
        let env = Environment.value
        let cost = try env("LIENTHONG_BCRYPT_COST").map { text -> UInt8 in
            guard let cost = UInt8(text), (4...31).contains(cost) else {
                throw ValidationError("LIENTHONG_BCRYPT_COST must be between 4 and 31")
            }
            return cost
        }
        let sessionHours = try env("LIENTHONG_SESSION_HOURS").map { text -> Int in
            guard let hours = Int(text), hours > 0 else { throw ValidationError("LIENTHONG_SESSION_HOURS must be positive") }
            return hours
        }
        let maxBody = try env("LIENTHONG_MAX_BODY_BYTES").map { text -> Int in
            guard let bytes = Int(text), bytes > 0 else { throw ValidationError("LIENTHONG_MAX_BODY_BYTES must be positive") }
            return bytes
        }
        let calendar = try Environment.calendar()
        let proxies = (trustedProxies ?? env("LIENTHONG_TRUSTED_PROXIES") ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let keys: PlatformKeys
        do {
            keys = try PlatformKeys.load(dataDirectory: storage.resolvedDataDir)
        } catch {
            throw ValidationError("\(error)")
        }
        let treeHeadEvery = try env("LIENTHONG_TREE_HEAD_EVERY").map { text -> Int64 in
            guard let count = Int64(text), count > 0 else { throw ValidationError("LIENTHONG_TREE_HEAD_EVERY must be positive") }
            return count
        }
        let treeHeadSeconds = try env("LIENTHONG_TREE_HEAD_SECONDS").map { text -> Int in
            guard let seconds = Int(text), seconds > 0 else { throw ValidationError("LIENTHONG_TREE_HEAD_SECONDS must be positive") }
            return seconds
        }
        let answerDays = try env("LIENTHONG_ANSWER_DAYS").map { text -> Int in
            guard let days = Int(text), (1...60).contains(days) else { throw ValidationError("LIENTHONG_ANSWER_DAYS must be 1–60") }
            return days
        }
        let gatewayRate = try env("LIENTHONG_GATEWAY_RATE").map { text -> Int in
            guard let rate = Int(text), rate > 0 else { throw ValidationError("LIENTHONG_GATEWAY_RATE must be positive") }
            return rate
        }
        let anonymousRate = try env("LIENTHONG_ANONYMOUS_RATE").map { text -> Double in
            guard let rate = Double(text), rate.isFinite, rate >= 0 else {
                throw ValidationError("LIENTHONG_ANONYMOUS_RATE must be 0 or more (requests a second, a fraction allowed)")
            }
            return rate
        }
        let serviceBody = try env("LIENTHONG_MAX_SERVICE_BODY_BYTES").map { text -> Int in
            guard let bytes = Int(text), bytes > 0 else { throw ValidationError("LIENTHONG_MAX_SERVICE_BODY_BYTES must be positive") }
            return bytes
        }
        let qualityHours = try env("LIENTHONG_QUALITY_HOURS").map { text -> Double in
            guard let hours = Double(text), (0.0005...720).contains(hours) else {
                throw ValidationError("LIENTHONG_QUALITY_HOURS must be 0.0005–720")
            }
            return hours
        }
        let jobSeconds = try env("LIENTHONG_JOB_SECONDS").map { text -> Int in
            guard let seconds = Int(text), (1...86_400).contains(seconds) else { throw ValidationError("LIENTHONG_JOB_SECONDS must be 1–86400") }
            return seconds
        }
        var configuration = ServerConfiguration(
            host: resolvedHost, port: try resolvedPort, database: try storage.location(),
            dataDirectory: storage.resolvedDataDir, publicBaseURL: publicURL ?? env("LIENTHONG_PUBLIC_URL"),
            trustedProxies: proxies, maxJSONBodyBytes: maxBody ?? 1 << 20, demo: demo,
            passwords: PasswordPolicy(bcryptCost: cost ?? 12),
            sessionLifetime: .seconds((sessionHours ?? 8) * 3600), calendar: calendar,
            logLevel: try storage.resolvedLogLevel, keys: keys, treeHeadEvery: treeHeadEvery ?? 1_000,
            treeHeadInterval: .seconds(treeHeadSeconds ?? 10), answerWorkingDays: answerDays ?? 10, gatewayRate: gatewayRate ?? 100,
            anonymousRate: anonymousRate ?? 20,
            sharingJobInterval: .seconds(jobSeconds ?? 60), maxServiceBodyBytes: serviceBody ?? 64 << 20,
            qualityInterval: .milliseconds(Int64(((qualityHours ?? 24) * 3_600_000).rounded())))
        if let node = env("LIENTHONG_NODE_NAME") { configuration.nodeName = node }
        configuration.serviceHosts = ServiceHosts(list: env("LIENTHONG_SERVICE_HOSTS"))
        return configuration
    }

    /// Written straight to standard output (not buffered), so that it shows at once even in a pipe.
    private func printDemoBanner(_ configuration: ServerConfiguration) {
        var lines = [
            "Lienthong demo city (Hà Nội) — \(configuration.publicBaseURL)",
            "Data: \(configuration.database)",
            "Sign in at \(configuration.publicBaseURL)/signin — demo staff accounts (password for all: \(DemoCity.password)):",
        ]
        for account in DemoCity.accounts {
            let name = account.username.padding(toLength: 16, withPad: " ", startingAt: 0)
            let role = account.role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            lines.append("  \(name) \(role) \(account.agencyCode)")
        }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
