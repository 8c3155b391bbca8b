/// The sharing workflow's and the gateway's texts, part of the one message catalog (`Messages`).
extension Messages {
    // MARK: Access requests and grants
    public static let refusalNeedsReason = LocalizedText(
        vi: "Từ chối phải có lý do bằng văn bản và căn cứ pháp lý (Nghị định 194/2025/NĐ-CP).",
        en: "A refusal needs a written reason and a legal basis (Decree 194/2025).")
    public static let unknownDatasetField = LocalizedText(
        vi: "Bộ dữ liệu không có trường: {0}.", en: "The dataset has no field: {0}.")
    public static let unknownPurpose = LocalizedText(
        vi: "Không có mục đích sử dụng mã “{0}”.", en: "There is no purpose with code “{0}”.")
    public static let unknownAccessRequest = LocalizedText(
        vi: "Không có yêu cầu khai thác “{0}”.", en: "There is no access request “{0}”.")
    public static let unknownGrant = LocalizedText(
        vi: "Không có quyền khai thác “{0}”.", en: "There is no grant “{0}”.")
    public static let requestNotOpen = LocalizedText(
        vi: "Yêu cầu này đã được xử lý (trạng thái: {0}).", en: "This request has already been dealt with (status: {0}).")
    public static let ownDatasetRequest = LocalizedText(
        vi: "Cơ quan không cần yêu cầu khai thác dữ liệu của chính mình.", en: "An agency does not request its own data.")
    public static let openDatasetRequest = LocalizedText(
        vi: "Dữ liệu mở không cần yêu cầu khai thác: ai cũng đọc được.", en: "Open data needs no request: anyone may read it.")
    public static let grantAlreadyRevoked = LocalizedText(
        vi: "Quyền khai thác này đã bị thu hồi.", en: "This grant has already been revoked.")

    // MARK: Gateway
    public static let gatewayNeedsKey = LocalizedText(
        vi: "Cổng kết nối chỉ dành cho hệ thống có khóa API: gửi “Authorization: Bearer …”.",
        en: "The gateway is for systems with an API key: send “Authorization: Bearer …”.")
    public static let purposeMissing = LocalizedText(
        vi: "Thiếu tiêu đề “Lienthong-Purpose”: mọi lượt đọc qua cổng phải nêu mục đích sử dụng.",
        en: "The “Lienthong-Purpose” header is missing: every gateway read must state its purpose.")
    public static let grantMissing = LocalizedText(
        vi: "Không có quyền khai thác còn hiệu lực cho hệ thống này, bộ dữ liệu “{0}” và mục đích “{1}”.",
        en: "No grant in force covers this system, the dataset “{0}” and the purpose “{1}”.")
    public static let fieldsNotGranted = LocalizedText(
        vi: "Các trường sau không nằm trong quyền khai thác: {0}.", en: "These fields are outside the grant: {0}.")
    public static let rateLimited = LocalizedText(
        vi: "Hệ thống gửi quá nhiều yêu cầu; hãy thử lại sau {0} giây.", en: "Too many requests from this system; try again in {0} s.")

    // MARK: Notifications (in-app and the e-mail outbox)
    public static let noticeRequestReceived = LocalizedText(
        vi: "Yêu cầu khai thác mới: {0} xin dữ liệu “{1}”, hạn trả lời {2}.",
        en: "New access request: {0} asks for “{1}”, answer due {2}.")
    public static let noticeRequestAnswered = LocalizedText(
        vi: "{0} đã trả lời yêu cầu khai thác “{1}”: {2}.", en: "{0} answered the access request for “{1}”: {2}.")
    public static let noticeRequestEscalated = LocalizedText(
        vi: "Quá hạn trả lời: yêu cầu của {0} về “{1}” (hạn {2}) được chuyển Điều phối viên.",
        en: "Answer overdue: the request of {0} for “{1}” (due {2}) goes to the coordinator.")
    public static let noticeRequestDecided = LocalizedText(
        vi: "Điều phối viên đã quyết định về yêu cầu khai thác “{0}”: {1}.", en: "The coordinator decided on the access request for “{0}”: {1}.")
    public static let noticeGrantExpiring = LocalizedText(
        vi: "Quyền khai thác “{0}” của {1} hết hạn ngày {2}.", en: "The grant on “{0}” to {1} expires on {2}.")
    public static let noticeGrantRevoked = LocalizedText(
        vi: "Quyền khai thác “{0}” của {1} đã bị thu hồi: {2}", en: "The grant on “{0}” to {1} was revoked: {2}")
}

extension Messages {
    // MARK: Agency services
    public static let unknownService = LocalizedText(
        vi: "Không có dịch vụ “{0}”.", en: "There is no service “{0}”.")
    public static let upstreamUnavailable = LocalizedText(
        vi: "Dịch vụ của cơ quan chủ quản không trả lời: {0}.", en: "The owner agency's service does not answer: {0}.")
    public static let upstreamTimeout = LocalizedText(
        vi: "Dịch vụ của cơ quan chủ quản không trả lời trong {0} ms.", en: "The owner agency's service did not answer within {0} ms.")
    public static let upstreamRedirect = LocalizedText(
        vi: "Dịch vụ chuyển hướng sang địa chỉ khác; cổng kết nối không đi theo.",
        en: "The service redirected elsewhere; the gateway does not follow.")
    public static let serviceHostRefused = LocalizedText(
        vi:
            "Cổng kết nối không gọi máy chủ “{0}”: đây là địa chỉ nội bộ của máy (link-local, metadata) hoặc máy chủ không có trong danh sách máy chủ dịch vụ được phép (LIENTHONG_SERVICE_HOSTS).",
        en:
            "The gateway does not call the host “{0}”: it is a link-local or metadata address, or it is not on the list of allowed service hosts (LIENTHONG_SERVICE_HOSTS)."
    )
    public static let endpointNotOffered = LocalizedText(
        vi: "Dịch vụ không cung cấp {0}.", en: "The service does not offer {0}.")
    public static let endpointNotGranted = LocalizedText(
        vi: "Quyền khai thác không bao gồm {0}.", en: "No grant covers {0}.")
}

extension Messages {
    // MARK: Tickets
    public static let unknownTicket = LocalizedText(vi: "Không có phản ánh “{0}”.", en: "There is no ticket “{0}”.")
    public static let ticketClosed = LocalizedText(vi: "Phản ánh này đã đóng.", en: "This ticket is closed.")
    public static let noticeTicketOpened = LocalizedText(
        vi: "Công dân phản ánh một lượt đọc dữ liệu (bộ dữ liệu “{0}”).", en: "A citizen contests a read of their data (dataset “{0}”).")
}
