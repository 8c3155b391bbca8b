import Foundation
import Lienthong
import LienthongServer
import LienthongStore
import Logging

/// Server configurations for tests: the demo city on a test database, cheap bcrypt, quick flushes, a
/// tree head signed within a fraction of a second of any change.
public enum TestServer {
    /// The password of the demo accounts the tests sign in with.
    public static let password = DemoCity.password

    public static func configuration(_ location: DatabaseLocation) -> ServerConfiguration {
        TestLogs.install()
        return ServerConfiguration(
            host: "127.0.0.1", port: 0, database: location, publicBaseURL: "https://lienthong.example.vn",
            trustedProxies: ["10.0.0.0/8"], maxJSONBodyBytes: 64 * 1024, demo: true,
            passwords: PasswordPolicy(bcryptCost: 4), credentialCacheLifetime: .milliseconds(500),
            lastUseFlushInterval: .milliseconds(100), logLevel: .debug, treeHeadInterval: .milliseconds(200))
    }
}
