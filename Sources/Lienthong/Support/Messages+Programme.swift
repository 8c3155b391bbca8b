/// The messages of the programme tracker (API and CLI).
extension Messages {
    public static let unknownDirective = LocalizedText(vi: "Không có văn bản chỉ đạo “{0}”.", en: "There is no directive “{0}”.")
    public static let unknownTask = LocalizedText(vi: "Không có nhiệm vụ “{0}”.", en: "There is no task “{0}”.")
    public static let notTaskOwner = LocalizedText(
        vi: "Chỉ cơ quan chủ trì (hoặc điều phối viên) cập nhật nhiệm vụ này.", en: "Only the owner agency (or the coordinator) updates this task.")
    /// A task's deadline is near (`{0}` task code, `{1}` title, `{2}` due date).
    public static let taskDueSoon = LocalizedText(vi: "Nhiệm vụ {0} “{1}” đến hạn ngày {2}.", en: "Task {0} “{1}” is due on {2}.")
    /// A task turned overdue.
    public static let taskOverdue = LocalizedText(vi: "Nhiệm vụ {0} “{1}” đã quá hạn (hạn {2}).", en: "Task {0} “{1}” is overdue (due {2}).")
}
