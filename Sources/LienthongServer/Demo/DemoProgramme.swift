import Foundation
import Lienthong
import LienthongStore

/// The demo city's programme (DEMO.md): directives from the centre and the city, 12 central and 18 city tasks
/// overdue, tasks in term (some about to slip), done on time and late, deadlines moved in the ledger; tasks bound to
/// live metrics, three of them claiming progress the data contradicts (Health, Industry and Trade and Justice say
/// they share; they do not); the catalog due on 31 December of the demo's year; and the problem register of 17
/// shortcoming groups, 11 causes and 18 bottlenecks. Dates count back from today in working days.
enum DemoProgramme {
    static let directives: [(code: String, issuer: Directive.Issuer, number: String, daysAgo: Int, title: String)] = [
        ("nq-57", .central, "57-NQ/TW", 230, "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"),
        ("de-an-06", .central, "06/QĐ-TTg", 200, "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử"),
        ("kh-tp-57", .city, "KH-UBND (demo)", 180, "Kế hoạch của Thành phố thực hiện Nghị quyết 57-NQ/TW"),
        ("cd-tp-du-lieu", .city, "CĐ-UBND (demo)", 120, "Chỉ đạo của Thành phố về kết nối, chia sẻ dữ liệu giữa các sở, ngành"),
    ]

    static let owners = ["syt", "sct", "stp", "stc", "catp", "skhcn", "phuong-ba-dinh", "phuong-hoan-kiem", "phuong-cua-nam"]
    static let officials = [
        "syt": "Phó Giám đốc Trần Thị Hạnh", "sct": "Phó Giám đốc Lê Văn Bình", "stp": "Phó Giám đốc Nguyễn Thị Lan",
        "stc": "Phó Giám đốc Phạm Quốc Huy", "catp": "Phó Giám đốc Đỗ Minh Tuấn", "skhcn": "Phó Giám đốc Vũ Thanh Sơn",
        "phuong-ba-dinh": "Phó Chủ tịch Hoàng Văn Nam", "phuong-hoan-kiem": "Phó Chủ tịch Bùi Thị Mai", "phuong-cua-nam": "Phó Chủ tịch Ngô Đức Long",
    ]

    static let topics = [
        "Rà soát, chuẩn hóa cơ sở dữ liệu chuyên ngành", "Kết nối cơ sở dữ liệu với nền tảng chia sẻ của Thành phố",
        "Tái cấu trúc quy trình thủ tục hành chính trên môi trường số", "Cung cấp dịch vụ công trực tuyến toàn trình",
        "Bố trí nhân lực chuyên trách chuyển đổi số", "Bảo đảm an toàn thông tin hệ thống cấp độ 3",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Làm sạch dữ liệu theo dữ liệu dân cư", "Xây dựng kho dữ liệu dùng chung",
        "Báo cáo kết quả thực hiện định kỳ", "Ban hành quy chế khai thác, chia sẻ dữ liệu", "Triển khai ký số cho cán bộ một cửa",
    ]

    /// Loads the programme; returns the audit drafts of what it did.
    static func load(database: Database, calendar: WorkingDayCalendar, now: Date) async throws -> [AuditDraft] {
        let store = ProgrammeStore(database: database)
        let today = CivilDate(vietnam: now)
        let back = { (days: Int) in calendar.adding(workingDays: -days, to: today) }
        let ahead = { (days: Int) in calendar.adding(workingDays: days, to: today) }
        var drafts: [AuditDraft] = []
        let admin = AuditActor(kind: .user, id: "admin")
        for directive in directives {
            _ = try await store.save(
                Directive(
                    code: directive.code, issuer: directive.issuer, number: directive.number, issuedOn: back(directive.daysAgo),
                    title: directive.title))
        }
        var tasks: [ProgrammeTask] = []
        // The three claims the data contradicts, and the catalog due on 31 December.
        tasks.append(
            ProgrammeTask(
                code: "tw-01", directiveCode: "nq-57", title: "Sở Y tế kết nối, chia sẻ cơ sở dữ liệu cơ sở khám bệnh, chữa bệnh",
                ownerAgencyCode: "syt",
                leadOfficial: officials["syt"]!, coAgencyCodes: ["skhcn"], budgetDong: 1_200_000_000, staff: 3, assignedOn: back(150),
                originalDueOn: back(40), progress: 90, metric: MetricBinding(kind: .datasetsShared, subject: "syt", target: 1)))
        tasks.append(
            ProgrammeTask(
                code: "tw-02", directiveCode: "nq-57", title: "Sở Công Thương chia sẻ dữ liệu giá thị trường hàng hóa thiết yếu",
                ownerAgencyCode: "sct",
                leadOfficial: officials["sct"]!, budgetDong: 800_000_000, staff: 2, assignedOn: back(150), originalDueOn: back(35), progress: 80,
                metric: MetricBinding(kind: .datasetsShared, subject: "sct", target: 1)))
        tasks.append(
            ProgrammeTask(
                code: "tw-03", directiveCode: "de-an-06", title: "Sở Tư pháp chia sẻ dữ liệu yêu cầu cấp phiếu lý lịch tư pháp",
                ownerAgencyCode: "stp",
                leadOfficial: officials["stp"]!, budgetDong: 600_000_000, staff: 2, assignedOn: back(140), originalDueOn: back(30), progress: 100,
                doneOn: back(32), metric: MetricBinding(kind: .datasetsShared, subject: "stp", target: 1)))
        let year = today.year
        tasks.append(
            ProgrammeTask(
                code: "tp-catalog", directiveCode: "cd-tp-du-lieu", title: "Công bố Danh mục dữ liệu dùng chung của Thành phố",
                ownerAgencyCode: "skhcn",
                leadOfficial: officials["skhcn"]!, coAgencyCodes: ["syt", "sct", "stp", "stc", "catp"], budgetDong: 300_000_000, staff: 4,
                assignedOn: back(100), originalDueOn: CivilDate(year: year, month: 12, day: 31)!, progress: 60,
                // Two publications this year: the draft the demo has published, and the official catalog still to come.
                metric: MetricBinding(kind: .catalogPublishedSince, subject: CivilDate(year: year, month: 1, day: 1)!.description, target: 2)))
        tasks.append(
            ProgrammeTask(
                code: "tp-tra-loi", directiveCode: "cd-tp-du-lieu", title: "Sở Y tế trả lời yêu cầu khai thác dữ liệu đúng hạn",
                ownerAgencyCode: "syt",
                leadOfficial: officials["syt"]!, assignedOn: back(90), originalDueOn: back(20), progress: 50,
                metric: MetricBinding(kind: .requestsAnsweredOnTime, subject: "syt", target: 100)))
        tasks.append(
            ProgrammeTask(
                code: "tp-dan-cu", directiveCode: "de-an-06", title: "Làm sạch dữ liệu dân cư trích xuất cho Thành phố", ownerAgencyCode: "catp",
                leadOfficial: officials["catp"]!, assignedOn: back(120), originalDueOn: ahead(40), progress: 70,
                metric: MetricBinding(kind: .qualityScore, subject: "dan-cu-trich-xuat", target: 95)))
        // The rest of the 12 central and 18 city overdue tasks (two central and one city above: ten and seventeen more).
        // Finance shares well and keeps its deadlines: the other units hold the overdue tasks.
        let laggards = owners.filter { $0 != "stc" }
        for index in 0..<10 {
            let owner = laggards[index % laggards.count]
            tasks.append(
                ProgrammeTask(
                    code: String(format: "tw-%02d", index + 4), directiveCode: index % 2 == 0 ? "nq-57" : "de-an-06",
                    title: topics[index % topics.count] + " (" + owner + ")", ownerAgencyCode: owner, leadOfficial: officials[owner]!,
                    budgetDong: (index + 1) * 150_000_000, staff: 1 + index % 3, assignedOn: back(160 - index), originalDueOn: back(25 + index * 3),
                    progress: [10, 30, 45, 60, 20, 0, 75, 50, 35, 15][index]))
        }
        for index in 0..<17 {
            let owner = laggards[(index + 3) % laggards.count]
            tasks.append(
                ProgrammeTask(
                    code: String(format: "tp-%02d", index + 1), directiveCode: index % 3 == 0 ? "cd-tp-du-lieu" : "kh-tp-57",
                    title: topics[(index + 5) % topics.count] + " (" + owner + ")", ownerAgencyCode: owner, leadOfficial: officials[owner]!,
                    budgetDong: (index % 4) * 100_000_000, staff: index % 3, assignedOn: back(130 - index), originalDueOn: back(8 + index * 2),
                    progress: [20, 40, 0, 65, 80, 30, 10, 55, 45, 25, 70, 5, 35, 60, 50, 15, 40][index]))
        }
        // In term: some will slip.
        for index in 0..<8 {
            let owner = laggards[(index + 1) % laggards.count]
            tasks.append(
                ProgrammeTask(
                    code: String(format: "tp-h%02d", index + 1), directiveCode: "kh-tp-57",
                    title: topics[(index + 2) % topics.count] + " — giai đoạn 2",
                    ownerAgencyCode: owner, leadOfficial: officials[owner]!, assignedOn: back(60), originalDueOn: ahead(10 + index * 6),
                    progress: [5, 0, 40, 85, 20, 60, 0, 90][index]))
        }
        // Just assigned, no progress yet, to a ward that has been late on everything: its record says it will slip.
        tasks.append(
            ProgrammeTask(
                code: "tp-h09", directiveCode: "kh-tp-57", title: "Chuẩn hóa mã phường mới trong dữ liệu hộ tịch",
                ownerAgencyCode: "phuong-hoan-kiem", leadOfficial: officials["phuong-hoan-kiem"]!, assignedOn: back(3), originalDueOn: ahead(40)))
        // Done: on time and late.
        for index in 0..<6 {
            let owner = ["stc", "stc", "stc", "catp", "skhcn", "phuong-ba-dinh"][index]
            let due = back(30 - index)
            tasks.append(
                ProgrammeTask(
                    code: String(format: "tp-x%02d", index + 1), directiveCode: index < 3 ? "nq-57" : "kh-tp-57",
                    title: topics[(index + 7) % topics.count] + " — đã hoàn thành", ownerAgencyCode: owner, leadOfficial: officials[owner]!,
                    assignedOn: back(100), originalDueOn: due, progress: 100,
                    doneOn: index < 4 ? calendar.adding(workingDays: -2, to: due) : calendar.adding(workingDays: 5, to: due)))
        }
        // Sub-tasks of the catalog: each department declares its shared data.
        for (index, owner) in ["syt", "sct", "stp", "stc", "catp"].enumerated() {
            tasks.append(
                ProgrammeTask(
                    code: "tp-catalog-\(owner)", directiveCode: "cd-tp-du-lieu", title: "Kê khai dữ liệu dùng chung của \(owner)",
                    ownerAgencyCode: owner,
                    leadOfficial: officials[owner]!, assignedOn: back(100), originalDueOn: CivilDate(year: year, month: 12, day: 15)!,
                    progress: [0, 20, 0, 100, 100][index], parentCode: "tp-catalog", weight: 1))
        }
        for task in tasks {
            _ = try await store.save(task, by: "admin")
            drafts.append(AuditDraft(actor: admin, agencyCode: task.ownerAgencyCode, action: "task.create", resource: "task:\(task.code)"))
        }
        // Deadlines moved: asked by the owner, approved by the coordinator, written in the ledger; some still missed.
        for (code, days, reason) in [
            ("tw-04", 12, "Chờ nhà cung cấp nâng cấp phần mềm quản lý để có giao diện kết nối (API)."),
            ("tp-02", 6, "Sắp xếp lại đơn vị hành chính cấp xã; bàn giao hồ sơ chưa xong."),
            ("tp-05", 4, "Kinh phí được giao muộn."),
        ] {
            guard let task = tasks.first(where: { $0.code == code }) else { continue }
            let newDue = calendar.adding(workingDays: days, to: task.originalDueOn)
            _ = try await store.change(
                code, .deadline, to: newDue.description, requestedBy: "steward.\(task.ownerAgencyCode)", approvedBy: "admin", reason: reason,
                at: now.addingTimeInterval(-Double(days) * 86_400))
            drafts.append(AuditDraft(actor: admin, agencyCode: task.ownerAgencyCode, action: "task.deadline", resource: "task:\(code)#to=\(newDue)"))
        }
        for problem in register(tasks: tasks) { _ = try await store.save(problem) }
        return drafts
    }

    /// The register: 17 shortcoming groups, 11 causes, 18 bottlenecks, linked to each other and to the overdue tasks.
    static func register(tasks: [ProgrammeTask]) -> [ProgrammeProblem] {
        let groups = [
            "Dữ liệu phân tán, chưa liên thông", "Một số sở chưa kết nối, chia sẻ dữ liệu", "CSDL chuyên ngành chưa đúng - đủ - sạch - sống",
            "Danh mục dữ liệu dùng chung chưa ban hành", "Dịch vụ công trực tuyến toàn trình còn thấp", "Người dân còn phải khai lại thông tin",
            "Hạ tầng số chưa đồng bộ", "An toàn thông tin chưa bảo đảm", "Chế độ báo cáo chưa nghiêm", "Nhiệm vụ quá hạn kéo dài",
            "Thiếu nhân lực số", "Kinh phí bố trí chậm", "Phối hợp giữa các sở chưa chặt chẽ", "Cấp xã chưa sẵn sàng sau sắp xếp",
            "Đo lường kết quả còn hình thức", "Thủ tục hành chính chưa được tái cấu trúc", "Dữ liệu mở còn ít",
        ]
        let causes = [
            "Trách nhiệm người đứng đầu chưa rõ", "Thiếu quy chế chia sẻ dữ liệu", "Hướng dẫn kỹ thuật chưa chi tiết", "Thiếu kinh phí",
            "Thiếu nhân lực chuyên trách", "Hệ thống cũ không có giao diện kết nối", "Lo ngại an ninh dữ liệu",
            "Danh mục, mã dùng chung chưa chuẩn hóa",
            "Chưa gắn trách nhiệm với kết quả", "Sắp xếp đơn vị hành chính", "Phụ thuộc nhà cung cấp",
        ]
        let bottlenecks = [
            "Chưa có API kết nối CSDL y tế", "Quy trình phê duyệt chia sẻ kéo dài", "Chưa có dữ liệu giá thị trường dạng số",
            "Hồ sơ lý lịch tư pháp còn giấy",
            "Chưa ký số tập trung", "Đường truyền cấp xã chậm", "Chưa có kho dữ liệu dùng chung", "Mã phường, xã cũ còn trong dữ liệu",
            "Hợp đồng phần mềm không cho phép kết nối", "Thiếu chứng thư số cho hệ thống", "Chưa có quy trình làm sạch dữ liệu",
            "Báo cáo còn nhập tay", "Chưa đồng bộ tài khoản định danh", "Dữ liệu hộ tịch chưa số hóa hết", "Chưa có cơ chế đặt hàng dữ liệu",
            "Biểu mẫu dịch vụ công chưa điền sẵn", "Thiếu máy chủ dự phòng", "Chưa phân quyền khai thác theo mục đích",
        ]
        // The metric that closes a shortcoming, where the platform measures it.
        let closing: [Int: MetricBinding?] = [
            0: MetricBinding(kind: .agenciesSharing, subject: "city", target: 8),
            1: MetricBinding(kind: .agenciesSharing, subject: "city", target: 6),
            2: MetricBinding(kind: .qualityScore, subject: "co-so-y-te", target: 90),
            3: tasks.first { $0.code == "tp-catalog" }?.metric,
            4: MetricBinding(kind: .procedureOnTime, subject: "dang-ky-ho-kinh-doanh", target: 95),
            8: MetricBinding(kind: .requestsAnsweredOnTime, subject: "syt", target: 90),
            16: MetricBinding(kind: .datasetsOpen, subject: "skhcn", target: 3),
        ]
        var problems: [ProgrammeProblem] = []
        for (index, title) in groups.enumerated() {
            problems.append(
                ProgrammeProblem(
                    code: String(format: "th-%02d", index + 1), kind: .shortcoming, group: String(format: "Nhóm %d", index + 1), title: title,
                    linkedCodes: [String(format: "nn-%02d", index % causes.count + 1)], closingMetric: closing[index] ?? nil))
        }
        for (index, title) in causes.enumerated() {
            problems.append(
                ProgrammeProblem(
                    code: String(format: "nn-%02d", index + 1), kind: .cause, title: title,
                    linkedCodes: [
                        String(format: "dn-%02d", index % bottlenecks.count + 1), String(format: "dn-%02d", (index + 11) % bottlenecks.count + 1),
                    ]))
        }
        // Each bottleneck belongs to the agency it holds up, and every open task is held up by one of its own agency's
        // (an agency without one of its own by the approval procedure, the city's common bottleneck).
        let owners = [
            "syt", "stc", "sct", "stp", "skhcn", "phuong-cua-nam", "skhcn", "phuong-hoan-kiem", "syt", "catp", "sct", "stp", "catp",
            "phuong-ba-dinh", "skhcn", "phuong-ba-dinh", "sct", "syt",
        ]
        var held: [Int: [String]] = [:]
        var taken: [String: Int] = [:]
        for task in tasks where task.doneOn == nil {
            let own = owners.indices.filter { owners[$0] == task.ownerAgencyCode }
            let index = own.isEmpty ? 1 : own[taken[task.ownerAgencyCode, default: 0] % own.count]
            taken[task.ownerAgencyCode, default: 0] += 1
            held[index, default: []].append(task.code)
        }
        for (index, title) in bottlenecks.enumerated() {
            problems.append(
                ProgrammeProblem(
                    code: String(format: "dn-%02d", index + 1), kind: .bottleneck, title: title, agencyCodes: [owners[index]],
                    taskCodes: held[index] ?? []))
        }
        return problems
    }
}

extension DemoProgramme {
    /// Reporting duties of the last months: a monthly report on data sharing to the coordinator from the departments
    /// and the police, a quarterly report on Resolution 57 to the Inspection Committee; Finance files on time, the
    /// departments that do not share file late or not at all.
    static func loadReporting(database: Database, now: Date) async throws {
        let store = ReportingStore(database: database)
        let today = CivilDate(vietnam: now)
        let since = CivilDate(year: today.month > 6 ? today.year : today.year - 1, month: (today.month + 5) % 12 + 1, day: 1)!
        let duties = [
            ReportingDuty(
                code: "bc-chia-se-du-lieu", name: "Báo cáo tình hình kết nối, chia sẻ dữ liệu",
                content: "Bộ dữ liệu đã công bố, yêu cầu khai thác nhận và trả lời, nhiệm vụ quá hạn.",
                reportingUnits: ["syt", "sct", "stp", "stc", "catp"],
                receiverAgencyCode: "skhcn", frequency: .monthly, deadlineDays: 5, cutoffDaysBeforeEnd: 1, template: "Mẫu 01/BC-DL (demo)",
                since: since),
            ReportingDuty(
                code: "bc-nq57", name: "Báo cáo kết quả thực hiện Nghị quyết 57-NQ/TW",
                content: "Tiến độ nhiệm vụ, nguồn lực, khó khăn, kiến nghị.", reportingUnits: ["syt", "sct", "stp", "stc", "catp", "skhcn"],
                receiverAgencyCode: "ubkt", frequency: .quarterly, deadlineDays: 10, cutoffDaysBeforeEnd: 0, template: "Mẫu 02/BC-NQ57 (demo)",
                since: since),
        ]
        for duty in duties { _ = try await store.save(duty) }
        // Who files how: days after the due date (negative: early), nil: never.
        let habits: [String: [Int?]] = [
            "stc": [-2, -1, -3, -2, -1, -2], "catp": [-1, 2, -1, -2, 1, -1], "skhcn": [-3, -2, -1, -2, -3, -1],
            "stp": [4, nil, 6, nil, 3, nil], "syt": [nil, nil, 8, nil, nil, nil], "sct": [5, nil, nil, 9, nil, nil],
        ]
        for duty in duties {
            for (index, period) in duty.periods(until: today).enumerated() {
                for unit in duty.reportingUnits {
                    let habit = habits[unit] ?? []
                    guard !habit.isEmpty, let late = habit[index % habit.count] else { continue }
                    let filed = period.dueOn.adding(days: late)
                    guard filed <= today else { continue }
                    _ = try await store.submit(
                        duty: duty.code, unit: unit, period: period.name, narrative: "Báo cáo kỳ \(period.name) (demo).",
                        draft: "Số liệu tự động kỳ \(period.name).", signedBy: "steward.\(unit)",
                        at: Date(timeIntervalSince1970: TimeInterval(filed.dayNumber * 86_400 + 3 * 3_600)))
                }
            }
        }
    }
}
