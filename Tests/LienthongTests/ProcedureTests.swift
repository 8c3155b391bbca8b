import Foundation
import Lienthong
import Testing

@Suite("Declare-once procedures: forms, the case clock, ratings, indicators")
struct ProcedureTests {
    let calendar = WorkingDayCalendar.vietnam()

    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    /// 09:00 in Vietnam on `text`.
    func morning(_ text: String) -> Date { Date(timeIntervalSince1970: TimeInterval(day(text).dayNumber * 86_400 + 2 * 3_600)) }

    var procedure: Procedure {
        Procedure(
            code: "cap-phieu", nameVi: " Cấp phiếu ", nameEn: "Certificate", ownerAgencyCode: "stp", processingDays: 5,
            fields: [
                FormField(name: "ho_ten", labelVi: "Họ tên", labelEn: "Name", source: PrefillSource(dataset: "dan-cu", field: "ho_ten")),
                FormField(name: "mst", labelVi: "MST", labelEn: "Tax code", source: PrefillSource(dataset: "thue", field: "mst")),
                FormField(
                    name: "giay", labelVi: "Giấy", labelEn: "Licence",
                    source: PrefillSource(dataset: "attp", field: "so_giay", by: "mst", keyField: "mst")),
                FormField(name: "muc_dich", labelVi: "Mục đích", labelEn: "Purpose"),
            ])
    }

    @Test("a procedure is checked whole: names trimmed, field names unique, a lookup by another field names an earlier prefilled one")
    func checking() throws {
        let checked = try procedure.checked()
        #expect(checked.nameVi == "Cấp phiếu")
        #expect(checked.sources.map(\.dataset) == ["dan-cu", "thue", "attp"])
        var broken = procedure
        broken.code = "Cấp Phiếu"
        broken.processingDays = 0
        broken.fields.append(FormField(name: "muc_dich", labelVi: "x", labelEn: "x"))
        broken.fields.append(FormField(name: "z", labelVi: "z", labelEn: "z", source: PrefillSource(dataset: "xy", field: "y", by: "muc_dich")))
        #expect(throws: ProcedureError.invalidFields(["code", "processingDays", "fields[4]", "fields[5].source.by"])) { try broken.checked() }
        broken = procedure
        broken.fields = []
        #expect(throws: ProcedureError.invalidFields(["fields"])) { try broken.checked() }
        broken = procedure
        broken.fields.append(
            FormField(name: "ngay", labelVi: "Ngày", labelEn: "Date", source: PrefillSource(dataset: "attp", field: "ngay_het_han", by: "ho_ten")))
        #expect(throws: ProcedureError.invalidFields(["fields[4].source.by"]), "one record per dataset: one key") { try broken.checked() }
        let decoded = try JSONDecoder().decode(
            FormField.self, from: Data(#"{"name": "x", "labelVi": "X", "labelEn": "X", "source": {"dataset": "dan-cu", "field": "ho_ten"}}"#.utf8))
        #expect(decoded.kind == .text && decoded.required && decoded.source?.by == PrefillSource.citizenID, "the documented defaults")
    }

    @Test("a case is due in working days across Tết; a supplement pauses the clock and resuming moves the due date")
    func clock() throws {
        // Received Friday 13/2/2026, 5 working days: Tết (16–20/2) is skipped.
        var item = ServiceCase.filed(procedure, subject: "s", values: [], at: morning("2026-02-13"), calendar: calendar)
        #expect(item.dueOn == day("2026-02-27"))
        #expect(item.timeliness(on: day("2026-02-27")) == .inTerm)
        #expect(item.timeliness(on: day("2026-03-02")) == .overdue)
        item = try item.moved(to: .processing, by: "officer", note: "", at: morning("2026-02-23"), calendar: calendar)
        #expect(throws: ProcedureError.invalidFields(["reason"])) {
            try item.moved(to: .supplementRequested, by: "officer", note: " ", at: morning("2026-02-24"), calendar: calendar)
        }
        item = try item.moved(to: .supplementRequested, by: "officer", note: "Thiếu bản sao", at: morning("2026-02-24"), calendar: calendar)
        #expect(item.pausedOn == day("2026-02-24") && item.timeliness(on: day("2026-03-20")) == .inTerm, "paused in term: the clock stands")
        var latePause = item
        latePause.pausedOn = day("2026-03-02")
        #expect(latePause.timeliness(on: day("2026-03-20")) == .overdue, "paused after the due date: still overdue")
        // Three working days stand still (25, 26, 27/2): due 27/2 + 3 = 4/3.
        item = try item.moved(to: .processing, by: "officer", note: "", at: morning("2026-02-27"), calendar: calendar)
        #expect(item.pausedDays == 3 && item.dueOn == day("2026-03-04") && item.pausedOn == nil)
        item = try item.moved(to: .done, by: "officer", note: "", at: morning("2026-03-05"), calendar: calendar)
        #expect(item.timeliness(on: day("2026-04-01")) == .late)
        // 13/2 → 5/3 is 9 working days (Tết skipped), less the 3 paused.
        #expect(item.processingDays(calendar: calendar) == 6)
        #expect(throws: ProcedureError.transition(from: .done, to: .processing)) {
            try item.moved(to: .processing, by: "officer", note: "", at: morning("2026-03-06"), calendar: calendar)
        }
        #expect(item.events.map(\.status) == [.received, .processing, .supplementRequested, .processing, .done])
    }

    @Test("a rejection needs a reason; a case is rated once, after it is finished, 1 to 5")
    func rating() throws {
        let item = ServiceCase.filed(procedure, subject: "s", values: [], at: morning("2026-03-02"), calendar: calendar)
        #expect(throws: ProcedureError.notFinished) { try item.rated(5, comment: "", at: Date()) }
        #expect(throws: ProcedureError.invalidFields(["reason"])) {
            try item.moved(to: .rejected, by: "officer", note: "", at: morning("2026-03-03"), calendar: calendar)
        }
        let rejected = try item.moved(to: .rejected, by: "officer", note: "Không thuộc thẩm quyền", at: morning("2026-03-03"), calendar: calendar)
        #expect(rejected.reason == "Không thuộc thẩm quyền" && rejected.timeliness(on: day("2026-04-01")) == .onTime)
        #expect(throws: ProcedureError.invalidFields(["stars"])) { try rejected.rated(6, comment: "", at: Date()) }
        let rated = try rejected.rated(4, comment: " Nhanh ", at: Date())
        #expect(rated.rating?.stars == 4 && rated.rating?.comment == "Nhanh")
        #expect(throws: ProcedureError.alreadyRated) { try rated.rated(5, comment: "", at: Date()) }
    }

    @Test("indicators: on time over finished, online over all, prefilled over all values, the mean rating and processing days")
    func indicators() throws {
        let prefilled = CaseValue(name: "ho_ten", value: "A", prefilled: true)
        let typed = CaseValue(name: "muc_dich", value: "B")
        var onTime = ServiceCase.filed(procedure, subject: "a", values: [prefilled, typed], at: morning("2026-03-02"), calendar: calendar)
        onTime = try onTime.moved(to: .processing, by: "o", note: "", at: morning("2026-03-03"), calendar: calendar)
        onTime = try onTime.moved(to: .done, by: "o", note: "", at: morning("2026-03-05"), calendar: calendar).rated(5, comment: "", at: Date())
        var late = ServiceCase.filed(
            procedure, subject: "b", values: [typed, typed], channel: .counter, at: morning("2026-03-02"), calendar: calendar)
        late = try late.moved(to: .processing, by: "o", note: "", at: morning("2026-03-03"), calendar: calendar)
        late = try late.moved(to: .done, by: "o", note: "", at: morning("2026-03-13"), calendar: calendar).rated(2, comment: "", at: Date())
        let open = ServiceCase.filed(procedure, subject: "c", values: [prefilled, prefilled], at: morning("2026-03-02"), calendar: calendar)
        let report = ServiceIndicators.report([onTime, late, open], today: day("2026-03-20"), calendar: calendar)
        let city = report.city
        #expect(city.cases == 3 && city.finished == 2 && city.onTime == 1 && city.late == 1 && city.overdue == 1)
        #expect(city.onTimeRate == 50 && city.onlineRate == 66.7 && city.declareOnceRate == 50)
        #expect(city.satisfaction == 3.5 && city.ratings == 2 && city.satisfiedRate == 50)
        // 3 and 9 working days.
        #expect(city.meanProcessingDays == 6)
        #expect(report.byMonth.map(\.key) == ["2026-03"] && report.byProcedure.first?.cases == 3)
        #expect(ServiceIndicators(key: "none", cases: [], today: day("2026-03-20"), calendar: calendar).onTimeRate == nil)
    }

    @Test("a consent allows reads until its day ends, unless declined or withdrawn")
    func consent() {
        var consent = Consent(
            applicationID: UUID(), subject: "s", procedureCode: "p", datasetCode: "d", sourceAgencyCode: "catp", fields: ["ho_ten"], accepted: true,
            givenAt: morning("2026-03-02"), validUntil: day("2026-03-09"))
        #expect(consent.allowsReads(at: morning("2026-03-09")) && !consent.allowsReads(at: morning("2026-03-10")))
        consent.withdrawnAt = morning("2026-03-03")
        #expect(!consent.allowsReads(at: morning("2026-03-04")))
    }

    @Test("a sealed citizen ID opens with the same key only")
    func seal() {
        let hasher = SubjectHasher()
        let sealed = hasher.seal.seal("001085012345")
        #expect(!sealed.contains("001085012345") && hasher.seal.open(sealed) == "001085012345")
        #expect(SubjectHasher().seal.open(sealed) == nil)
        #expect(hasher.seal.open("not base64") == nil)
    }
}
