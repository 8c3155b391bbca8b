import Foundation
import Hummingbird
import NIOCore

/// The interface's own CSS, JavaScript and images, read once from the bundle and served from memory
/// (no CDN: the platform works on a closed city network).
struct StaticAssets: Sendable {
    private let files: [String: (bytes: ByteBuffer, contentType: String)]

    /// Loads every file in `Resources/static`.
    init() throws {
        guard let directory = Bundle.module.url(forResource: "static", withExtension: nil, subdirectory: "Resources") else {
            throw CocoaError(.fileNoSuchFile)
        }
        var files: [String: (bytes: ByteBuffer, contentType: String)] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            files[name] = (ByteBuffer(bytes: data), Self.contentType(of: name))
        }
        self.files = files
    }

    /// The file as a response, cacheable for a day (links carry the version, so an upgrade is seen at once).
    func response(_ name: String) -> Response? {
        guard let file = files[name] else { return nil }
        return Response(
            status: .ok,
            headers: [.contentType: file.contentType, .cacheControl: "public, max-age=86400"],
            body: .init(byteBuffer: file.bytes))
    }

    static func contentType(of name: String) -> String {
        switch (name as NSString).pathExtension {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }
}
