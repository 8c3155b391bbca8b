import Foundation
import Lienthong
import LienthongStore

/// The demo city's sharing story (DEMO.md): Health, Industry and Trade and Justice leave requests unanswered
/// past their deadline (escalated to the coordinator), Justice refuses one in writing with its legal basis, two
/// requests wait within their term, and the police share under two grants (one limited to a ward's rows) whose
/// reads are in the audit log. Dates count back from today in working days, so the overdue counts hold whenever
/// the demo is loaded.
enum DemoSharing {
    static let purposes: [Purpose] = [
        Purpose(code: "dich-vu-cong", nameVi: "Giải quyết thủ tục hành chính", nameEn: "Public service delivery"),
        Purpose(code: "thong-ke", nameVi: "Thống kê, báo cáo", nameEn: "Statistics and reporting"),
        Purpose(code: "thanh-tra", nameVi: "Thanh tra, kiểm tra", nameEn: "Inspection"),
        Purpose(code: "an-ninh-trat-tu", nameVi: "Bảo đảm an ninh, trật tự", nameEn: "Public safety"),
    ]

    /// One demo request: who asks whom for what, how many working days ago, and how it was answered.
    private struct Story {
        let requester: String
        let dataset: String
        let owner: String
        let fields: [String]
        let purpose: String
        let legalBasis: String
        let justification: String
        let workingDaysAgo: Int
        let answer: (decision: AccessAnswer.Decision, afterDays: Int, rowFilter: RowFilter?, reason: String, legalBasis: String)?
    }

    private static let stories: [Story] = [
        Story(
            requester: "stc", dataset: "co-so-y-te", owner: "syt", fields: [], purpose: "thong-ke",
            legalBasis: "Nghị định 47/2020/NĐ-CP về quản lý, kết nối và chia sẻ dữ liệu số",
            justification: "Đối chiếu hộ kinh doanh dược, phòng khám với cơ sở được cấp phép.", workingDaysAgo: 21, answer: nil),
        Story(
            requester: "phuong-ba-dinh", dataset: "chung-nhan-an-toan-thuc-pham", owner: "syt", fields: ["so_giay", "ten_co_so", "ngay_het_han"],
            purpose: "dich-vu-cong", legalBasis: "Luật An toàn thực phẩm 2010; Nghị định 15/2018/NĐ-CP",
            justification: "Kiểm tra giấy chứng nhận khi cấp phép kinh doanh ăn uống tại phường.", workingDaysAgo: 14, answer: nil),
        Story(
            requester: "stc", dataset: "gia-thi-truong", owner: "sct", fields: [], purpose: "thong-ke",
            legalBasis: "Luật Giá 2023", justification: "Theo dõi giá hàng hóa thiết yếu phục vụ điều hành ngân sách.",
            workingDaysAgo: 16, answer: nil),
        Story(
            requester: "phuong-hoan-kiem", dataset: "yeu-cau-ly-lich-tu-phap", owner: "stp", fields: ["ma_ho_so", "ngay_nop", "trang_thai"],
            purpose: "dich-vu-cong", legalBasis: "Luật Lý lịch tư pháp 2009",
            justification: "Tra cứu tình trạng hồ sơ để trả lời công dân tại bộ phận một cửa.", workingDaysAgo: 12, answer: nil),
        Story(
            requester: "stc", dataset: "yeu-cau-ly-lich-tu-phap", owner: "stp", fields: [], purpose: "thong-ke",
            legalBasis: "Nghị định 47/2020/NĐ-CP", justification: "Thống kê số yêu cầu theo phường.", workingDaysAgo: 18,
            answer: (
                .refuse, 9, nil, "Hồ sơ yêu cầu lý lịch tư pháp chứa dữ liệu cá nhân nhạy cảm; mục đích thống kê không cần dữ liệu từng người.",
                "Luật Lý lịch tư pháp 2009, Điều 8; Nghị định 13/2023/NĐ-CP, Điều 2"
            )),
        Story(
            requester: "phuong-cua-nam", dataset: "co-so-y-te", owner: "syt", fields: ["ma_co_so", "ten_co_so", "ma_phuong"], purpose: "thanh-tra",
            legalBasis: "Luật Thanh tra 2022", justification: "Lập kế hoạch kiểm tra cơ sở trên địa bàn.", workingDaysAgo: 3, answer: nil),
        Story(
            requester: "phuong-ba-dinh", dataset: "yeu-cau-ly-lich-tu-phap", owner: "stp", fields: ["ma_ho_so", "trang_thai"],
            purpose: "dich-vu-cong",
            legalBasis: "Luật Lý lịch tư pháp 2009", justification: "Trả lời công dân về tình trạng hồ sơ.", workingDaysAgo: 2, answer: nil),
        Story(
            requester: "stc", dataset: "dan-cu-trich-xuat", owner: "catp", fields: ["cccd", "ho_ten", "ma_phuong"], purpose: "dich-vu-cong",
            legalBasis: "Nghị định 01/2021/NĐ-CP; Luật Căn cước 2023",
            justification: "Xác thực chủ hộ kinh doanh khi đăng ký (một lần khai).", workingDaysAgo: 30,
            answer: (.grant, 4, nil, "", "")),
        Story(
            requester: "phuong-ba-dinh", dataset: "ho-gia-dinh", owner: "catp", fields: [], purpose: "dich-vu-cong",
            legalBasis: "Luật Cư trú 2020", justification: "Xác nhận hộ gia đình khi giải quyết thủ tục tại phường.", workingDaysAgo: 25,
            answer: (
                .partial, 6, RowFilter(field: "ma_phuong", values: ["00004"]), "Chỉ cấp dữ liệu hộ gia đình trên địa bàn phường.", "Luật Cư trú 2020"
            )),
    ]

    /// Loads the purposes, the demo systems, the requests with their answers and escalations, and some gateway reads;
    /// returns the audit drafts of what it did.
    static func load(
        database: Database, directory: DirectoryStore, calendar: WorkingDayCalendar, answerDays: Int, subjects: SubjectHasher, now: Date
    ) async throws -> [AuditDraft] {
        let store = SharingStore(database: database)
        let system = AuditActor(kind: .system, id: "demo")
        var drafts: [AuditDraft] = []
        for purpose in purposes {
            _ = try await store.addPurpose(purpose, at: now)
            drafts.append(AuditDraft(actor: system, agencyCode: "skhcn", action: "purpose.create", resource: "purpose:\(purpose.code)"))
        }
        var clients: [String: APIClient] = [:]
        for (agency, name) in [("stc", "Cổng đăng ký hộ kinh doanh (demo)"), ("phuong-ba-dinh", "Phần mềm một cửa phường Ba Đình (demo)")] {
            clients[agency] = try await directory.createAPIClient(agencyCode: agency, name: name).client
            drafts.append(
                AuditDraft(
                    actor: system, agencyCode: agency, action: "apiClient.create", resource: "apiClient:\(clients[agency]!.id.lowercasedString)"))
        }
        // Health runs its own facility system and has not connected it yet: registered, unreachable, asked for.
        let his = try await ServiceStore(database: database).register(
            AgencyService(
                id: DemoCity.stableID("service:syt/he-thong-kcb"), agencyCode: "syt", code: "he-thong-kcb",
                nameVi: "Hệ thống quản lý cơ sở khám chữa bệnh", nameEn: "Health facility management system",
                descriptionVi: "Tra cứu giấy phép hoạt động của cơ sở khám bệnh, chữa bệnh.", baseURL: "http://127.0.0.1:9/api",
                endpoints: [ServiceEndpoint(method: "GET", path: "/facilities/{id}"), ServiceEndpoint(method: "GET", path: "/licences/{number}")],
                timeoutMilliseconds: 3_000, createdAt: now, updatedAt: now),
            hosts: ServiceHosts())
        drafts.append(AuditDraft(actor: system, agencyCode: "syt", action: "service.register", resource: "service:\(his.key)"))
        let datasets = DatasetStore(database: database)
        let notices = try await store.notices()
        let today = CivilDate(vietnam: now)
        var grants: [String: Grant] = [:]
        for (index, story) in stories.enumerated() {
            let day = calendar.adding(workingDays: -story.workingDaysAgo, to: today)
            let submitted = Self.morning(day, minutes: index * 7)
            let request = AccessRequest(
                id: DemoCity.stableID("request:\(index)"), requesterAgencyCode: story.requester, ownerAgencyCode: story.owner,
                datasetCode: story.dataset, fields: try await fields(story, datasets: datasets), purposeCode: story.purpose,
                legalBasis: story.legalBasis, justification: story.justification, requestedUntil: today.adding(days: 365),
                submittedBy: "steward.\(story.requester)", submittedAt: submitted, dueOn: calendar.adding(workingDays: answerDays, to: day))
            _ = try await store.submit(request, notice: notices.received(request))
            drafts.append(
                AuditDraft(
                    actor: AuditActor(kind: .user, id: request.submittedBy), agencyCode: story.requester, action: "accessRequest.submit",
                    resource: "accessRequest:\(request.id.lowercasedString)", datasetCode: story.dataset, purpose: story.purpose))
            guard let planned = story.answer else { continue }
            let answeredAt = Self.morning(calendar.adding(workingDays: planned.afterDays, to: day), minutes: 90 + index)
            var answer = AccessAnswer(
                decision: planned.decision, fields: request.fields, rowFilter: planned.rowFilter, reason: planned.reason,
                legalBasis: planned.legalBasis, by: "steward.\(story.owner)", at: answeredAt)
            if planned.decision == .partial { answer.validUntil = request.requestedUntil }
            let saved = try await store.answer(
                request.id, with: try request.checked(answer, schema: try await schema(story.dataset, datasets)),
                notice: notices.answered(request, decision: planned.decision))
            drafts.append(
                AuditDraft(
                    actor: AuditActor(kind: .user, id: answer.by), agencyCode: story.owner, action: "accessRequest.\(planned.decision.rawValue)",
                    resource: "accessRequest:\(request.id.lowercasedString)", datasetCode: story.dataset, purpose: story.purpose))
            if let grantID = saved.request.grantID, let grant = try await store.grant(id: grantID) { grants[story.requester] = grant }
        }
        let coordinator = "skhcn"
        for request in try await store.escalateOverdue(
            calendar: calendar, now: now, coordinatorAgency: coordinator, notice: { notices.escalated($0) })
        {
            drafts.append(
                AuditDraft(
                    actor: AuditActor(kind: .system, id: "deadlines"), agencyCode: request.ownerAgencyCode, action: "accessRequest.escalate",
                    resource: "accessRequest:\(request.id.lowercasedString)", datasetCode: request.datasetCode, purpose: request.purposeCode))
        }
        drafts += try await reads(database: database, grants: grants, clients: clients, subjects: subjects)
        return drafts
    }

    /// Gateway reads under the two grants: the Finance system checking business owners one by one, the ward's
    /// software listing its households.
    private static func reads(
        database: Database, grants: [String: Grant], clients: [String: APIClient], subjects: SubjectHasher
    ) async throws -> [AuditDraft] {
        var drafts: [AuditDraft] = []
        let hosted = HostedDataStore(database: database)
        let datasets = DatasetStore(database: database)
        if let grant = grants["stc"], let client = clients["stc"], let dataset = try await datasets.dataset(grant.datasetCode) {
            let schema = try await datasets.schema(of: dataset)
            let page = try await hosted.records(of: dataset, schema: schema, query: RecordQuery(), after: nil, limit: 25)
            for values in page.records {
                let id = values[0].text
                drafts.append(
                    AuditDraft(
                        actor: AuditActor(kind: .client, id: client.id.lowercasedString), agencyCode: "stc", action: "gateway.read",
                        resource: "dataset:\(dataset.code)/record#fields=\(grant.fields.joined(separator: ","))", datasetCode: dataset.code,
                        purpose: "dich-vu-cong",
                        subjects: [subjects.hash(id)]))
            }
        }
        if let grant = grants["phuong-ba-dinh"], let client = clients["phuong-ba-dinh"], let dataset = try await datasets.dataset(grant.datasetCode) {
            let schema = try await datasets.schema(of: dataset)
            let filter = RecordQuery.Filter(field: "ma_phuong", op: .eq, values: [.string("00004")])
            let page = try await hosted.records(of: dataset, schema: schema, query: RecordQuery(filters: [filter]), after: nil, limit: 50)
            let index = schema.fields.firstIndex(where: \.subject) ?? 1
            drafts.append(
                AuditDraft(
                    actor: AuditActor(kind: .client, id: client.id.lowercasedString), agencyCode: "phuong-ba-dinh", action: "gateway.read",
                    resource: "dataset:\(dataset.code)", datasetCode: dataset.code, purpose: "dich-vu-cong",
                    subjects: Array(Set(page.records.map { subjects.hash($0[index].text) })).sorted()))
        }
        return drafts
    }

    /// The demo's contested read: the first person Finance's system read asks why, and the police have not answered yet.
    static func contestOneRead(database: Database, audit: AuditStore, subjects: SubjectHasher) async throws {
        guard let person = try await citizens(database: database, count: 1).first else { return }
        let subject = subjects.hash(person)
        guard let read = try await audit.search(AuditQuery(agencyCode: "stc", subject: subject, action: "gateway.read", limit: 1)).first else {
            return
        }
        guard
            let ticket = try await TicketStore(database: database).contest(
                sequence: read.entry.sequence, subject: subject, reason: "Tôi không đăng ký hộ kinh doanh; vì sao Sở Tài chính đọc dữ liệu của tôi?")
        else { return }
        try await audit.append([
            AuditDraft(
                actor: AuditActor(kind: .citizen, id: subject), agencyCode: ticket.ownerAgencyCode, action: "ticket.open",
                resource: "ticket:\(ticket.id.lowercasedString)", datasetCode: ticket.datasetCode, subjects: [subject])
        ])
    }

    /// The citizen IDs of the first `count` people in the population extract, in key order: those Finance's demo system
    /// read (the demo's citizens, shown on the sign-in page in demo mode).
    static func citizens(database: Database, count: Int) async throws -> [String] {
        let datasets = DatasetStore(database: database)
        guard let dataset = try await datasets.dataset("dan-cu-trich-xuat") else { return [] }
        let schema = try await datasets.schema(of: dataset)
        let page = try await HostedDataStore(database: database).records(of: dataset, schema: schema, query: RecordQuery(), after: nil, limit: count)
        return page.records.map { $0[0].text }
    }

    private static func fields(_ story: Story, datasets: DatasetStore) async throws -> [String] {
        story.fields.isEmpty ? try await schema(story.dataset, datasets).fields.map(\.name) : story.fields
    }

    private static func schema(_ code: String, _ datasets: DatasetStore) async throws -> TableSchema {
        guard let dataset = try await datasets.dataset(code) else { throw CatalogError.unknownDataset(code) }
        return try await datasets.schema(of: dataset)
    }

    /// 09:00 in Vietnam on `day`, plus some minutes (the demo's stories all happen in the morning).
    static func morning(_ day: CivilDate, minutes: Int = 0) -> Date {
        Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 + 2 * 3_600 + minutes * 60))
    }
}
