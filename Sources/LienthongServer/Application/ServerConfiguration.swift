import Foundation
import Lienthong
import LienthongStore
import Logging

/// Everything a server node needs to start. Each setting comes from a `serve` option or an environment
/// variable (`docs/configuration.md` lists them); the defaults suit one machine on loopback.
public struct ServerConfiguration: Sendable {
    /// The address to listen on (`LIENTHONG_HOST`, default 127.0.0.1).
    public var host: String
    /// The port to listen on (`LIENTHONG_PORT`, default 8080; 0 picks a free one).
    public var port: Int
    /// Where the data lives (`LIENTHONG_DATABASE_URL`, or the SQLite file in `LIENTHONG_DATA_DIR`).
    public var database: DatabaseLocation
    /// The data directory: the SQLite file, and later the signing keys (`LIENTHONG_DATA_DIR`).
    public var dataDirectory: String
    /// The address the public reaches the platform at, for absolute links (`LIENTHONG_PUBLIC_URL`).
    public var publicBaseURL: String
    /// Proxies whose `X-Forwarded-For` is believed (`LIENTHONG_TRUSTED_PROXIES`, comma-separated IPs or CIDRs).
    public var trustedProxies: [String]
    /// The largest JSON body accepted, in bytes (`LIENTHONG_MAX_BODY_BYTES`, default 1 MiB).
    public var maxJSONBodyBytes: Int
    /// Load the demo city on start (`serve --demo`).
    public var demo: Bool
    /// How staff passwords are hashed (`LIENTHONG_BCRYPT_COST`, default 12).
    public var passwords: PasswordPolicy
    /// How long a staff session lasts (`LIENTHONG_SESSION_HOURS`, default 8).
    public var sessionLifetime: Duration
    /// How long a node trusts what it looked up about a key or session before asking the database again.
    /// Revocation reaches every node within this time (one second at most, by design).
    public var credentialCacheLifetime: Duration
    /// How often last-use times of API keys are written (one transaction for all of them).
    public var lastUseFlushInterval: Duration
    /// The working-day calendar (built-in Vietnamese holidays with `LIENTHONG_HOLIDAYS_FILE` overrides).
    public var calendar: WorkingDayCalendar
    public var logLevel: Logger.Level
    /// The audit signing key and the citizen-ID hash key (`PlatformKeys.load` reads them for `serve`).
    public var keys: PlatformKeys
    /// A tree head is signed when the log grew by this many entries (`LIENTHONG_TREE_HEAD_EVERY`, default 1,000)…
    public var treeHeadEvery: Int64
    /// …or when this much time passed and it grew at all (`LIENTHONG_TREE_HEAD_SECONDS`, default 10).
    public var treeHeadInterval: Duration
    /// The working days an owner has to answer an access request (`LIENTHONG_ANSWER_DAYS`, default 10).
    public var answerWorkingDays: Int
    /// Gateway calls one API client may make per second, on each node (`LIENTHONG_GATEWAY_RATE`, default 100);
    /// bursts of twice as many pass.
    public var gatewayRate: Int
    /// Requests without a key or session that one address (an IPv6 /64) may make per second, on each node
    /// (`LIENTHONG_ANONYMOUS_RATE`, default 20, a fraction allowed; 0 or less: no limit); bursts of twice as many (at least
    /// two) pass. Callers on this machine are not counted.
    public var anonymousRate: Double
    /// The largest request body the gateway passes on to an agency service (`LIENTHONG_MAX_SERVICE_BODY_BYTES`,
    /// default 64 MiB).
    public var maxServiceBodyBytes: Int
    /// The hosts agency services may run on (`LIENTHONG_SERVICE_HOSTS`); link-local and metadata addresses never.
    public var serviceHosts = ServiceHosts()
    /// How often requests are escalated, grants reminded of and agency services' health checked, once across all
    /// nodes (`LIENTHONG_JOB_SECONDS`, default 60).
    public var sharingJobInterval: Duration
    /// How often every dataset's quality is checked again (`LIENTHONG_QUALITY_HOURS`, default 24, a fraction allowed):
    /// freshness decays with time even when nothing is loaded.
    public var qualityInterval: Duration
    /// This node's name among several on one database, kept with the background runs it claims
    /// (`LIENTHONG_NODE_NAME`, default host name and process id).
    public var nodeName = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"

    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation? = nil,
        dataDirectory: String = "./lienthong-data", publicBaseURL: String? = nil, trustedProxies: [String] = [],
        maxJSONBodyBytes: Int = 1 << 20, demo: Bool = false, passwords: PasswordPolicy = PasswordPolicy(),
        sessionLifetime: Duration = .seconds(8 * 3600), credentialCacheLifetime: Duration = .milliseconds(500),
        lastUseFlushInterval: Duration = .seconds(2), calendar: WorkingDayCalendar = .vietnam(),
        logLevel: Logger.Level = .info, keys: PlatformKeys = PlatformKeys(), treeHeadEvery: Int64 = 1_000,
        treeHeadInterval: Duration = .seconds(10), answerWorkingDays: Int = 10, gatewayRate: Int = 100, anonymousRate: Double = 20,
        sharingJobInterval: Duration = .seconds(60), maxServiceBodyBytes: Int = 64 << 20, qualityInterval: Duration = .seconds(86_400)
    ) {
        self.host = host
        self.port = port
        self.database = database ?? .dataDirectory(dataDirectory)
        self.dataDirectory = dataDirectory
        self.publicBaseURL = publicBaseURL ?? "http://\(host):\(port)"
        self.trustedProxies = trustedProxies
        self.maxJSONBodyBytes = maxJSONBodyBytes
        self.demo = demo
        self.passwords = passwords
        self.sessionLifetime = sessionLifetime
        self.credentialCacheLifetime = credentialCacheLifetime
        self.lastUseFlushInterval = lastUseFlushInterval
        self.calendar = calendar
        self.logLevel = logLevel
        self.keys = keys
        self.treeHeadEvery = treeHeadEvery
        self.treeHeadInterval = treeHeadInterval
        self.answerWorkingDays = answerWorkingDays
        self.gatewayRate = gatewayRate
        self.anonymousRate = anonymousRate
        self.sharingJobInterval = sharingJobInterval
        self.maxServiceBodyBytes = maxServiceBodyBytes
        self.qualityInterval = qualityInterval
    }

    /// `publicBaseURL` without a trailing `/`, to append paths to.
    public var publicBase: String { publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL }

    /// Whether `host` is a loopback address (the demo refuses anything else).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
