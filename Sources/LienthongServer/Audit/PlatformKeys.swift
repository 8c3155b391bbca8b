import Foundation
import Lienthong

/// The two secrets that never live in the database: the Ed25519 key that signs audit tree heads and the
/// key of the citizen-ID hash.
///
/// Each comes from, in order: an environment variable holding it (`LIENTHONG_AUDIT_SIGNING_KEY`,
/// `LIENTHONG_SUBJECT_HASH_KEY`, base64), a file named by an environment variable (`…_FILE`, the way
/// several nodes share one mounted key), or `DATA_DIR/keys/`, where a single node generates it on first
/// start (mode 0600).
public struct PlatformKeys: Sendable {
    public let signing: AuditSigningKey
    public let subjects: SubjectHasher

    public init(signing: AuditSigningKey = AuditSigningKey(), subjects: SubjectHasher = SubjectHasher()) {
        self.signing = signing
        self.subjects = subjects
    }

    /// Why keys could not be loaded, in words an operator can act on.
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Loads the keys as described above, generating missing ones in `dataDirectory` when `create` is set.
    public static func load(
        dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment, create: Bool = true
    ) throws -> PlatformKeys {
        let signing = try key(
            variable: "LIENTHONG_AUDIT_SIGNING_KEY", fileName: "audit-signing.key", dataDirectory: dataDirectory,
            environment: environment, create: create, generate: { AuditSigningKey().encoded }, parse: AuditSigningKey.init(encoded:))
        let subjects = try key(
            variable: "LIENTHONG_SUBJECT_HASH_KEY", fileName: "subject-hash.key", dataDirectory: dataDirectory,
            environment: environment, create: create, generate: { SubjectHasher().encoded }, parse: SubjectHasher.init(encoded:))
        return PlatformKeys(signing: signing, subjects: subjects)
    }

    private static func key<Key>(
        variable: String, fileName: String, dataDirectory: String, environment: [String: String], create: Bool,
        generate: () -> String, parse: (String) -> Key?
    ) throws -> Key {
        if let value = environment[variable], !value.isEmpty {
            guard let key = parse(value) else { throw LoadError(description: "\(variable) does not hold a valid key (base64)") }
            return key
        }
        let path: String
        if let file = environment[variable + "_FILE"], !file.isEmpty {
            path = file
        } else {
            path = URL(fileURLWithPath: dataDirectory).appendingPathComponent("keys").appendingPathComponent(fileName).path
        }
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let key = parse(text) else { throw LoadError(description: "\(path) does not hold a valid key") }
            return key
        }
        guard create, environment[variable + "_FILE"] == nil else {
            throw LoadError(description: "no key at \(path); set \(variable) or \(variable)_FILE")
        }
        let encoded = generate()
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard FileManager.default.createFile(atPath: path, contents: Data((encoded + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            throw LoadError(description: "cannot write a new key to \(path): \(error.localizedDescription)")
        }
        guard let key = parse(encoded) else { throw LoadError(description: "a generated key did not parse") }
        return key
    }
}
