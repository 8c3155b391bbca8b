import Foundation
import LienthongStore
import LienthongTestSupport
import Testing

@Suite("The CLI's programme tracker")
struct ProgrammeCLITests {
    @Test("programme: import a feed, list tasks with states and measures, move a deadline through the ledger, report progress, overview")
    func programme() throws {
        let cli = CLIRunner()
        defer { cli.cleanup() }
        try cli.run("agency", "add", "--code", "syt", "--name-vi", "Sở Y tế", "--name-en", "Department of Health", "--kind", "department")
        let file = cli.dataDirectory.appendingPathComponent("feed.json").path
        try #"""
        {"directives": [{"code": "nq-57", "issuer": "central", "number": "57-NQ/TW", "issuedOn": "2024-12-22", "title": "Nghị quyết 57"}],
         "tasks": [{"code": "tw-01", "directiveCode": "nq-57", "title": "Chia sẻ dữ liệu y tế", "ownerAgencyCode": "syt", "leadOfficial": "",
                    "coAgencyCodes": [], "budgetDong": 0, "staff": 0, "assignedOn": "2025-01-06", "originalDueOn": "2025-06-30", "dueOn": "2025-06-30",
                    "progress": 90, "weight": 1, "metric": {"kind": "datasets-shared", "subject": "syt", "target": 1}}]}
        """#.write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try cli.run("programme", "import", file)
        #expect(imported.status == 0 && imported.standardOutput.contains("1 directives, 1 tasks and 0 problems"), "\(imported.standardError)")
        // A feed with only the required fields, whose second task names an unknown agency: nothing is imported.
        try #"""
        {"tasks": [{"code": "tw-02", "directiveCode": "nq-57", "title": "Hai", "ownerAgencyCode": "syt", "assignedOn": "2025-01-06", "dueOn": "2025-06-30"},
                   {"code": "tw-03", "directiveCode": "nq-57", "title": "Ba", "ownerAgencyCode": "khong-co", "assignedOn": "2025-01-06", "dueOn": "2025-06-30"}],
         "problems": [{"code": "dn-01", "kind": "bottleneck", "title": "Chưa có API", "agencyCodes": ["syt"], "taskCodes": ["tw-02"]}]}
        """#.write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try cli.run("programme", "import", file)
        #expect(refused.status != 0 && refused.standardError.contains("khong-co"), "\(refused.standardError)")
        #expect(!(try cli.run("programme", "tasks").standardOutput.contains("tw-02")), "all or nothing")
        #expect(try cli.run("programme", "tasks", "--agency", "khong-co").status != 0)
        let listed = try cli.run("programme", "tasks")
        #expect(listed.standardOutput.contains("overdue") && listed.standardOutput.contains("contradicted"), "\(listed.standardOutput)")
        let moved = try cli.run(
            "programme", "change", "tw-01", "--deadline", "2099-01-01", "--requested-by", "steward.syt", "--approved-by", "admin", "--reason",
            "Chờ API")
        #expect(moved.standardOutput.contains("now due 2099-01-01 (originally 2025-06-30)"), "\(moved.standardError)")
        let retargeted = try cli.run(
            "programme", "change", "tw-01", "--target", "2", "--requested-by", "steward.syt", "--approved-by", "admin", "--reason", "Hai bộ dữ liệu")
        #expect(retargeted.standardOutput.contains("target is now 2"), "\(retargeted.standardError)")
        #expect(try cli.run("programme", "change", "tw-01", "--requested-by", "a", "--approved-by", "b", "--reason", "c").status != 0)
        #expect(try cli.run("programme", "report", "tw-01", "--progress", "95").standardOutput.contains("95%"))
        #expect(try cli.run("programme", "overview").standardOutput.contains("central: 1 tasks, 0 overdue"))
        let bad = try cli.run("programme", "change", "tw-01", "--deadline", "x", "--requested-by", "a", "--approved-by", "b", "--reason", "c")
        #expect(bad.status != 0 && bad.standardError.contains("invalid: to"))
    }
}
