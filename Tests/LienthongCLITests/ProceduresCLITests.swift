import Foundation
import LienthongStore
import LienthongTestSupport
import Logging
import Testing

@Suite("The CLI's declare-once procedures")
struct ProceduresCLITests {
    @Test("procedures: save from a file (its code becomes a purpose), list, show; indicators with no case; a bad file gets one clear line")
    func procedures() throws {
        let cli = CLIRunner()
        defer { cli.cleanup() }
        try cli.run("agency", "add", "--code", "stp", "--name-vi", "Sở Tư pháp", "--name-en", "Department of Justice", "--kind", "department")
        let file = cli.dataDirectory.appendingPathComponent("procedure.json").path
        try #"""
        {"code": "cap-phieu", "nameVi": "Cấp Phiếu lý lịch tư pháp", "nameEn": "Criminal-record certificate", "ownerAgencyCode": "stp",
         "processingDays": 10, "feeDong": 200000, "documents": ["Tờ khai"], "active": true, "updatedAt": "2026-11-26T00:00:00Z",
         "fields": [{"name": "ho_ten", "labelVi": "Họ tên", "labelEn": "Name", "kind": "text", "required": true,
                     "source": {"dataset": "dan-cu-trich-xuat", "field": "ho_ten", "by": "citizen-id"}},
                    {"name": "muc_dich", "labelVi": "Mục đích", "labelEn": "Purpose", "kind": "text", "required": true}]}
        """#.write(toFile: file, atomically: true, encoding: .utf8)
        let saved = try cli.run("procedures", "save", file)
        #expect(saved.status == 0 && saved.standardOutput.contains("1 of 2 fields prefilled"), "\(saved.standardError)")
        #expect(try cli.run("procedures", "list").standardOutput.contains("cap-phieu"))
        #expect(try cli.run("procedures", "show", "cap-phieu").standardOutput.contains(#""processingDays" : 10"#))
        #expect(try cli.run("sharing", "purposes").standardOutput.contains("cap-phieu"))
        #expect(try cli.run("procedures", "indicators").standardOutput.contains("city"))
        #expect(try cli.run("procedures", "cases").status == 0)
        try #"{"code": "Bad Code"}"#.write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try cli.run("procedures", "save", file)
        #expect(bad.status != 0 && bad.standardError.contains("is not a procedure"))
    }
}
