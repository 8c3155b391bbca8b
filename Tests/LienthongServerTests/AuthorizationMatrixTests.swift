import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongTestSupport
import NIOCore
import Testing

@testable import LienthongServer

/// Every route of `AccessPolicy` (the API and the web pages) called by every kind of caller, each cell checked
/// against the answer it must get. The expected answers come from the policy itself (deny unless granted) and, where
/// the policy lets a caller through but the object is not theirs, from `AuthorizationMatrix.objectRules`.
@Suite("Authorization matrix: every route × every role")
struct AuthorizationMatrixTests {
    @Test("each route answers each caller as the policy and the object rules say, and no route is left out")
    func matrix() async throws {
        try await withServer { client in
            let fixture = try await MatrixFixture.make(client)
            var mismatches: [String] = []
            var rows: [String] = []
            let routes = AuthorizationMatrix.orderedRoutes
            for (route, isPage) in routes {
                var cells: [String] = []
                for actor in MatrixActor.allCases {
                    let expected = AuthorizationMatrix.expected(route, isPage: isPage, actor: actor, fixture: fixture)
                    let path = try fixture.path(route.path, for: actor)
                    let status = try await fixture.call(route.method, route.path, path, isPage: isPage, as: actor)
                    cells.append("\(status.code)")
                    if !expected.matches(status) {
                        mismatches.append("\(route) as \(actor) [\(path)]: expected \(expected), got \(status.code)")
                    }
                }
                rows.append("| `\(route)` | " + cells.joined(separator: " | ") + " |")
            }
            let covered = Set(routes.map(\.route))
            #expect(covered == Set(AccessPolicy.table.keys).union(AccessPolicy.pages.keys), "a route without a row")
            #expect(mismatches.isEmpty, "\(mismatches.count) cells differ:\n\(mismatches.joined(separator: "\n"))")
            // docs/authorization-matrix.md shows every cell as answered; a change of any answer must show there too.
            let document = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../docs/authorization-matrix.md")
            let table = MatrixActor.allCases.map(\.rawValue).joined(separator: " | ")
            let generated =
                "| route | \(table) |\n|---|" + String(repeating: "---|", count: MatrixActor.allCases.count) + "\n"
                + rows.joined(separator: "\n") + "\n"
            if ProcessInfo.processInfo.environment["LIENTHONG_WRITE_MATRIX"] == "1" {
                let text = try String(contentsOf: document, encoding: .utf8)
                let start = try #require(text.range(of: "| route |")).lowerBound
                try (String(text[..<start]) + generated).write(to: document, atomically: true, encoding: .utf8)
            }
            let written = try String(contentsOf: document, encoding: .utf8)
            let stale = rows.filter { !written.contains($0 + "\n") }
            #expect(
                written.hasSuffix(generated),
                "docs/authorization-matrix.md is not current (run with LIENTHONG_WRITE_MATRIX=1); now: \(stale.prefix(5).joined(separator: "\n"))")
        }
    }
}
