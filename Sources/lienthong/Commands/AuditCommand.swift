import ArgumentParser
import Foundation
import Lienthong
import LienthongServer
import LienthongStore

/// `lienthong audit verify|export|tree-head|reconcile`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify and export the audit log (nhật ký truy cập).",
        subcommands: [Verify.self, Export.self, TreeHead.self, Reconcile.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-compute every entry's hash, the chain, the Merkle tree and every tree-head signature.",
            discussion: """
                Exits 0 when the log is intact; otherwise prints the first bad entry and exits 1.
                With --tree-head, also checks that today's log still extends a tree head saved earlier
                (by a witness such as the Department of Justice), with a consistency proof to the latest head.
                Signatures count only from trusted keys: --public-key (repeatable), else this platform's own
                signing key (LIENTHONG_AUDIT_SIGNING_KEY, its _FILE, or DATA_DIR/keys).
                """)

        @OptionGroup var storage: StorageOptions
        @Option(help: "A tree head saved earlier (JSON from 'audit tree-head' or GET /api/v1/audit/tree-head).")
        var treeHead: String?
        @Option(help: "A trusted Ed25519 public key (base64); repeat for several.") var publicKey: [String] = []

        func run() async throws {
            let saved = try treeHead.map(Self.readHead)
            let trusted = trustedKeys()
            let (report, extends) = try await storage.withDatabase(migrate: false) { database in
                let store = AuditStore(database: database)
                let report = try await store.verify(trustedKeys: trusted)
                let extends = try await saved.asyncMap { try await store.checkExtends($0, trustedKeys: trusted) }
                return (report, extends)
            }
            if trusted == nil {
                FileHandle.standardError.write(
                    Data("lienthong: warning: no trusted key; signatures were checked against the keys the heads name\n".utf8))
            }
            if let failure = report.failure ?? extends ?? nil {
                print("FAILED after \(report.entries) entries: \(failure)")
                throw ExitCode(1)
            }
            print("OK: \(report.entries) entries, \(report.treeHeadsChecked) signed tree heads, root \(report.rootHash)")
            if let saved { print("OK: the log extends the saved tree head of size \(saved.treeSize)") }
        }

        func trustedKeys() -> Set<String>? {
            if !publicKey.isEmpty { return Set(publicKey) }
            guard let keys = try? PlatformKeys.load(dataDirectory: storage.resolvedDataDir, create: false) else { return nil }
            return [keys.signing.publicKeyBase64]
        }

        static func readHead(_ path: String) throws -> SignedTreeHead {
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            do {
                return try JSONDecoder().decode(SignedTreeHead.self, from: data)
            } catch {
                throw ValidationError("\(path) is not a tree head (JSON with treeSize, rootHash, timestamp, publicKey, signature)")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the whole log as NDJSON: one entry per line with its hashes, then the signed tree heads.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "The file to write (default: standard output).") var output: String?

        func run() async throws {
            let handle: FileHandle
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output) else {
                    throw ValidationError("cannot write \(output)")
                }
                handle = file
            } else {
                handle = FileHandle.standardOutput
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let count = try await storage.withDatabase(migrate: false) { database in
                let store = AuditStore(database: database)
                var count = 0
                try await store.forEachEntry { page in
                    var lines = Data()
                    for stored in page {
                        lines.append(try encoder.encode(AuditRecord(stored)))
                        lines.append(0x0A)
                    }
                    handle.write(lines)
                    count += page.count
                    return true
                }
                for head in try await store.treeHeads() {
                    handle.write(try encoder.encode(["treeHead": head]) + Data([0x0A]))
                }
                return count
            }
            if output != nil {
                try handle.close()
                print("Exported \(count) entries to \(output ?? "")")
            }
        }
    }

    struct TreeHead: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the latest signed tree head as JSON, for a witness to keep and check later with 'audit verify --tree-head'.")

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let head = try await storage.withDatabase(migrate: false) { try await AuditStore(database: $0).latestTreeHead() }
            guard let head else {
                throw ValidationError("the log has no signed tree head yet; a running server signs one within seconds of any action")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(head), as: UTF8.self))
        }
    }

    struct Reconcile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every grant, API client and staff account against the audit entry that made it.",
            discussion: """
                A row without its entry was written outside the platform (an insider with access to the database)
                or in the moment between a change and its entry (a server stopped there). Exits 0 when every row has
                its entry; otherwise lists the rows, oldest first, with the entry each should have, and exits 1.
                The security page (/security) and GET /api/v1/security/reconciliation show the same.
                """)

        @OptionGroup var storage: StorageOptions
        @Flag(help: "Print the result as JSON (as the API gives it).") var json = false

        func run() async throws {
            let result = try await storage.withDatabase(migrate: false) { try await AuditStore(database: $0).reconcile() }
            if json {
                try OutputFormat.printJSON(result)
            } else {
                print("checked \(result.grants) grants, \(result.apiClients) API clients, \(result.users) staff accounts")
                for row in result.unmatched {
                    let detail = row.detail.isEmpty ? "" : " (\(row.detail))"
                    print(
                        "NO ENTRY: \(row.kind.rawValue) \(row.id)\(detail), agency \(row.agencyCode), created \(row.createdAt.map(Timestamp.string) ?? "?"); expected \(row.expected)"
                    )
                }
                if result.unmatched.isEmpty { print("OK: every row has its entry") }
            }
            if !result.unmatched.isEmpty { throw ExitCode(1) }
        }
    }
}
