import Foundation
import LienthongServer
import LienthongStore
import LienthongTestSupport
import Logging
import Testing

@Suite("The lienthong command")
struct CLITests {
    @Test("version prints the version and exits 0")
    func version() throws {
        let cli = CLIRunner()
        let result = try cli.run("version")
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("lienthong "))
    }

    @Test("agencies, users and keys: add, list as JSON, create a key, revoke it")
    func directory() throws {
        let cli = CLIRunner()
        defer { cli.cleanup() }
        let added = try cli.run(
            "agency", "add", "--code", "syt", "--name-vi", "Sở Y tế", "--name-en", "Department of Health",
            "--kind", "department")
        #expect(added.status == 0, "\(added.standardError)")
        let agencies = try cli.run("agency", "list", "--format", "json")
        let agencyList = try #require(try JSONSerialization.jsonObject(with: Data(agencies.standardOutput.utf8)) as? [[String: Any]])
        #expect(agencyList.map { $0["code"] as? String } == ["syt"])
        #expect(agencyList.first?["nameVi"] as? String == "Sở Y tế")

        let user = try cli.run(
            "user", "add", "--username", "steward.syt", "--display-name", "Nguyễn Văn An", "--agency", "syt",
            "--role", "steward", "--password-stdin", input: "a-long-enough-password\n")
        #expect(user.status == 0, "\(user.standardError)")
        #expect(!user.standardOutput.contains("a-long-enough-password"))
        let users = try cli.run("user", "list", "--format", "json")
        #expect(users.standardOutput.contains("steward.syt"))
        #expect(!users.standardOutput.contains("$2"), "a password hash was printed")

        let created = try cli.run("apikey", "create", "--agency", "syt", "--name", "his")
        #expect(created.status == 0, "\(created.standardError)")
        let key = try #require(created.lines.last)
        #expect(key.hasPrefix("ltk_") && !key.contains(" "))

        let listed = try cli.run("apikey", "list", "--format", "json")
        #expect(!listed.standardOutput.contains(key), "a key was listed")
        let clients = try #require(try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
        let client = try #require(clients.first)
        for field in ["id", "agency", "name", "created"] { #expect(client[field] != nil, "apikey list lacks \(field)") }
        #expect(client["revoked"] == nil)
        let id = try #require(client["id"] as? String)

        #expect(try cli.run("apikey", "revoke", id).status == 0)
        let after = try cli.run("apikey", "list", "--format", "json")
        let revoked = try #require(try JSONSerialization.jsonObject(with: Data(after.standardOutput.utf8)) as? [[String: Any]])
        #expect(revoked.first?["revoked"] as? String != nil)
    }

    @Test("services and sharing: register a service, list it, add a purpose, read the scoreboard and an empty outbox")
    func servicesAndSharing() throws {
        let cli = CLIRunner()
        defer { cli.cleanup() }
        #expect(try cli.run("agency", "add", "--code", "syt", "--name-vi", "Sở Y tế", "--name-en", "Health", "--kind", "department").status == 0)
        let added = try cli.run(
            "service", "add", "--agency", "syt", "--code", "his", "--name-vi", "Hệ thống y tế", "--name-en", "HIS", "--base-url",
            "https://his.example.vn/api", "--endpoint", "GET /facilities/{id}", "--endpoint", "get /licences")
        #expect(added.status == 0, "\(added.standardError)")
        let listed = try cli.run("service", "list", "--format", "json")
        let services = try #require(try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
        #expect(services.first?["code"] as? String == "his" && (services.first?["endpoints"] as? [Any])?.count == 2)
        let bad = try cli.run("service", "add", "--agency", "syt", "--code", "X", "--name-vi", "", "--name-en", "x", "--base-url", "ftp://x")
        #expect(bad.status != 0 && bad.standardError.contains("baseUrl") && bad.standardError.split(separator: "\n").count == 1)
        #expect(try cli.run("sharing", "add-purpose", "--code", "thong-ke", "--name-vi", "Thống kê", "--name-en", "Statistics").status == 0)
        #expect(try cli.run("sharing", "purposes").standardOutput.contains("thong-ke"))
        let board = try cli.run("sharing", "scoreboard", "--format", "json")
        #expect(board.status == 0 && board.standardOutput.hasPrefix("["), "\(board.standardError)")
        let escalate = try cli.run("sharing", "escalate")
        #expect(escalate.standardOutput.hasPrefix("Escalated 0 request(s)"))
        #expect(try cli.run("sharing", "outbox").standardOutput.isEmpty)
        let anomalies = try cli.run("security", "anomalies", "--format", "json")
        #expect(anomalies.status == 0 && anomalies.standardOutput.hasPrefix("["), "\(anomalies.standardError)")
        #expect(try cli.run("security", "anomalies", "--days", "0").status != 0)
    }

    @Test("quality check: 0 when clean, 1 with findings (JSON per rule), 2 for unusable input; run and league on a stored dataset")
    func quality() throws {
        let cli = CLIRunner()
        defer { cli.cleanup() }
        try FileManager.default.createDirectory(at: cli.dataDirectory, withIntermediateDirectories: true)
        let schema = cli.dataDirectory.appendingPathComponent("schema.json")
        try #"{"fields": [{"name": "id", "type": "integer"}, {"name": "phuong", "type": "string", "vn": "ward-code"}], "primaryKey": ["id"]}"#
            .write(to: schema, atomically: true, encoding: .utf8)
        let clean = cli.dataDirectory.appendingPathComponent("clean.csv")
        try "id,phuong\n1,00004\n2,00008\n".write(to: clean, atomically: true, encoding: .utf8)
        let dirty = cli.dataDirectory.appendingPathComponent("dirty.csv")
        try "id,phuong\n1,00004\n1,00013\n3,\n".write(to: dirty, atomically: true, encoding: .utf8)
        #expect(try cli.run("quality", "check", clean.path, "--schema", schema.path).status == 0)
        let found = try cli.run("quality", "check", dirty.path, "--schema", schema.path, "--as-of", "2026-11-01", "--format", "json")
        #expect(found.status == 1, "\(found.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(found.standardOutput.utf8)) as? [String: Any])
        let rules = try #require(report["rules"] as? [[String: Any]])
        let key = try #require(rules.first { $0["rule"] as? String == "primary-key" })
        #expect(key["failed"] as? Int == 1 && key["samples"] as? [Int] == [3] && key["criterion"] as? String == "clean")
        #expect(rules.first { $0["rule"] as? String == "vn:ward-in-force" }?["samples"] as? [Int] == [3])
        #expect(report["rows"] as? Int == 3)
        let rulesFile = cli.dataDirectory.appendingPathComponent("rules.json")
        try #"{"rules": [{"type": "freshness", "field": "nope", "withinDays": 1}]}"#.write(to: rulesFile, atomically: true, encoding: .utf8)
        let unusable = try cli.run("quality", "check", dirty.path, "--schema", schema.path, "--rules", rulesFile.path)
        #expect(unusable.status == 2 && unusable.standardError.contains("rules") && unusable.standardError.contains("quy tắc"))
        #expect(try cli.run("quality", "check", "/no/such.csv", "--schema", schema.path).status == 2)
        // A cross-dataset rule runs when the other dataset's rows are given.
        let wards = cli.dataDirectory.appendingPathComponent("wards.csv")
        try "ma,ten\n00004,Ba Đình\n".write(to: wards, atomically: true, encoding: .utf8)
        try #"{"rules": [{"type": "exists-in", "field": "phuong", "dataset": "phuong", "datasetField": "ma"}]}"#
            .write(to: rulesFile, atomically: true, encoding: .utf8)
        let crossed = try cli.run(
            "quality", "check", dirty.path, "--schema", schema.path, "--rules", rulesFile.path, "--lookup", "phuong=\(wards.path)", "--format", "json"
        )
        let crossedRules = (try JSONSerialization.jsonObject(with: Data(crossed.standardOutput.utf8)) as? [String: Any])?["rules"] as? [[String: Any]]
        #expect(crossedRules?.first { $0["rule"] as? String == "exists-in:phuong/ma" }?["samples"] as? [Int] == [3])
        let latin = cli.dataDirectory.appendingPathComponent("latin.csv")
        try Data([0x69, 0x64, 0x0A, 0x54, 0xF2, 0x0A]).write(to: latin)
        let notUTF8 = try cli.run("quality", "check", latin.path, "--schema", schema.path)
        #expect(notUTF8.status == 2 && notUTF8.standardError.contains("UTF-8"))

        #expect(try cli.run("agency", "add", "--code", "syt", "--name-vi", "Sở Y tế", "--name-en", "Health", "--kind", "department").status == 0)
        #expect(
            try cli.run(
                "dataset", "add", "--code", "co-so", "--agency", "syt", "--title-vi", "Cơ sở", "--title-en", "Facilities",
                "--schema", schema.path
            ).status == 0)
        let imported = try cli.run("import", "co-so", dirty.path, "--on-error", "skip")
        #expect(imported.status == 0 && imported.standardOutput.contains("Quality: "), "\(imported.standardOutput)\(imported.standardError)")
        let run = try cli.run("quality", "run", "co-so", "--format", "json")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try cli.run("quality", "show", "co-so").standardOutput.contains("vn:ward-in-force"))
        let league = try cli.run("quality", "league")
        #expect(league.status == 0 && league.standardOutput.contains("syt") && league.standardOutput.contains("city"))
    }

    @Test("a wrong option or an unknown agency gives one clear line and a non-zero exit")
    func badInput() throws {
        let cli = CLIRunner()
        defer { cli.cleanup() }
        let wrong = try cli.run("apikey", "create", "--agency", "syt", "--name", "x", "--colour", "red")
        #expect(wrong.status != 0)
        #expect(wrong.standardError.contains("--colour"))
        let missing = try cli.run("apikey", "create", "--name", "x")
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("--agency"))
        let unknown = try cli.run("apikey", "create", "--agency", "nowhere", "--name", "x")
        #expect(unknown.status != 0)
        #expect(unknown.standardError.split(separator: "\n").count == 1, "\(unknown.standardError)")
        #expect(unknown.standardOutput.isEmpty)
        let noPassword = try cli.run(
            "user", "add", "--username", "x", "--display-name", "X", "--agency", "syt", "--role", "officer")
        #expect(noPassword.status != 0)
    }

    @Test("an unreachable database gives one actionable line")
    func unreachableDatabase() throws {
        let cli = CLIRunner()
        let result = try cli.run("agency", "list", "--database-url", "postgres://nobody@127.0.0.1:1/none")
        #expect(result.status != 0)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("LIENTHONG_DATABASE_URL"))
    }

    @Test("a backup, readable by its owner only, restores into an empty data directory and holds none of the keys, which only their owner can read")
    func backupAndRestore() throws {
        let cli = CLIRunner()
        defer { cli.cleanup() }
        try cli.run("agency", "add", "--code", "stc", "--name-vi", "Sở Tài chính", "--name-en", "Department of Finance", "--kind", "department")
        try cli.run("apikey", "create", "--agency", "stc", "--name", "registry")
        let file = cli.dataDirectory.appendingPathComponent("backup.ndjson").path
        // The keys a server makes at its first start (`serve` calls the same function).
        _ = try PlatformKeys.load(dataDirectory: cli.dataDirectory.path, environment: [:])
        let backup = try cli.run("backup", file)
        #expect(backup.status == 0, "\(backup.standardError)")
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        let keys = cli.dataDirectory.appendingPathComponent("keys")
        let written = try String(contentsOfFile: file, encoding: .utf8)
        let keyFiles = try FileManager.default.contentsOfDirectory(atPath: keys.path)
        #expect(keyFiles.sorted() == ["audit-signing.key", "subject-hash.key"])
        for name in keyFiles {
            let path = keys.appendingPathComponent(name).path
            let key = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!key.isEmpty && !written.contains(key), "the backup holds no key (\(name))")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name) is readable by its owner only")
        }

        var target = CLIRunner()
        defer { target.cleanup() }
        target.environment["LIENTHONG_DATA_DIR"] = target.dataDirectory.path
        let restored = try target.run("restore", file)
        #expect(restored.status == 0, "\(restored.standardError)")
        let clients = try target.run("apikey", "list", "--format", "json")
        #expect(clients.standardOutput.contains("registry"))
        let again = try target.run("restore", file)
        #expect(again.status != 0, "restoring over data must be refused")
    }

    @Test("audit verify passes on an intact log, exports it, and names the first edited entry")
    func auditVerify() async throws {
        let cli = CLIRunner()
        defer { cli.cleanup() }
        try cli.run("agency", "add", "--code", "syt", "--name-vi", "Sở Y tế", "--name-en", "Department of Health", "--kind", "department")
        try cli.run("apikey", "create", "--agency", "syt", "--name", "his")
        try cli.run("apikey", "create", "--agency", "syt", "--name", "lab")
        let verified = try cli.run("audit", "verify")
        #expect(verified.status == 0, "\(verified.standardOutput) \(verified.standardError)")
        #expect(verified.standardOutput.contains("OK: 3 entries"))
        let file = cli.dataDirectory.appendingPathComponent("audit.ndjson").path
        #expect(try cli.run("audit", "export", "--output", file).status == 0)
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.contains(#""action":"agency.create""#) == true)
        #expect(try cli.run("audit", "tree-head").status != 0, "no server has signed a head yet")

        let database = try await Database.open(.dataDirectory(cli.dataDirectory.path), logger: Logger(label: "test"))
        try await database.withRunning {
            try await AuditTampering.dropTriggers(database)
            try await AuditTampering.run(database, ["UPDATE audit_entries SET agency_code = 'stc' WHERE seq = 1"])
        }
        let tampered = try cli.run("audit", "verify")
        #expect(tampered.status == 1)
        #expect(tampered.standardOutput.contains("entry 1: altered"), "\(tampered.standardOutput)")
    }

    @Test("audit reconcile passes when every key has its entry and names a key inserted behind the platform's back")
    func auditReconcile() async throws {
        let cli = CLIRunner()
        defer { cli.cleanup() }
        try cli.run("agency", "add", "--code", "syt", "--name-vi", "Sở Y tế", "--name-en", "Department of Health", "--kind", "department")
        try cli.run("apikey", "create", "--agency", "syt", "--name", "his")
        let clean = try cli.run("audit", "reconcile")
        #expect(clean.status == 0, "\(clean.standardOutput) \(clean.standardError)")
        #expect(clean.standardOutput.contains("checked 0 grants, 1 API clients, 0 staff accounts"), "\(clean.standardOutput)")

        let database = try await Database.open(.dataDirectory(cli.dataDirectory.path), logger: Logger(label: "test"))
        try await database.withRunning {
            // A key inserted by an insider with access to the database file: no entry made it.
            try await AuditTampering.run(
                database,
                [
                    """
                    INSERT INTO api_clients (id, agency_id, name, key_hash, key_prefix, created_at)
                    SELECT 'bbbbbbbb-2222-3333-4444-555555555555', agency_id, 'cua-sau', 'not-a-real-hash', 'lt_xxxx', '2026-11-27T10:00:00.000Z'
                    FROM api_clients WHERE name = 'his'
                    """
                ])
        }
        let found = try cli.run("audit", "reconcile")
        #expect(found.status == 1)
        #expect(
            found.standardOutput.contains("NO ENTRY: apiClient bbbbbbbb-2222-3333-4444-555555555555 (cua-sau), agency syt"),
            "\(found.standardOutput)")
        let json = try cli.run("audit", "reconcile", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect(
            (object?["unmatched"] as? [[String: Any]])?.first?["expected"] as? String
                == "apiClient.create apiClient:bbbbbbbb-2222-3333-4444-555555555555")
    }

    @Test("datasets: add with a schema file, list, publish, show the schema; a bad schema gets one clear line")
    func datasets() throws {
        let cli = CLIRunner()
        defer { cli.cleanup() }
        try cli.run("agency", "add", "--code", "stc", "--name-vi", "Sở Tài chính", "--name-en", "Department of Finance", "--kind", "department")
        let schemaFile = cli.dataDirectory.appendingPathComponent("schema.json").path
        try #"{"fields": [{"name": "mst", "type": "string", "vn": "tax-code"}, {"name": "ten", "type": "string"}], "primaryKey": "mst"}"#
            .write(toFile: schemaFile, atomically: true, encoding: .utf8)
        let added = try cli.run(
            "dataset", "add", "--agency", "stc", "--code", "ho-kinh-doanh", "--title-vi", "Hộ kinh doanh", "--title-en", "Household businesses",
            "--schema", schemaFile, "--sharing", "open", "--theme", "Kinh doanh")
        #expect(added.status == 0, "\(added.standardError)")
        #expect(try cli.run("dataset", "publish", "ho-kinh-doanh").standardOutput.contains("published"))
        let listed = try cli.run("dataset", "list", "--query", "ho kinh doanh", "--format", "json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
        #expect(rows.first?["status"] as? String == "published")
        #expect(try cli.run("dataset", "show-schema", "ho-kinh-doanh").standardOutput.contains(#""primaryKey""#))

        let csvFile = cli.dataDirectory.appendingPathComponent("data.csv").path
        try "mst;ten\n0101234567;Quán phở\n0109876543;\"Tạp hóa; Minh\"\n".write(toFile: csvFile, atomically: true, encoding: .utf8)
        let imported = try cli.run("import", "ho-kinh-doanh", csvFile)
        #expect(imported.status == 0, "\(imported.standardOutput)\(imported.standardError)")
        #expect(imported.standardOutput.contains("2 loaded"))
        try "mst;ten\n0101234567;Quán phở\n0101234567;Again\n".write(toFile: csvFile, atomically: true, encoding: .utf8)
        let refused = try cli.run("import", "ho-kinh-doanh", csvFile)
        #expect(refused.status == 1)
        #expect(refused.standardOutput.contains("primary-key"))
        let exported = try cli.run("export", "ho-kinh-doanh", "--filter", "ten[prefix]=Tạp", "--format", "ndjson")
        #expect(exported.standardOutput == #"{"mst":"0109876543","ten":"Tạp hóa; Minh"}"# + "\n", "\(exported.standardError)")
        let jsonFile = cli.dataDirectory.appendingPathComponent("rows.json").path
        let written = try cli.run("export", "ho-kinh-doanh", "--format", "json", "--sort=-mst", "--output", jsonFile)
        #expect(written.standardError.contains("Wrote 2 records"))
        let reimported = try cli.run("import", "ho-kinh-doanh", jsonFile)
        #expect(reimported.status == 0 && reimported.standardOutput.contains("2 loaded"), "a JSON export loads back as it is")
        #expect(try cli.run("export", "ho-kinh-doanh", "--filter", "tuoi=3").status != 0)

        let packageDirectory = cli.dataDirectory.appendingPathComponent("package")
        try FileManager.default.createDirectory(at: packageDirectory, withIntermediateDirectories: true)
        try "mst,ten\n0100000001,Gói dữ liệu\n".write(
            to: packageDirectory.appendingPathComponent("ho.csv"), atomically: true, encoding: .utf8)
        try #"{"name": "p", "resources": [{"name": "ho-kinh-doanh", "path": "ho.csv", "format": "csv"}]}"#.write(
            to: packageDirectory.appendingPathComponent("datapackage.json"), atomically: true, encoding: .utf8)
        let packaged = try cli.run("import", "ho-kinh-doanh", packageDirectory.appendingPathComponent("datapackage.json").path)
        #expect(packaged.standardOutput.contains("1 loaded"), "a Data Package's resource loads: \(packaged.standardError)")

        let published = try cli.run("catalog", "publish", "--note", "Lần đầu")
        #expect(published.standardOutput.hasPrefix("Published catalog no. 1: 1 datasets"), "\(published.standardError)")
        #expect(try cli.run("catalog", "show", "1", "--format", "csv").standardOutput.contains("1,ho-kinh-doanh,Hộ kinh doanh,"))
        #expect(try cli.run("catalog", "show", "1", "--format", "ttl").standardOutput.contains("a dcat:Catalog"), "DCAT-AP from the CLI")
        try cli.run("dataset", "retire", "ho-kinh-doanh")
        try cli.run("catalog", "publish")
        #expect(try cli.run("catalog", "changes", "1", "2").standardOutput == "- ho-kinh-doanh  Hộ kinh doanh\n")
        let listedPublications = try cli.run("catalog", "publications", "--format", "json")
        let publications = try #require(try JSONSerialization.jsonObject(with: Data(listedPublications.standardOutput.utf8)) as? [[String: Any]])
        #expect(publications.map { $0["datasetCount"] as? Int } == [0, 1])

        try #"{"fields": [{"name": "Mã số", "type": "string"}]}"#.write(toFile: schemaFile, atomically: true, encoding: .utf8)
        let bad = try cli.run("dataset", "set-schema", "ho-kinh-doanh", schemaFile)
        #expect(bad.status != 0)
        #expect(bad.standardError.contains("fields[0].name"))
        #expect(try cli.run("dataset", "publish", "nothing-here").standardError.contains("There is no dataset"))
    }
}
