/// The message catalog: every user-facing text of the platform, in Vietnamese and English.
///
/// Texts take positional arguments `{0}`, `{1}`… filled by `LocalizedText.format(_:)`.
/// Keep the keys grouped by area; a text used in one place still lives here.
public enum Messages {
    // MARK: Directory
    public static let invalidCode = LocalizedText(
        vi: "Mã “{0}” không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu “-”, dài 2–64 ký tự.",
        en: "The code “{0}” is not valid: use lowercase ASCII letters, digits and “-”, 2–64 characters.")
    public static let unknownAgency = LocalizedText(
        vi: "Không có cơ quan mã “{0}”.", en: "There is no agency with code “{0}”.")
    public static let unknownUser = LocalizedText(
        vi: "Không có người dùng “{0}”.", en: "There is no user “{0}”.")
    public static let unknownClient = LocalizedText(
        vi: "Không có hệ thống kết nối (API client) “{0}”.", en: "There is no API client “{0}”.")
    public static let passwordTooShort = LocalizedText(
        vi: "Mật khẩu phải có ít nhất {0} ký tự.", en: "The password must have at least {0} characters.")
    public static let lastAdministrator = LocalizedText(
        vi: "Không thể vô hiệu hóa “{0}”: đây là điều phối viên cuối cùng còn hoạt động. Hãy tạo một điều phối viên khác trước.",
        en: "“{0}” cannot be deactivated: it is the last active coordinator. Create another coordinator first.")
    public static let passwordTooLong = LocalizedText(
        vi: "Mật khẩu dài quá 72 byte.", en: "The password is longer than 72 bytes.")
    public static let wrongPassword = LocalizedText(
        vi: "Tên đăng nhập hoặc mật khẩu không đúng.", en: "The username or password is wrong.")
    public static let invalidField = LocalizedText(
        vi: "Giá trị của trường “{0}” không hợp lệ.", en: "The value of the field “{0}” is not valid.")

    // MARK: HTTP problems
    public static let notFound = LocalizedText(
        vi: "Không tìm thấy địa chỉ này.", en: "Nothing is found at this address.")
    public static let methodNotAllowed = LocalizedText(
        vi: "Phương thức không được hỗ trợ ở địa chỉ này.", en: "This method is not allowed here.")
    public static let unauthenticated = LocalizedText(
        vi: "Cần xác thực: gửi khóa API trong “Authorization: Bearer …” hoặc đăng nhập.",
        en: "Authentication required: send an API key as “Authorization: Bearer …” or sign in.")
    public static let invalidCredentials = LocalizedText(
        vi: "Khóa hoặc phiên đăng nhập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
        en: "The key or session is not valid, has expired or has been revoked.")
    public static let forbidden = LocalizedText(
        vi: "Bạn không có quyền thực hiện thao tác này.", en: "You are not allowed to do this.")
    public static let malformedJSON = LocalizedText(
        vi: "Nội dung gửi lên không phải JSON hợp lệ: {0}", en: "The request body is not valid JSON: {0}")
    public static let unsupportedMediaType = LocalizedText(
        vi: "Kiểu nội dung “{0}” không được hỗ trợ; hãy gửi application/json.",
        en: "The content type “{0}” is not supported; send application/json.")
    public static let nulCharacter = LocalizedText(
        vi: "Dữ liệu gửi lên chứa ký tự NUL (U+0000), không được phép trong văn bản.",
        en: "The request holds a NUL character (U+0000), which text may not contain.")
    public static let anonymousRateLimited = LocalizedText(
        vi: "Quá nhiều yêu cầu từ địa chỉ này; hãy thử lại sau {0} giây. Hệ thống đọc dữ liệu thường xuyên nên dùng khóa API.",
        en: "Too many requests from this address; try again in {0} s. A system that reads often should use an API key.")
    public static let bodyTooLarge = LocalizedText(
        vi: "Nội dung gửi lên vượt quá giới hạn {0} byte.", en: "The request body exceeds the limit of {0} bytes.")
    public static let unknownField = LocalizedText(
        vi: "Trường “{0}” không được biết đến.", en: "The field “{0}” is not known.")
    public static let missingField = LocalizedText(
        vi: "Thiếu trường bắt buộc “{0}”.", en: "The required field “{0}” is missing.")
    public static let validationFailed = LocalizedText(
        vi: "Dữ liệu gửi lên chưa hợp lệ.", en: "The submitted data is not valid.")
    public static let duplicate = LocalizedText(
        vi: "Đã tồn tại: {0}", en: "Already exists: {0}")
    public static let subjectAgencyCode = LocalizedText(vi: "mã cơ quan", en: "agency code")
    public static let subjectUsername = LocalizedText(vi: "tên đăng nhập", en: "username")
    public static let subjectAPIClientName = LocalizedText(
        vi: "tên hệ thống kết nối trong cơ quan", en: "API client name within the agency")
    public static let subjectRecord = LocalizedText(vi: "bản ghi", en: "record")
    public static let internalError = LocalizedText(
        vi: "Đã có lỗi ở máy chủ. Mã yêu cầu: {0}.", en: "Something went wrong on the server. Request id: {0}.")
    public static let badRequest = LocalizedText(
        vi: "Yêu cầu không hợp lệ.", en: "The request is not valid.")
    public static let tooManyRequests = LocalizedText(
        vi: "Quá nhiều yêu cầu; hãy thử lại sau.", en: "Too many requests; try again later.")
    public static let noTreeHead = LocalizedText(
        vi: "Nhật ký chưa có đầu cây nào được ký; hãy thử lại sau ít giây.",
        en: "The log has no signed tree head yet; try again in a few seconds.")
    public static let databaseUnavailable = LocalizedText(
        vi: "Không kết nối được cơ sở dữ liệu.", en: "The database cannot be reached.")
}

extension Messages {
    // MARK: Table Schema
    public static let schemaNoFields = LocalizedText(vi: "Lược đồ phải có ít nhất một trường.", en: "The schema needs at least one field.")
    public static let schemaBadName = LocalizedText(
        vi: "Tên trường “{0}” không hợp lệ: dùng chữ thường không dấu, chữ số và “_”, bắt đầu bằng chữ cái, tối đa 63 ký tự.",
        en: "The field name “{0}” is not valid: use lowercase ASCII letters, digits and “_”, starting with a letter, 63 at most.")
    public static let schemaDuplicateName = LocalizedText(vi: "Tên “{0}” bị lặp.", en: "The name “{0}” appears twice.")
    public static let schemaUnknownField = LocalizedText(vi: "Không có trường “{0}”.", en: "There is no field “{0}”.")
    public static let schemaForeignKeyShape = LocalizedText(
        vi: "Khóa ngoại phải nối cùng số trường ở hai phía.", en: "A foreign key must name as many fields on each side.")
    public static let schemaOneSubject = LocalizedText(
        vi: "Chỉ một trường được đánh dấu là định danh người (subject).", en: "Only one field may be marked as the person key (subject).")
    public static let schemaConstraintForType = LocalizedText(
        vi: "Ràng buộc này không dùng được cho kiểu “{0}”.", en: "This constraint does not apply to the type “{0}”.")
    public static let schemaBadConstraint = LocalizedText(vi: "Giá trị ràng buộc không hợp lệ.", en: "The constraint's value is not valid.")
    public static let schemaBadPattern = LocalizedText(
        vi: "Biểu thức “{0}” không phải biểu thức chính quy hợp lệ.", en: "“{0}” is not a valid regular expression.")
    public static let schemaBadEnum = LocalizedText(
        vi: "Giá trị liệt kê “{0}” không đúng kiểu của trường.", en: "The enum value “{0}” does not fit the field's type.")
    public static let schemaSubjectRule = LocalizedText(
        vi: "Trường định danh người phải có quy tắc vn là citizen-id hoặc tax-code.",
        en: "The person-key field must have the vn rule citizen-id or tax-code.")
}

extension Messages {
    // MARK: Catalog
    public static let unknownDataset = LocalizedText(vi: "Không có bộ dữ liệu “{0}”.", en: "There is no dataset “{0}”.")
    public static let invalidSchema = LocalizedText(vi: "Lược đồ dữ liệu chưa hợp lệ.", en: "The table schema is not valid.")
    public static let badTransition = LocalizedText(
        vi: "Không thể chuyển bộ dữ liệu từ trạng thái “{0}” sang “{1}”.", en: "A dataset cannot move from “{0}” to “{1}”.")
    public static let unknownSchemaVersion = LocalizedText(
        vi: "Bộ dữ liệu không có phiên bản lược đồ {0}.", en: "The dataset has no schema version {0}.")
    public static let unsupportedLoadType = LocalizedText(
        vi: "Kiểu nội dung “{0}” chưa được hỗ trợ để nạp dữ liệu; hãy gửi text/csv, application/x-ndjson hoặc application/json (UTF-8).",
        en: "The content type “{0}” cannot be loaded; send text/csv, application/x-ndjson or application/json (UTF-8).")
    public static let publicationHeading = LocalizedText(
        vi: "Danh mục dữ liệu dùng chung — lần công bố số {0}", en: "Catalog of shared data — publication no. {0}")
    public static let publicationChanges = LocalizedText(
        vi: "Thay đổi từ lần công bố số {0} đến số {1}", en: "Changes from publication no. {0} to no. {1}")
}
