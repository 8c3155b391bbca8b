import Foundation
import HTTPTypes

/// The OpenAPI 3.1 document kept in the repository (`Resources/openapi.json`), served with the configured
/// public base URL as its server.
public enum OpenAPIDocument {
    /// The document as committed.
    public static func committed() throws -> [String: Any] {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources")
        else { throw CocoaError(.fileNoSuchFile) }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        guard let document = object as? [String: Any] else { throw CocoaError(.fileReadCorruptFile) }
        return document
    }

    /// The document as served: `servers` points at `publicBaseURL`.
    static func data(publicBaseURL: String) throws -> Data {
        var document = try committed()
        document["servers"] = [["url": publicBaseURL]]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// Every operation in the document as `RouteKey`s, for the test that compares it with the router.
    public static func routeKeys() throws -> Set<RouteKey> {
        let paths = try committed()["paths"] as? [String: [String: Any]] ?? [:]
        var keys: Set<RouteKey> = []
        for (path, operations) in paths {
            for method in operations.keys where method != "parameters" {
                keys.insert(RouteKey(.init(method.uppercased())!, path))
            }
        }
        return keys
    }
}
