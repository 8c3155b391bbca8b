import Foundation
import Lienthong
import LienthongStore

/// The demo city's declare-once services (DEMO.md): five procedures across agencies, each with its one-stop system,
/// grants from the police for exactly the fields the forms prefill (the purpose is the procedure's code), and cases
/// in every state with ratings, filed by people of the population extract over the last weeks, so that the officers'
/// inboxes, the citizens' views and the service indicators have a story.
enum DemoServices {
    private static func person(_ name: String, _ vi: String, _ en: String, _ field: String, kind: FormField.Kind = .text) -> FormField {
        FormField(name: name, labelVi: vi, labelEn: en, kind: kind, source: PrefillSource(dataset: "dan-cu-trich-xuat", field: field))
    }

    private static func typed(_ name: String, _ vi: String, _ en: String, kind: FormField.Kind = .text, required: Bool = true) -> FormField {
        FormField(name: name, labelVi: vi, labelEn: en, kind: kind, required: required)
    }

    /// The applicant as the police's population extract knows them: the same five fields on every form.
    private static let applicant: [FormField] = [
        person("cccd", "Số CCCD", "Citizen ID", "cccd"),
        person("ho_ten", "Họ và tên", "Full name", "ho_ten"),
        person("ngay_sinh", "Ngày sinh", "Date of birth", "ngay_sinh", kind: .date),
        person("gioi_tinh", "Giới tính", "Sex", "gioi_tinh"),
        person("ma_phuong", "Mã phường, xã thường trú", "Ward of residence (code)", "ma_phuong"),
    ]

    private static let household = FormField(
        name: "ma_ho", labelVi: "Mã hộ gia đình", labelEn: "Household code", required: false,
        source: PrefillSource(dataset: "ho-gia-dinh", field: "ma_ho"))

    /// The procedures, each with the system that reads its prefilled values.
    static func procedures(systems: [String: UUID], at time: Date) -> [Procedure] {
        [
            Procedure(
                code: "cap-phieu-ly-lich-tu-phap", nameVi: "Cấp Phiếu lý lịch tư pháp", nameEn: "Criminal-record certificate",
                ownerAgencyCode: "stp", systemClientID: systems["stp"], processingDays: 10, feeDong: 200_000,
                documents: ["Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (mẫu số 03/2013/TT-LLTP)"],
                fields: applicant + [
                    household, typed("muc_dich", "Mục đích yêu cầu cấp phiếu", "What the certificate is for"),
                    typed("so_luong", "Số lượng phiếu", "Number of copies", kind: .number),
                    typed("dien_thoai", "Số điện thoại liên hệ", "Phone number"),
                ], updatedAt: time),
            Procedure(
                code: "dang-ky-ho-kinh-doanh", nameVi: "Đăng ký thành lập hộ kinh doanh", nameEn: "Household business registration",
                ownerAgencyCode: "stc", systemClientID: systems["stc"], processingDays: 3, feeDong: 100_000,
                documents: ["Giấy đề nghị đăng ký hộ kinh doanh", "Bản sao biên bản họp thành viên hộ gia đình (nếu có)"],
                fields: applicant + [
                    typed("ten_ho_kinh_doanh", "Tên hộ kinh doanh", "Business name"),
                    typed("nganh_nghe", "Ngành, nghề kinh doanh", "Line of business"),
                    typed("dia_diem", "Địa điểm kinh doanh", "Business address"),
                    typed("von", "Vốn kinh doanh (đồng)", "Capital (đồng)", kind: .number),
                ], updatedAt: time),
            Procedure(
                code: "cap-giay-chung-nhan-attp", nameVi: "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
                nameEn: "Food-safety certificate", ownerAgencyCode: "syt", systemClientID: systems["syt"], processingDays: 20, feeDong: 1_000_000,
                documents: [
                    "Đơn đề nghị cấp Giấy chứng nhận", "Bản thuyết minh về cơ sở vật chất, trang thiết bị", "Giấy xác nhận đủ sức khỏe của chủ cơ sở",
                ],
                fields: applicant + [
                    typed("ten_co_so", "Tên cơ sở", "Establishment name"), typed("mst", "Mã số thuế cơ sở", "Establishment tax code"),
                    typed("dia_diem", "Địa điểm cơ sở", "Establishment address"),
                ], updatedAt: time),
            Procedure(
                code: "dang-ky-khai-sinh", nameVi: "Đăng ký khai sinh", nameEn: "Birth registration", ownerAgencyCode: "phuong-ba-dinh",
                systemClientID: systems["phuong-ba-dinh"], processingDays: 1, feeDong: 0, documents: ["Giấy chứng sinh"],
                fields: applicant + [
                    household, typed("ten_tre", "Họ và tên trẻ", "Child's full name"),
                    typed("ngay_sinh_tre", "Ngày sinh của trẻ", "Child's date of birth", kind: .date),
                    typed("gioi_tinh_tre", "Giới tính của trẻ", "Child's sex"),
                    typed("noi_sinh", "Nơi sinh", "Place of birth"),
                ], updatedAt: time),
            Procedure(
                code: "cap-giay-phep-ban-le-ruou", nameVi: "Cấp Giấy phép bán lẻ rượu", nameEn: "Alcohol retail licence", ownerAgencyCode: "sct",
                systemClientID: systems["sct"], processingDays: 10, feeDong: 1_200_000,
                documents: ["Đơn đề nghị cấp Giấy phép bán lẻ rượu", "Bản sao hợp đồng thuê địa điểm"],
                fields: applicant + [typed("ten_cua_hang", "Tên cửa hàng", "Shop name"), typed("dia_diem", "Địa điểm bán lẻ", "Shop address")],
                updatedAt: time),
        ]
    }

    /// The demo's one-stop officers (other agencies' stewards act on their cases).
    private static let officers = ["stp": "officer.stp", "phuong-ba-dinh": "officer.ba-dinh"]

    /// How each demo case ends up, in turn.
    private enum Plan: CaseIterable {
        case received, processing, overdue, supplement, doneOnTime, doneLate, rejected, counterDone
    }

    /// Loads the systems, procedures, grants and cases; returns the audit drafts of what it did.
    static func load(
        database: Database, directory: DirectoryStore, calendar: WorkingDayCalendar, subjects: SubjectHasher, now: Date
    ) async throws
        -> [AuditDraft]
    {
        let demo = AuditActor(kind: .system, id: "demo")
        var drafts: [AuditDraft] = []
        var systems: [String: UUID] = [:]
        for agency in ["stp", "stc", "syt", "phuong-ba-dinh", "sct"] {
            let client = try await directory.createAPIClient(agencyCode: agency, name: "Hệ thống một cửa điện tử (demo)").client
            systems[agency] = client.id
            drafts.append(
                AuditDraft(actor: demo, agencyCode: agency, action: "apiClient.create", resource: "apiClient:\(client.id.lowercasedString)"))
        }
        let store = ProcedureStore(database: database)
        let procedures = procedures(systems: systems, at: now)
        for procedure in procedures {
            _ = try await store.save(procedure, by: "admin")
            drafts.append(
                AuditDraft(
                    actor: AuditActor(kind: .user, id: "admin"), agencyCode: "skhcn", action: "procedure.create",
                    resource: "procedure:\(procedure.code)"))
        }
        drafts += try await grants(procedures, database: database, calendar: calendar, now: now)
        drafts += try await cases(procedures, database: database, calendar: calendar, subjects: subjects, now: now)
        return drafts
    }

    /// The police grant each procedure's system the fields its form prefills, for that procedure only, answered a
    /// few days after the request.
    private static func grants(_ procedures: [Procedure], database: Database, calendar: WorkingDayCalendar, now: Date) async throws -> [AuditDraft] {
        let sharing = SharingStore(database: database)
        let notices = try await sharing.notices()
        let datasets = DatasetStore(database: database)
        let today = CivilDate(vietnam: now)
        var drafts: [AuditDraft] = []
        for procedure in procedures {
            guard let system = procedure.systemClientID else { continue }
            for source in procedure.sources {
                guard let dataset = try await datasets.dataset(source.dataset), dataset.ownerAgencyCode != procedure.ownerAgencyCode else { continue }
                let schema = try await datasets.schema(of: dataset)
                let fields = Array(Set(source.fields.compactMap { $0.source?.field } + [schema.subjectField?.name].compactMap { $0 })).sorted()
                let asked = calendar.adding(workingDays: -40, to: today)
                let request = AccessRequest(
                    id: DemoCity.stableID("request:\(procedure.code):\(dataset.code)"), requesterAgencyCode: procedure.ownerAgencyCode,
                    ownerAgencyCode: dataset.ownerAgencyCode, datasetCode: dataset.code, fields: fields, purposeCode: procedure.code,
                    legalBasis: "Nghị định 45/2020/NĐ-CP về thủ tục hành chính trên môi trường điện tử; Luật Căn cước 2023",
                    justification: "Điền sẵn tờ khai \(procedure.nameVi) để công dân không phải khai lại.", clientIDs: [system],
                    requestedUntil: today.adding(days: 365), submittedBy: "steward.\(procedure.ownerAgencyCode)",
                    submittedAt: DemoSharing.morning(asked),
                    dueOn: calendar.adding(workingDays: 10, to: asked))
                _ = try await sharing.submit(request, notice: notices.received(request))
                let answer = AccessAnswer(
                    decision: .grant, fields: fields, validUntil: request.requestedUntil, by: "steward.\(dataset.ownerAgencyCode)",
                    at: DemoSharing.morning(calendar.adding(workingDays: 3, to: asked)))
                _ = try await sharing.answer(
                    request.id, with: try request.checked(answer, schema: schema), notice: notices.answered(request, decision: .grant))
                drafts.append(
                    AuditDraft(
                        actor: AuditActor(kind: .user, id: answer.by), agencyCode: dataset.ownerAgencyCode, action: "accessRequest.grant",
                        resource: "accessRequest:\(request.id.lowercasedString)", datasetCode: dataset.code, purpose: procedure.code))
            }
        }
        return drafts
    }

    /// Forty cases by people of the population extract (the demo's first citizens among them), every plan in turn.
    private static func cases(
        _ procedures: [Procedure], database: Database, calendar: WorkingDayCalendar, subjects: SubjectHasher, now: Date
    ) async throws -> [AuditDraft] {
        let datasets = DatasetStore(database: database)
        guard let population = try await datasets.dataset("dan-cu-trich-xuat") else { return [] }
        let schema = try await datasets.schema(of: population)
        let people = try await HostedDataStore(database: database).records(of: population, schema: schema, limit: 40)
        let index = { (name: String) in people.fields.firstIndex(of: name) ?? 0 }
        let store = CaseStore(database: database)
        let today = CivilDate(vietnam: now)
        let comments = ["Nhanh, không phải khai lại thông tin.", "Trễ hẹn, không được báo trước.", "Hướng dẫn chưa rõ.", "Tốt."]
        var drafts: [AuditDraft] = []
        for (number, record) in people.records.enumerated() {
            let procedure = procedures[number % procedures.count]
            let plan = Plan.allCases[(number / procedures.count + number) % Plan.allCases.count]
            let citizenID = record[index("cccd")].text
            let subject = subjects.hash(citizenID)
            let daysAgo: Int =
                switch plan {
                case .received: 0
                case .processing: 1
                case .overdue: procedure.processingDays + 3
                case .supplement: 4
                case .doneOnTime, .counterDone: procedure.processingDays + 1
                case .doneLate: procedure.processingDays + 5
                case .rejected: 5
                }
            let received = min(DemoSharing.morning(calendar.adding(workingDays: -daysAgo, to: today), minutes: number * 11), now)
            let channel: ServiceCase.Channel = plan == .counterDone ? .counter : .online
            var values: [CaseValue] = applicant.map { field in
                CaseValue(
                    name: field.name, value: record[index(field.source!.field)].text, prefilled: channel == .online,
                    sourceDataset: channel == .online ? population.code : nil, sourceAgency: channel == .online ? population.ownerAgencyCode : nil,
                    sourceUpdatedAt: channel == .online ? received : nil)
            }
            for field in procedure.fields where field.source == nil && field.required {
                values.append(
                    CaseValue(name: field.name, value: field.kind == .number ? "1" : field.kind == .date ? today.adding(days: -3).description : "—"))
            }
            var item = ServiceCase.filed(
                procedure, id: DemoCity.stableID("case:\(number)"), subject: subject, values: values, channel: channel, at: received,
                calendar: calendar)
            let officer = officers[procedure.ownerAgencyCode] ?? "steward.\(procedure.ownerAgencyCode)"
            let day = { (offset: Int, minutes: Int) in
                DemoSharing.morning(calendar.adding(workingDays: offset, to: CivilDate(vietnam: received)), minutes: minutes)
            }
            switch plan {
            case .received: break
            case .processing, .overdue: item = try item.moved(to: .processing, by: officer, note: "", at: day(0, 120), calendar: calendar)
            case .supplement:
                item = try item.moved(to: .processing, by: officer, note: "", at: day(1, 0), calendar: calendar)
                item = try item.moved(
                    to: .supplementRequested, by: officer, note: "Bổ sung bản sao giấy tờ chứng minh địa điểm.", at: day(2, 0), calendar: calendar)
            case .doneOnTime, .counterDone:
                item = try item.moved(to: .processing, by: officer, note: "", at: day(0, 120), calendar: calendar)
                item = try item.moved(
                    to: .done, by: officer, note: "Đã trả kết quả.", at: day(max(1, procedure.processingDays - 1), 60), calendar: calendar)
                item = try item.rated(number % 3 == 0 ? 4 : 5, comment: comments[0], at: day(procedure.processingDays, 0))
            case .doneLate:
                item = try item.moved(to: .processing, by: officer, note: "", at: day(1, 0), calendar: calendar)
                item = try item.moved(to: .done, by: officer, note: "Đã trả kết quả.", at: day(procedure.processingDays + 3, 0), calendar: calendar)
                item = try item.rated(2, comment: comments[1], at: day(procedure.processingDays + 4, 0))
            case .rejected:
                item = try item.moved(
                    to: .rejected, by: officer, note: "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan.", at: day(2, 0), calendar: calendar)
                item = try item.rated(3, comment: comments[2], at: day(3, 0))
            }
            let filed = try await store.file(item).case
            if channel == .online, let system = procedure.systemClientID {
                let consent = Consent(
                    applicationID: filed.id, subject: subject, procedureCode: procedure.code, datasetCode: population.code,
                    sourceAgencyCode: population.ownerAgencyCode, fields: applicant.compactMap { $0.source?.field }, accepted: true,
                    givenAt: received,
                    validUntil: filed.dueOn)
                try await store.recordConsents([consent])
                drafts.append(
                    AuditDraft(
                        actor: AuditActor(kind: .client, id: system.lowercasedString), agencyCode: procedure.ownerAgencyCode, action: "gateway.read",
                        resource: "dataset:\(population.code)/record" + GatewayRoutes.fieldsSuffix(consent.fields), datasetCode: population.code,
                        purpose: procedure.code, subjects: [subject]))
            }
            drafts.append(
                AuditDraft(
                    actor: AuditActor(kind: .citizen, id: subject), agencyCode: procedure.ownerAgencyCode, action: "case.file",
                    resource: "case:\(filed.number)", purpose: procedure.code, subjects: [subject]))
        }
        return drafts
    }
}
