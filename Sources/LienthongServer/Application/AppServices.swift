import Lienthong
import LienthongStore
import Logging

/// The long-lived parts that handlers use, made once by `buildApplication` and passed by `init`.
struct AppServices: Sendable {
    let configuration: ServerConfiguration
    let database: Database
    let directory: DirectoryStore
    let credentials: CredentialCache
    let lastUse: LastUseRecorder
    let metrics: HTTPMetrics
    let logger: Logger
    /// The web interface's page renderer and its static files.
    let web: WebRenderer
    let assets: StaticAssets
    /// Appends audit entries with group commit.
    let audit: Auditor
    /// Signs audit tree heads (a service of the application).
    let signer: TreeHeadSigner
    /// The grants this node trusts for a second (the gateway's check).
    let grants: GrantCache
    /// Gateway calls per API client.
    let rateLimiter: RateLimiter
}
