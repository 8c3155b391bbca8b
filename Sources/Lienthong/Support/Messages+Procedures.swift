/// The messages of procedures, cases, consent and prefill (API and CLI).
extension Messages {
    public static let unknownProcedure = LocalizedText(vi: "Không có thủ tục “{0}”.", en: "There is no procedure “{0}”.")
    public static let unknownCase = LocalizedText(vi: "Không có hồ sơ “{0}”.", en: "There is no case “{0}”.")
    public static let procedureInactive = LocalizedText(
        vi: "Thủ tục “{0}” hiện không nhận hồ sơ.", en: "Procedure “{0}” is not taking applications now.")
    public static let caseTransition = LocalizedText(
        vi: "Hồ sơ đang ở trạng thái “{0}”, không thể chuyển sang “{1}”.", en: "The case is “{0}”; it cannot move to “{1}”.")
    public static let otherAgencyCase = LocalizedText(
        vi: "Hồ sơ này thuộc cơ quan khác; cán bộ chỉ xử lý hồ sơ của cơ quan mình.",
        en: "This case belongs to another agency; officers handle their own agency's cases only.")
    public static let caseAlreadyRated = LocalizedText(vi: "Hồ sơ này đã được đánh giá.", en: "This case has already been rated.")
    public static let caseNotFinished = LocalizedText(
        vi: "Chỉ đánh giá được khi hồ sơ đã có kết quả hoặc bị từ chối.", en: "A case can be rated once it is done or rejected.")
    public static let unknownConsent = LocalizedText(vi: "Không có sự đồng ý “{0}”.", en: "There is no consent “{0}”.")
    public static let citizenSignInNeeded = LocalizedText(
        vi: "Công dân cần đăng nhập (số CCCD và mã xác thực).", en: "Sign in as a citizen first (citizen ID and one-time code).")
    /// A prefill source that could not be read: the citizen types the fields.
    public static let prefillDeclined = LocalizedText(
        vi: "Bạn không đồng ý lấy từ {0}: vui lòng tự nhập.", en: "You declined {0} as a source: please type these.")
    public static let prefillNoRecord = LocalizedText(
        vi: "{0} không có dữ liệu về bạn: vui lòng tự nhập.", en: "{0} holds no record about you: please type these.")
    public static let prefillUnavailable = LocalizedText(
        vi: "Không lấy được dữ liệu từ {0} lúc này: vui lòng tự nhập.", en: "{0} could not be read just now: please type these.")
    public static let prefillNotGranted = LocalizedText(
        vi: "Thủ tục chưa được {0} cấp quyền khai thác: vui lòng tự nhập.",
        en: "{0} has not granted this procedure access yet: please type these.")
    public static let requiredValue = LocalizedText(vi: "Vui lòng nhập “{0}”.", en: "Please fill in “{0}”.")
}

extension Messages {
    /// The notice an agency gets when a case is filed (`{0}`: the case number, `{1}`: the procedure).
    public static let caseReceivedNotice = LocalizedText(
        vi: "Hồ sơ mới số {0}: {1}.", en: "New case {0}: {1}.")
}

extension Messages {
    /// The notice a citizen gets when their case moves (`{0}`: the case number, `{1}`: the new status, `{2}`: the note).
    public static let caseMovedNotice = LocalizedText(vi: "Hồ sơ {0}: {1}. {2}", en: "Case {0}: {1}. {2}")
}
