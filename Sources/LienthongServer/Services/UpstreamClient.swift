import AsyncHTTPClient
import NIOCore

/// The HTTP client the gateway calls agency services with: it never follows a redirect (the gateway decides what
/// a redirect means), connects within five seconds and does not decompress. One for the process, like
/// `HTTPClient.shared`, so it lives as long as the servers that use it and is never shut down.
enum UpstreamClient {
    static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(60)))
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}
