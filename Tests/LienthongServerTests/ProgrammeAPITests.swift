import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongTestSupport
import NIOCore
import Testing

@Suite("Programme tracker: the Inspection Committee's view, evidence from live data, the ledger")
struct ProgrammeAPITests {
    @Test("the inspector sees the seed's numbers, late units and why, contradicted claims and tasks at risk; opening data moves the measure")
    func committeeView() async throws {
        try await withServer { client in
            let inspector = try await client.signIn("inspector")
            let overview = try await client.send(.get, "/api/v1/programme/overview", token: inspector).object
            #expect((overview["central"] as? [String: Any])?["overdue"] as? Int == 12)
            #expect((overview["city"] as? [String: Any])?["overdue"] as? Int == 18)
            #expect(overview["problems"] as? [String: Int] == ["shortcoming": 17, "cause": 11, "bottleneck": 18])
            #expect(overview["shortcomingGroups"] as? Int == 17)
            let contradicted = (overview["contradicted"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(Set(["tw-01", "tw-02", "tw-03"]).isSubset(of: Set(contradicted)), "\(contradicted)")
            let atRisk = overview["atRisk"] as? [[String: Any]] ?? []
            #expect(
                atRisk.contains { $0["code"] as? String == "tp-h09" && ($0["forecast"] as? [String: Any])?["reason"] as? String == "unit-record" },
                "a task just assigned to a unit that is late on everything will slip by its record")
            let overdue = overview["overdue"] as? [[String: Any]] ?? []
            #expect(overdue.allSatisfy { !(($0["why"] as? [String]) ?? []).isEmpty }, "every overdue task says why")
            let units = overview["units"] as? [[String: Any]] ?? []
            #expect(units.first?["agencyCode"] as? String == "stc" && (units.first?["score"] as? [String: Any])?["verdict"] as? String == "exemplary")
            #expect(units.contains { $0["agencyCode"] as? String == "syt" && ($0["score"] as? [String: Any])?["verdict"] as? String == "negligent" })
            #expect((overview["formula"] as? String)?.contains("35%") == true)
            let officials = overview["officials"] as? [[String: Any]] ?? []
            #expect(officials.contains { $0["verdict"] as? String == "negligent" } && officials.contains { $0["verdict"] as? String == "exemplary" })
            #expect(try await client.send(.get, "/api/v1/programme/overview").status == .unauthorized)

            // Health opens its facilities: the bound task's measured value moves, nobody types it.
            let health = try await client.signIn("steward.syt")
            let before = try await client.send(.get, "/api/v1/programme/tasks/tw-01", token: inspector).object
            #expect(before["measured"] as? Double == 0 && (before["claim"] as? [String: Any])?["contradicted"] as? Bool == true)
            let opened = try await client.send(.patch, "/api/v1/datasets/co-so-y-te", token: health, json: #"{"sharingLevel": "open"}"#)
            #expect(opened.status == .ok, "\(opened.text)")
            let after = try await client.send(.get, "/api/v1/programme/tasks/tw-01", token: inspector).object
            #expect(after["measured"] as? Double == 1 && (after["claim"] as? [String: Any])?["contradicted"] as? Bool == false)
            #expect((after["readings"] as? [[String: Any]])?.count ?? 0 >= 2, "the value kept over time")

            let page = WebBrowserSession(client)
            try await page.signIn("inspector", password: TestServer.password)
            let view = try await page.get("/programme")
            #expect(view.text.contains(#"data-testid="central-overdue"><span class="stat-value">12/"#), "\(view.status)")
            #expect(view.text.contains(#"data-testid="city-overdue"><span class="stat-value">18/"#))
            #expect(view.text.contains("17 nhóm tồn tại, hạn chế; 11 nguyên nhân; 18 điểm nghẽn"))
            #expect(view.text.contains(#"data-testid="programme-print""#), "the committee's report prints")
            let problems = try await page.get("/programme/problems")
            #expect(problems.status == .ok && problems.text.contains("Chưa có API kết nối CSDL y tế"))
            // Every task can be found: the list by agency, a parent's sub-tasks, a sub-task's parent.
            let list = try await page.get("/programme/tasks?agency=skhcn")
            #expect(list.text.contains(#"href="/programme/tasks/tp-catalog""#) && !list.text.contains(#"href="/programme/tasks/tw-01""#))
            let catalog = try await page.get("/programme/tasks/tp-catalog")
            #expect(catalog.text.contains(#"data-testid="task-sub-tasks""#) && catalog.text.contains(#"href="/programme/tasks/tp-catalog-syt""#))
            #expect(try await page.get("/programme/tasks/tp-catalog-syt").text.contains(#"data-testid="task-parent""#))
        }
    }

    @Test("the owner reports progress, others cannot; a deadline moves only through the ledger with who asked and why")
    func ledger() async throws {
        try await withServer { client in
            let health = try await client.signIn("steward.syt")
            let finance = try await client.signIn("steward.stc")
            let admin = try await client.signIn("admin")
            #expect(
                try await client.send(.post, "/api/v1/programme/tasks/tw-01/progress", token: finance, json: #"{"progress": 100}"#).status
                    == .forbidden)
            let reported = try await client.send(.post, "/api/v1/programme/tasks/tw-01/progress", token: health, json: #"{"progress": 95}"#)
            #expect(reported.status == .ok && reported.object["progress"] as? Int == 95)
            #expect(
                try await client.send(
                    .post, "/api/v1/programme/tasks/tw-01/changes", token: health,
                    json: #"{"field": "deadline", "to": "2099-01-01", "requestedBy": "x", "reason": "x"}"#
                )
                .status == .forbidden, "only the coordinator approves")
            let missing = try await client.send(
                .post, "/api/v1/programme/tasks/tw-01/changes", token: admin,
                json: #"{"field": "deadline", "to": "2099-01-01", "requestedBy": "steward.syt", "reason": ""}"#)
            #expect(missing.status == .unprocessableContent)
            let moved = try await client.send(
                .post, "/api/v1/programme/tasks/tw-01/changes", token: admin,
                json: #"{"field": "deadline", "to": "2099-01-01", "requestedBy": "steward.syt", "reason": "Chờ nâng cấp phần mềm"}"#)
            #expect(
                moved.status == .ok && moved.object["dueOn"] as? String == "2099-01-01" && moved.object["originalDueOn"] as? String != "2099-01-01")
            let task = try await client.send(.get, "/api/v1/programme/tasks/tw-01", token: admin).object
            #expect(task["state"] as? String == "in-term" && task["originalState"] as? String == "overdue")
            let changes = task["changes"] as? [[String: Any]] ?? []
            #expect(changes.last?["approvedBy"] as? String == "admin" && changes.last?["reason"] as? String == "Chờ nâng cấp phần mềm")
            let replaced = try await client.send(
                .put, "/api/v1/programme/tasks/tw-01", token: admin,
                json: #"{"directive": "nq-57", "title": "Đổi tên", "ownerAgencyCode": "syt", "assignedOn": "2026-01-05", "dueOn": "2026-02-01"}"#)
            #expect(replaced.status == .ok && replaced.object["dueOn"] as? String == "2099-01-01", "a replaced task keeps the ledgered deadline")
            let created = try await client.send(
                .put, "/api/v1/programme/tasks/tp-moi", token: admin,
                json:
                    #"{"directive": "kh-tp-57", "title": "Nhiệm vụ mới", "ownerAgencyCode": "sct", "assignedOn": "2026-01-05", "dueOn": "2026-02-01", "metric": {"kind": "datasets-open", "subject": "sct", "target": 1}}"#
            )
            #expect(created.status == .created)
            #expect(
                try await client.send(
                    .put, "/api/v1/programme/tasks/tp-x", token: admin,
                    json: #"{"directive": "khong-co", "title": "x", "ownerAgencyCode": "sct", "assignedOn": "2026-01-05", "dueOn": "2026-02-01"}"#
                ).status
                    == .notFound)
            let coordinator = WebBrowserSession(client)
            try await coordinator.signIn("admin", password: TestServer.password)
            _ = try await coordinator.get("/programme/tasks/tw-02")
            let retarget = try await coordinator.post(
                "/programme/tasks/tw-02/changes", ["field": "target", "target": "2", "requestedBy": "steward.sct", "reason": "Thêm bộ dữ liệu giá"])
            #expect(retarget.status == .seeOther)
            let retargeted = try await client.send(.get, "/api/v1/programme/tasks/tw-02", token: admin).object
            #expect(((retargeted["task"] as? [String: Any])?["metric"] as? [String: Any])?["target"] as? Double == 2)
            #expect((retargeted["changes"] as? [[String: Any]])?.last?["field"] as? String == "target")
            let problem = try await client.send(.post, "/api/v1/programme/problems/th-02/close", token: admin)
            #expect(problem.status == .unprocessableContent, "six agencies do not share yet: the problem stays open")
            #expect(problem.text.contains("mục tiêu 6"), "it says the measured value and the target: \(problem.text)")

            // A target must be a positive finite number; nothing changes when it is not.
            let infinite = try await client.send(
                .post, "/api/v1/programme/tasks/tw-02/changes", token: admin,
                json: #"{"field": "target", "to": "inf", "requestedBy": "steward.sct", "reason": "x"}"#)
            #expect(infinite.status == .unprocessableContent, "\(infinite.text)")
            let kept = try await client.send(.get, "/api/v1/programme/tasks/tw-02", token: admin).object
            #expect(((kept["task"] as? [String: Any])?["metric"] as? [String: Any])?["target"] as? Double == 2)
            // Re-saving a task without its metric, then with another target, keeps the ledgered target.
            let body = { (metric: String) in
                #"{"directive": "nq-57", "title": "Sở Công Thương chia sẻ dữ liệu", "ownerAgencyCode": "sct", "assignedOn": "2026-01-05", "dueOn": "2026-10-08""#
                    + metric + "}"
            }
            #expect(try await client.send(.put, "/api/v1/programme/tasks/tw-02", token: admin, json: body("")).status == .ok)
            let resaved = try await client.send(
                .put, "/api/v1/programme/tasks/tw-02", token: admin,
                json: body(#", "metric": {"kind": "datasets-shared", "subject": "sct", "target": 1}"#))
            #expect(((resaved.object["metric"] as? [String: Any])?["target"] as? Double) == 2, "\(resaved.text)")
            // A metric on something not on the platform would measure 0 forever.
            let ghost = try await client.send(
                .put, "/api/v1/programme/tasks/tw-99", token: admin,
                json: body(#", "metric": {"kind": "quality-score", "subject": "khong-co", "target": 90}"#))
            #expect(ghost.status == .unprocessableContent && ghost.text.contains("khong-co"), "\(ghost.text)")
            // A parent's progress comes from its sub-tasks.
            let parent = try await client.send(.post, "/api/v1/programme/tasks/tp-catalog/progress", token: admin, json: #"{"progress": 90}"#)
            #expect(parent.status == .unprocessableContent && parent.text.contains("tp-catalog-"), "\(parent.text)")
            // The register is kept through the API; a new problem starts open whatever it says.
            let added = try await client.send(
                .put, "/api/v1/programme/problems/dn-99", token: admin,
                json: #"{"kind": "bottleneck", "title": "Chưa có kết nối", "agencyCodes": ["sct"], "taskCodes": ["tw-02"]}"#)
            #expect(added.status == .created && added.object["closedOn"] == nil, "\(added.text)")
            #expect(
                try await client.send(.put, "/api/v1/programme/problems/dn-99", token: health, json: #"{"kind": "cause", "title": "x"}"#).status
                    == .forbidden)
            #expect(try await client.send(.get, "/api/v1/programme/tasks?agency=khong-co", token: admin).status == .unprocessableContent)
        }
    }

    @Test("the public results dashboard: monthly series from the platform's records, as SVG, JSON and CSV")
    func results() async throws {
        try await withServer { client in
            let report = try await client.send(.get, "/api/v1/results").object
            #expect((report["months"] as? [String])?.count == 12)
            let series = report["series"] as? [[String: Any]] ?? []
            #expect(
                series.compactMap { $0["key"] as? String } == [
                    "requests-on-time", "cases-on-time", "fully-online", "declare-once", "satisfied", "quality",
                ])
            let cases = (series.first { $0["key"] as? String == "cases-on-time" }?["values"] as? [Any]) ?? []
            #expect(cases.contains { $0 is Double }, "the demo's cases give this month a value")
            #expect((report["agencies"] as? Int ?? 0) > (report["agenciesSharing"] as? Int ?? 0))
            let page = try await WebBrowserSession(client).get("/results")
            #expect(page.status == .ok && page.text.components(separatedBy: #"data-testid="results-chart""#).count == 3)
            let csv = try await client.send(.get, "/results.csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8" && csv.text.hasPrefix("month,requests-on-time"))

            // One agency's results: its cases, the requests it must answer, its datasets.
            let health = try await client.send(.get, "/api/v1/results?agency=syt").object
            #expect(health["agencyCode"] as? String == "syt" && health["agencies"] as? Int == 1)
            #expect((health["datasetsPublished"] as? Int ?? 0) < (report["datasetsPublished"] as? Int ?? 0))
            #expect(try await client.send(.get, "/api/v1/results?agency=khong-co").status == .unprocessableContent)
            let healthPage = try await WebBrowserSession(client).get("/results?agency=syt")
            #expect(healthPage.text.contains(#"<option value="syt" selected>"#) && healthPage.text.contains("/results.csv?agency=syt"))
            let healthCSV = try await client.send(.get, "/results.csv?agency=syt")
            #expect(healthCSV.headers[.contentDisposition]?.contains("lienthong-results-syt.csv") == true)
        }
    }

    @Test("reporting discipline: the demo's late and missing reports, a unit files its report once with a draft from live data")
    func reporting() async throws {
        try await withServer { client in
            let inspector = try await client.signIn("inspector")
            let reports = try await client.send(.get, "/api/v1/programme/reports", token: inspector).items
            let states = { (unit: String) in
                reports.filter { ($0["report"] as? [String: Any])?["unitCode"] as? String == unit }.compactMap { $0["state"] as? String }
            }
            #expect(states("syt").contains("missing") && !states("stc").contains("missing") && !states("stc").contains("late"))
            let overview = try await client.send(.get, "/api/v1/programme/overview", token: inspector).object
            let finance = (overview["units"] as? [[String: Any]] ?? []).first { $0["agencyCode"] as? String == "stc" }
            #expect((finance?["score"] as? [String: Any])?["discipline"] as? Double == 100)

            let health = try await client.signIn("steward.syt")
            let draft = try await client.send(.get, "/api/v1/programme/reports/draft", token: health).object["draft"] as? String ?? ""
            #expect(draft.contains("Sở Y tế") && draft.contains("quá hạn"), "\(draft)")
            let owed = try #require(
                reports.compactMap { $0["report"] as? [String: Any] }.first {
                    $0["unitCode"] as? String == "syt" && $0["submittedAt"] == nil && $0["dutyCode"] as? String == "bc-chia-se-du-lieu"
                })
            let period = try #require((owed["period"] as? [String: Any])?["name"] as? String)
            let filed = try await client.send(
                .post, "/api/v1/programme/reports/bc-chia-se-du-lieu/\(period)", token: health,
                json: #"{"narrative": "Đang hoàn thiện API kết nối."}"#)
            #expect(filed.status == .created && filed.object["state"] as? String == "late", "\(filed.text)")
            #expect(
                try await client.send(.post, "/api/v1/programme/reports/bc-chia-se-du-lieu/\(period)", token: health, json: #"{"narrative": "x"}"#)
                    .status
                    == .conflict, "once")
            #expect(
                try await client.send(.post, "/api/v1/programme/reports/bc-chia-se-du-lieu/1999-01", token: health, json: #"{"narrative": "x"}"#)
                    .status
                    == .notFound)
            let page = WebBrowserSession(client)
            try await page.signIn("steward.sct", password: TestServer.password)
            let reportsPage = try await page.get("/programme/reports")
            #expect(reportsPage.text.contains(#"data-testid="report-draft""#) && reportsPage.text.contains(#"data-testid="discipline""#))
        }
    }

    @Test("a finding of the Inspection Committee becomes a follow-up task of the unit; stewards cannot make findings")
    func findings() async throws {
        try await withServer { client in
            let inspector = try await client.signIn("inspector")
            let steward = try await client.signIn("steward.syt")
            let body = #"{"unit": "syt", "title": "Khắc phục việc chậm chia sẻ dữ liệu y tế", "dueOn": "2099-03-31", "relatedTask": "tw-01"}"#
            #expect(try await client.send(.post, "/api/v1/programme/findings", token: steward, json: body).status == .forbidden)
            let task = try await client.send(.post, "/api/v1/programme/findings", token: inspector, json: body)
            #expect(task.status == .created && task.object["ownerAgencyCode"] as? String == "syt", "\(task.text)")
            #expect(task.object["directiveCode"] as? String == "ket-luan-ubkt" && (task.object["title"] as? String)?.contains("tw-01") == true)
            let code = try #require(task.object["code"] as? String)
            #expect(try await client.send(.get, "/api/v1/programme/tasks/\(code)", token: steward).object["state"] as? String == "in-term")
            let overview = try await client.send(.get, "/api/v1/programme/overview", token: inspector).object
            #expect((overview["findings"] as? [[String: Any]])?.first?["code"] as? String == code, "the overview lists the findings")

            // The committee's report, to print and sign: the seed's figures, late units by source, the finding.
            let page = WebBrowserSession(client)
            try await page.signIn("inspector", password: TestServer.password)
            let report = try await page.get("/programme/committee-report")
            #expect(report.status == .ok && report.text.contains(#"class="print-doc""#))
            #expect(report.text.contains("Nhiệm vụ Trung ương giao: 17, quá hạn 12"), "the seed's central figure")
            #expect(report.text.contains("quá hạn 18 ("), "the seed's city figure")
            #expect(report.text.contains(#"<tfoot><tr><th>Cộng</th><th>12</th><th>18</th><th>30</th></tr></tfoot>"#), "by source and unit")
            #expect(report.text.contains(#"data-testid="committee-exemplary"><strong>Đơn vị điển hình:</strong> Sở Tài chính"#))
            #expect(report.text.contains(code) && report.text.contains("Khắc phục việc chậm chia sẻ dữ liệu y tế"))
            #expect(report.text.contains("<p>Kiểm tra viên UBKT Thành ủy</p>"), "signed by whoever prepared it")
            #expect(try await WebBrowserSession(client).get("/programme/committee-report").status != .ok, "staff only")
            #expect(
                try await client.send(
                    .post, "/api/v1/programme/findings", token: inspector,
                    json: #"{"unit": "syt", "title": "x", "dueOn": "2099-03-31", "relatedTask": "khong-co"}"#
                ).status == .notFound)
            // A deadline in 9999 would make every count of working days to it long: refused, and the pages stay quick.
            let far = try await client.send(
                .post, "/api/v1/programme/findings", token: inspector, json: #"{"unit": "syt", "title": "x", "dueOn": "9999-12-31"}"#)
            #expect(far.status == .unprocessableContent, "\(far.text)")
            let moved = try await client.send(
                .post, "/api/v1/programme/tasks/tw-01/changes", token: try await client.signIn("admin"),
                json: #"{"field": "deadline", "to": "2500-01-01", "requestedBy": "UBND", "reason": "thử"}"#)
            #expect(moved.status == .unprocessableContent, "\(moved.text)")
        }
    }
}
