/// The messages of the programme tracker (API and CLI).
extension Messages {
    public static let unknownDirective = LocalizedText(vi: "Không có văn bản chỉ đạo “{0}”.", en: "There is no directive “{0}”.")
    public static let unknownTask = LocalizedText(vi: "Không có nhiệm vụ “{0}”.", en: "There is no task “{0}”.")
    public static let unknownReport = LocalizedText(vi: "Không có báo cáo phải nộp “{0}”.", en: "No report “{0}” is owed.")
    public static let unknownProblem = LocalizedText(vi: "Không có vấn đề “{0}” trong sổ theo dõi.", en: "There is no problem “{0}” in the register.")
    public static let problemClosed = LocalizedText(vi: "Vấn đề này đã được giải quyết.", en: "This problem is closed already.")
    public static let reportAlreadyFiled = LocalizedText(
        vi: "Báo cáo kỳ này đã được nộp.", en: "The report for this period has already been filed.")
    public static let notTaskOwner = LocalizedText(
        vi: "Chỉ cơ quan chủ trì (hoặc điều phối viên) cập nhật nhiệm vụ này.", en: "Only the owner agency (or the coordinator) updates this task.")
    public static let taskDone = LocalizedText(
        vi: "Nhiệm vụ đã hoàn thành ngày {0}: tiến độ và hạn không còn thay đổi.",
        en: "The task was done on {0}: its progress and deadline no longer change.")
    public static let progressRange = LocalizedText(
        vi: "Tiến độ là một số nguyên từ 0 đến 100 (%).", en: "Progress is a whole number from 0 to 100 (%).")
    public static let parentProgress = LocalizedText(
        vi: "Tiến độ của nhiệm vụ này được tính từ các nhiệm vụ con ({0}); hãy báo cáo trên từng nhiệm vụ con.",
        en: "This task's progress is rolled up from its sub-tasks ({0}); report on each sub-task.")
    public static let targetNotValid = LocalizedText(
        vi: "Mục tiêu mới phải là một số dương, hữu hạn.", en: "The new target must be a positive, finite number.")
    public static let noMetric = LocalizedText(
        vi: "Nhiệm vụ không gắn chỉ số đo nên không có mục tiêu để điều chỉnh.", en: "The task is not bound to a metric, so it has no target to move."
    )
    public static let deadlineBeforeAssigned = LocalizedText(
        vi: "Hạn mới phải là một ngày (yyyy-MM-dd) không trước ngày giao {0}.",
        en: "The new deadline must be a day (yyyy-MM-dd) not before the day assigned, {0}.")
    public static let closingMetricMissing = LocalizedText(
        vi: "Vấn đề này không có chỉ số đóng: đặt chỉ số trước khi đóng.", en: "This problem has no closing metric: set one before closing it.")
    /// A problem's closing metric falls short (`{0}` measured, `{1}` target).
    public static let closingMetricShort = LocalizedText(
        vi: "Chưa đóng được: chỉ số đóng đo được {0}, mục tiêu {1}.", en: "Not closed: the closing metric measures {0} against a target of {1}.")
    /// A metric's subject that does not exist (`{0}` the kind, `{1}` the subject).
    public static let unknownMetricSubject = LocalizedText(
        vi: "Chỉ số {0} đo “{1}”, nhưng không có đối tượng này trên nền tảng.", en: "The metric {0} measures “{1}”, which is not on the platform.")
    /// A task's deadline is near (`{0}` task code, `{1}` title, `{2}` due date).
    public static let taskDueSoon = LocalizedText(vi: "Nhiệm vụ {0} “{1}” đến hạn ngày {2}.", en: "Task {0} “{1}” is due on {2}.")
    /// A task turned overdue.
    public static let taskOverdue = LocalizedText(vi: "Nhiệm vụ {0} “{1}” đã quá hạn (hạn {2}).", en: "Task {0} “{1}” is overdue (due {2}).")
}

extension Messages {
    /// How units are ranked (shown with the ranking).
    public static let unitRankingFormula = LocalizedText(
        vi:
            "Điểm đơn vị = 35% nhiệm vụ (hoàn thành đúng hạn ÷ (đã hoàn thành + quá hạn)) + 15% chia sẻ (yêu cầu trả lời đúng hạn) + 15% chất lượng dữ liệu + 15% dịch vụ công (hồ sơ đúng hạn) + 20% kỷ luật báo cáo (báo cáo nộp đúng hạn ÷ báo cáo đến hạn); phần chưa có số liệu không tính và các phần còn lại được chia lại tỷ trọng. Điển hình: từ 80 điểm và không có nhiệm vụ quá hạn; chậm trễ: dưới 50 điểm hoặc từ 3 nhiệm vụ quá hạn.",
        en:
            "Unit score = 35% tasks (done on time ÷ (done + overdue)) + 15% sharing (requests answered on time) + 15% data quality + 15% public services (cases on time) + 20% reporting discipline (reports filed on time ÷ reports due); a part with no data is left out and the rest reweighted. Exemplary: 80 or more and no overdue task; negligent: under 50, or three overdue tasks or more."
    )
}
