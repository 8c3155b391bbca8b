/// The texts of the web interface, part of the one message catalog (`Messages`).
///
/// Templates use them as `{{t.key}}`; a test checks that every key a template names is here, in both languages.
extension Messages {
    /// Every text of the web interface by key.
    public static let web: [String: LocalizedText] = [
        // Layout
        "app_name": .init(vi: "Liên thông dữ liệu", en: "Lienthong"),
        "app_tagline": .init(vi: "Nền tảng liên thông dữ liệu của thành phố", en: "The city's data-interconnection platform"),
        "skip_to_content": .init(vi: "Bỏ qua, đến nội dung chính", en: "Skip to main content"),
        "menu": .init(vi: "Trình đơn", en: "Menu"),
        "nav_label": .init(vi: "Điều hướng chính", en: "Main navigation"),
        "nav_overview": .init(vi: "Tổng quan", en: "Overview"),
        "nav_agencies": .init(vi: "Cơ quan, đơn vị", en: "Agencies"),
        "nav_api": .init(vi: "Tài liệu API", en: "API reference"),
        "nav_signin": .init(vi: "Đăng nhập", en: "Sign in"),
        "nav_signout": .init(vi: "Đăng xuất", en: "Sign out"),
        "nav_password": .init(vi: "Đổi mật khẩu", en: "Change password"),
        "language_label": .init(vi: "Ngôn ngữ", en: "Language"),
        "language_other": .init(vi: "English", en: "Tiếng Việt"),
        "language_switch": .init(vi: "Switch to English", en: "Chuyển sang tiếng Việt"),
        "signed_in_as": .init(vi: "Đang đăng nhập", en: "Signed in as"),
        "demo_notice": .init(
            vi: "Bản trình diễn: mọi dữ liệu đều là dữ liệu tổng hợp, không có người thật.",
            en: "Demo: all data is synthetic; no real person appears."),
        "footer_text": .init(
            vi: "Lienthong — phần mềm nguồn mở cho liên thông dữ liệu giữa các cơ quan nhà nước.",
            en: "Lienthong — open-source software for data interconnection between public agencies."),
        "print": .init(vi: "In trang này", en: "Print this page"),
        // Roles
        "role_admin": .init(vi: "Điều phối viên", en: "Coordinator"),
        "role_steward": .init(vi: "Cán bộ quản lý dữ liệu", en: "Data steward"),
        "role_officer": .init(vi: "Cán bộ một cửa", en: "Case officer"),
        "role_inspector": .init(vi: "Kiểm tra viên", en: "Inspector"),
        "role_security": .init(vi: "Cán bộ an ninh", en: "Security officer"),
        // Agency kinds
        "kind_city": .init(vi: "UBND thành phố", en: "City People's Committee"),
        "kind_department": .init(vi: "Sở, ngành", en: "Department"),
        "kind_police": .init(vi: "Công an", en: "Police"),
        "kind_committee": .init(vi: "Cơ quan Đảng, kiểm tra", en: "Party or oversight body"),
        "kind_ward": .init(vi: "Phường", en: "Ward"),
        "kind_commune": .init(vi: "Xã, đặc khu", en: "Commune or special zone"),
        "kind_other": .init(vi: "Đơn vị khác", en: "Other body"),
        // Overview
        "overview_title": .init(vi: "Tổng quan", en: "Overview"),
        "overview_lead": .init(
            vi:
                "Lienthong kết nối dữ liệu giữa các sở, ngành và phường, xã: một danh mục dữ liệu dùng chung, chia sẻ có căn cứ pháp lý, nhật ký truy cập không thể sửa, và dịch vụ công khai báo một lần.",
            en:
                "Lienthong connects the data of departments, wards and communes: one catalog of shared data, sharing on a legal basis, an access log nobody can rewrite, and public services where citizens declare once."
        ),
        "stat_agencies": .init(vi: "Cơ quan, đơn vị", en: "Agencies"),
        "stat_departments": .init(vi: "Sở, ngành", en: "Departments"),
        "stat_local_units": .init(vi: "Phường, xã", en: "Wards and communes"),
        "stat_staff": .init(vi: "Tài khoản cán bộ", en: "Staff accounts"),
        "stat_systems": .init(vi: "Hệ thống kết nối đang hoạt động", en: "Connected systems (active keys)"),
        "chart_agencies_by_kind": .init(vi: "Cơ quan, đơn vị theo loại", en: "Agencies by kind"),
        "coming_title": .init(vi: "Đang xây dựng", en: "Coming next"),
        "coming_catalog": .init(
            vi: "Dữ liệu lưu trữ: nạp dữ liệu, API bản ghi, công bố danh mục theo DCAT-AP và CKAN.",
            en: "Hosted data: loads, the records API, catalog publications as DCAT-AP and CKAN."),
        "coming_sharing": .init(
            vi: "Yêu cầu khai thác dữ liệu phải được trả lời đúng hạn; từ chối phải có căn cứ pháp lý.",
            en: "Access requests answered on time; a refusal must cite its legal basis."),
        "coming_audit": .init(
            vi: "Ghi mọi lượt đọc dữ liệu qua cổng kết nối vào nhật ký chuỗi băm; người dân xem ai đã đọc dữ liệu của mình.",
            en: "Every read through the gateway in the hash-chained log; citizens see who read their data."),
        "coming_quality": .init(
            vi: "Chấm điểm chất lượng theo sáu tiêu chí: đúng, đủ, sạch, sống, thống nhất, dùng chung.",
            en: "Quality scores on six criteria: correct, complete, clean, live, consistent, shared."),
        "coming_services": .init(
            vi: "Dịch vụ công một cửa, khai báo một lần, điền sẵn từ dữ liệu dùng chung khi người dân đồng ý.",
            en: "One-stop, declare-once services prefilled from shared data with the citizen's consent."),
        "coming_programme": .init(
            vi: "Theo dõi nhiệm vụ, hạn và điểm nghẽn bằng số liệu thực từ hệ thống.",
            en: "Tasks, deadlines and bottlenecks tracked with live figures from the platform."),
        // Agencies
        "agencies_title": .init(vi: "Cơ quan, đơn vị", en: "Agencies"),
        "agencies_lead": .init(
            vi: "Danh bạ các cơ quan, đơn vị tham gia nền tảng.", en: "The directory of the agencies on the platform."),
        "agencies_search": .init(vi: "Tìm theo tên hoặc mã", en: "Search by name or code"),
        "agencies_search_button": .init(vi: "Tìm", en: "Search"),
        "agencies_none": .init(vi: "Không có cơ quan nào khớp.", en: "No agency matches."),
        "agencies_count": .init(vi: "Số cơ quan, đơn vị", en: "Number of agencies"),
        "col_code": .init(vi: "Mã", en: "Code"),
        "col_name": .init(vi: "Tên", en: "Name"),
        "col_kind": .init(vi: "Loại", en: "Kind"),
        "col_parent": .init(vi: "Trực thuộc", en: "Under"),
        "col_unit": .init(vi: "Mã ĐVHC", en: "Unit code"),
        "col_created": .init(vi: "Ngày tạo", en: "Created"),
        // Sign-in
        "signin_title": .init(vi: "Đăng nhập dành cho cán bộ", en: "Staff sign-in"),
        "signin_lead": .init(
            vi: "Dùng tài khoản do điều phối viên của thành phố cấp.", en: "Use the account your city coordinator gave you."),
        "username": .init(vi: "Tên đăng nhập", en: "Username"),
        "password": .init(vi: "Mật khẩu", en: "Password"),
        "signin_button": .init(vi: "Đăng nhập", en: "Sign in"),
        "signin_wrong": .init(vi: "Tên đăng nhập hoặc mật khẩu không đúng.", en: "The username or password is wrong."),
        "signin_throttled": .init(
            vi: "Có quá nhiều lần đăng nhập sai từ địa chỉ này. Hãy thử lại sau {0} phút.",
            en: "Too many wrong sign-ins from this address. Try again in {0} minutes."),
        "signed_out": .init(vi: "Bạn đã đăng xuất.", en: "You have signed out."),
        // Password
        "password_title": .init(vi: "Đổi mật khẩu", en: "Change password"),
        "password_lead": .init(
            vi: "Mật khẩu mới cần ít nhất {0} ký tự. Các phiên đăng nhập khác của bạn sẽ kết thúc.",
            en: "The new password needs at least {0} characters. Your other sessions will end."),
        "current_password": .init(vi: "Mật khẩu hiện tại", en: "Current password"),
        "new_password": .init(vi: "Mật khẩu mới", en: "New password"),
        "confirm_password": .init(vi: "Nhập lại mật khẩu mới", en: "New password again"),
        "save": .init(vi: "Lưu", en: "Save"),
        "password_changed": .init(vi: "Đã đổi mật khẩu.", en: "Your password has been changed."),
        "password_mismatch": .init(vi: "Hai lần nhập mật khẩu mới không khớp.", en: "The two new passwords differ."),
        "password_wrong_current": .init(vi: "Mật khẩu hiện tại không đúng.", en: "The current password is wrong."),
        // Catalog
        "nav_catalog": .init(vi: "Danh mục dữ liệu", en: "Data catalog"),
        "catalog_title": .init(vi: "Danh mục dữ liệu", en: "Data catalog"),
        "catalog_lead": .init(
            vi: "Các bộ dữ liệu của sở, ngành, phường, xã: tìm không cần gõ dấu, lọc theo cơ quan, chủ đề và mức chia sẻ.",
            en: "The datasets of departments, wards and communes: search without diacritics, filter by agency, theme and sharing level."),
        "catalog_search": .init(vi: "Tìm bộ dữ liệu", en: "Search datasets"),
        "catalog_results": .init(vi: "Số bộ dữ liệu", en: "Datasets found"),
        "catalog_none": .init(vi: "Không có bộ dữ liệu nào khớp.", en: "No dataset matches."),
        "catalog_more": .init(vi: "Xem tiếp", en: "More"),
        "catalog_new": .init(vi: "Đăng ký bộ dữ liệu", en: "Register a dataset"),
        "catalog_new_lead": .init(
            vi: "Bộ dữ liệu mới ở trạng thái nháp cho đến khi được công bố.", en: "A new dataset stays a draft until it is published."),
        "catalog_duplicate_code": .init(vi: "Mã bộ dữ liệu này đã được dùng.", en: "This dataset code is already taken."),
        "facet_label": .init(vi: "Bộ lọc", en: "Filters"),
        "facet_agency": .init(vi: "Cơ quan", en: "Agency"),
        "facet_theme": .init(vi: "Chủ đề", en: "Theme"),
        "facet_sharing": .init(vi: "Mức chia sẻ", en: "Sharing level"),
        "facet_frequency": .init(vi: "Tần suất cập nhật", en: "Update frequency"),
        "sharing_open": .init(vi: "Dữ liệu mở", en: "Open data"),
        "sharing_shared": .init(vi: "Dữ liệu dùng chung", en: "Shared data"),
        "sharing_private": .init(vi: "Dữ liệu dùng riêng", en: "Private data"),
        "status_draft": .init(vi: "Bản nháp", en: "Draft"),
        "status_published": .init(vi: "Đã công bố", en: "Published"),
        "status_retired": .init(vi: "Ngừng sử dụng", en: "Retired"),
        "frequency_continuous": .init(vi: "Liên tục", en: "Continuous"),
        "frequency_daily": .init(vi: "Hằng ngày", en: "Daily"),
        "frequency_weekly": .init(vi: "Hằng tuần", en: "Weekly"),
        "frequency_monthly": .init(vi: "Hằng tháng", en: "Monthly"),
        "frequency_quarterly": .init(vi: "Hằng quý", en: "Quarterly"),
        "frequency_annual": .init(vi: "Hằng năm", en: "Annual"),
        "frequency_irregular": .init(vi: "Không định kỳ", en: "Irregular"),
        "dataset_owner": .init(vi: "Cơ quan chủ quản", en: "Owner agency"),
        "dataset_code": .init(vi: "Mã bộ dữ liệu", en: "Dataset code"),
        "dataset_code_help": .init(
            vi: "Chữ thường không dấu, chữ số và “-”, ví dụ co-so-y-te.", en: "Lowercase ASCII letters, digits and “-”, e.g. co-so-y-te."),
        "dataset_title_vi": .init(vi: "Tên tiếng Việt", en: "Vietnamese title"),
        "dataset_title_en": .init(vi: "Tên tiếng Anh", en: "English title"),
        "dataset_description": .init(vi: "Mô tả", en: "Description"),
        "dataset_sharing": .init(vi: "Mức chia sẻ", en: "Sharing level"),
        "dataset_status": .init(vi: "Trạng thái", en: "Status"),
        "dataset_frequency": .init(vi: "Tần suất cập nhật", en: "Update frequency"),
        "dataset_themes": .init(vi: "Chủ đề", en: "Themes"),
        "dataset_keywords": .init(vi: "Từ khóa", en: "Keywords"),
        "dataset_legal_basis": .init(vi: "Căn cứ pháp lý", en: "Legal basis"),
        "dataset_contact": .init(vi: "Liên hệ", en: "Contact"),
        "dataset_updated": .init(vi: "Cập nhật", en: "Updated"),
        "dataset_schema": .init(vi: "Lược đồ dữ liệu", en: "Table schema"),
        "dataset_schema_json": .init(vi: "Lược đồ dạng JSON", en: "The schema as JSON"),
        "dataset_publish": .init(vi: "Công bố", en: "Publish"),
        "dataset_retire": .init(vi: "Ngừng sử dụng", en: "Retire"),
        "schema_field": .init(vi: "Trường", en: "Field"),
        "schema_type": .init(vi: "Kiểu", en: "Type"),
        "schema_title": .init(vi: "Tên hiển thị", en: "Title"),
        "schema_rules": .init(vi: "Ràng buộc", en: "Rules"),
        "schema_key": .init(vi: "khóa chính", en: "primary key"),
        "rule_required": .init(vi: "bắt buộc", en: "required"),
        "rule_unique": .init(vi: "không trùng", en: "unique"),
        "rule_chars": .init(vi: "ký tự", en: "characters"),
        "rule_subject": .init(vi: "định danh người", en: "person key"),
        // Audit log
        "nav_audit": .init(vi: "Nhật ký truy cập", en: "Audit log"),
        "audit_title": .init(vi: "Nhật ký truy cập", en: "Audit log"),
        "audit_lead": .init(
            vi: "Mọi thao tác trên nền tảng được ghi nối tiếp vào một nhật ký chuỗi băm; đầu cây Merkle được ký định kỳ để bên ngoài kiểm chứng.",
            en: "Every action on the platform is appended to a hash-chained log; Merkle tree heads are signed regularly so outsiders can verify it."),
        "audit_entries": .init(vi: "Bản ghi nhật ký", en: "Log entries"),
        "audit_head_size": .init(vi: "Đầu cây đã ký", en: "Signed tree head"),
        "audit_head_root": .init(vi: "Gốc cây Merkle", en: "Merkle root"),
        "audit_search": .init(vi: "Tìm trong nhật ký", en: "Search the log"),
        "audit_action": .init(vi: "Thao tác", en: "Action"),
        "audit_actor": .init(vi: "Người, hệ thống thực hiện", en: "Actor"),
        "audit_outcome": .init(vi: "Kết quả", en: "Outcome"),
        "audit_resource": .init(vi: "Đối tượng", en: "Resource"),
        "audit_time": .init(vi: "Thời điểm", en: "Time"),
        "audit_from": .init(vi: "Từ ngày", en: "From"),
        "audit_to": .init(vi: "Đến ngày (không gồm)", en: "Until (excluded)"),
        "audit_none": .init(vi: "Không có bản ghi nào khớp.", en: "No entry matches."),
        "audit_older": .init(vi: "Cũ hơn", en: "Older"),
        "col_agency": .init(vi: "Cơ quan", en: "Agency"),
        "outcome_any": .init(vi: "Tất cả", en: "Any"),
        "outcome_success": .init(vi: "Thành công", en: "Success"),
        "outcome_denied": .init(vi: "Bị từ chối", en: "Denied"),
        "outcome_failed": .init(vi: "Thất bại", en: "Failed"),
        "actor_user": .init(vi: "Cán bộ", en: "Staff"),
        "actor_client": .init(vi: "Hệ thống", en: "System"),
        "actor_citizen": .init(vi: "Công dân", en: "Citizen"),
        "actor_operator": .init(vi: "Quản trị dòng lệnh", en: "Operator"),
        "actor_anonymous": .init(vi: "Không xác định", en: "Unidentified"),
        "actor_system": .init(vi: "Nền tảng", en: "Platform"),
        // Errors
        "error_title": .init(vi: "Không thực hiện được", en: "This did not work"),
        "error_reference": .init(vi: "Mã yêu cầu", en: "Request id"),
        "error_home": .init(vi: "Về trang tổng quan", en: "Back to the overview"),
        "csrf_failed": .init(
            vi: "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.",
            en: "The form has expired or is not valid. Reload the page and try again."),
    ]

    /// The web texts in one language, for a template's `t`.
    public static func webTexts(_ language: Language) -> [String: String] {
        web.mapValues { $0.text(language) }
    }
}
