/// The web texts of the quality pages (the league table, an agency's scorecard, a dataset's quality tab, a citizen's
/// flag), part of `Messages.web`.
extension Messages {
    static let qualityWeb: [String: LocalizedText] = [
        "nav_quality": .init(vi: "Chất lượng dữ liệu", en: "Data quality"),
        "quality_title": .init(vi: "Chất lượng dữ liệu", en: "Data quality"),
        "quality_lead": .init(
            vi:
                "Mỗi cơ sở dữ liệu chuyên ngành phải đúng - đủ - sạch - sống - thống nhất - dùng chung. Điểm được tính từ dữ liệu thật của nền tảng, không phải tự báo cáo.",
            en:
                "Every specialised database must be correct, complete, clean, live, consistent and shared. Scores come from the platform's live data, not self-reporting."
        ),
        "quality_city": .init(vi: "Toàn thành phố", en: "The whole city"),
        "quality_league": .init(vi: "Bảng xếp hạng các cơ quan", en: "Agencies, best first"),
        "quality_rank": .init(vi: "Hạng", en: "Rank"),
        "quality_overall": .init(vi: "Điểm chung", en: "Overall"),
        "quality_datasets": .init(vi: "Số bộ dữ liệu", en: "Datasets"),
        "quality_latest": .init(vi: "Kiểm tra gần nhất", en: "Latest check"),
        "quality_none": .init(vi: "Chưa có lần kiểm tra chất lượng nào.", en: "No quality check has run yet."),
        "quality_formula": .init(
            vi:
                "Điểm của một quy tắc là tỷ lệ giá trị đạt (0–100); điểm một tiêu chí là trung bình điểm các quy tắc của tiêu chí đó; điểm cơ quan là trung bình các bộ dữ liệu của cơ quan, điểm thành phố là trung bình các cơ quan. Giá trị thiếu chỉ tính ở tiêu chí Đủ.",
            en:
                "A rule's score is the share of values that pass (0–100); a criterion's score is the mean of its rules' scores; an agency's is the mean of its datasets', the city's the mean of the agencies'. A missing value counts under Complete only."
        ),
        "quality_correct": .init(vi: "Đúng", en: "Correct"),
        "quality_complete": .init(vi: "Đủ", en: "Complete"),
        "quality_clean": .init(vi: "Sạch", en: "Clean"),
        "quality_live": .init(vi: "Sống", en: "Live"),
        "quality_consistent": .init(vi: "Thống nhất", en: "Consistent"),
        "quality_shared": .init(vi: "Dùng chung", en: "Shared"),
        "quality_about_correct": .init(
            vi: "Kiểu, định dạng, miền giá trị; số CCCD, mã số thuế, số di động; ngày không ở tương lai; giá trị bị báo sai.",
            en: "Types, formats, ranges; citizen IDs, tax codes, mobiles; no dates in the future; values flagged as wrong."),
        "quality_about_complete": .init(
            vi: "Trường bắt buộc có giá trị, mọi phường xã có dữ liệu, đủ số dòng.",
            en: "Required values present, every ward covered, the rows expected."),
        "quality_about_clean": .init(
            vi: "Không trùng khóa, không giá trị giữ chỗ (N/A, 0000000000), văn bản NFC không thừa dấu cách.",
            en: "No duplicate keys, no placeholders (N/A, 0000000000), text in NFC without stray spaces."),
        "quality_about_live": .init(
            vi: "Nạp dữ liệu đúng tần suất đã công bố; các dòng được cập nhật gần đây.",
            en: "Loaded as often as declared; rows updated recently."),
        "quality_about_consistent": .init(
            vi: "Mã hành chính đang có hiệu lực từ 01/7/2025; khóa tồn tại ở bộ dữ liệu được tham chiếu; cùng một người có cùng thông tin.",
            en: "Administrative codes in force since 1 July 2025; keys that exist where they point; the same person, the same facts."),
        "quality_about_shared": .init(
            vi: "Siêu dữ liệu đầy đủ, mức chia sẻ, quyền khai thác còn hiệu lực, cơ quan đã dùng trong 90 ngày, trả lời yêu cầu đúng hạn.",
            en: "Complete metadata, sharing level, grants in force, agencies using it in 90 days, requests answered on time."),
        "quality_mean_of": .init(vi: "Trung bình của {0} quy tắc", en: "The mean of {0} rules"),
        "quality_no_rule": .init(vi: "Chưa có quy tắc nào đo tiêu chí này.", en: "No rule measures this yet."),
        "quality_rules": .init(vi: "Các quy tắc và kết quả", en: "Rules and results"),
        "col_field": .init(vi: "Trường", en: "Field"),
        "col_rule": .init(vi: "Quy tắc", en: "Rule"),
        "col_criterion": .init(vi: "Tiêu chí", en: "Criterion"),
        "col_tested": .init(vi: "Đã kiểm", en: "Tested"),
        "col_failed": .init(vi: "Không đạt", en: "Failed"),
        "col_score": .init(vi: "Điểm", en: "Score"),
        "col_samples": .init(vi: "Dòng mẫu", en: "Sample rows"),
        "col_note": .init(vi: "Ghi chú", en: "Note"),
        "quality_trend": .init(vi: "Diễn biến qua các lần kiểm tra", en: "Trend over the runs"),
        "quality_run_now": .init(vi: "Kiểm tra ngay", en: "Check now"),
        "quality_run_done": .init(vi: "Đã kiểm tra xong; điểm bên dưới là của lần này.", en: "Checked; the scores below are this run's."),
        "quality_rules_file": .init(vi: "Tệp quy tắc (JSON)", en: "Rules file (JSON)"),
        "quality_rules_help": .init(
            vi:
                "Những quy tắc lược đồ không diễn đạt được: danh mục tham chiếu, độ mới, độ phủ phường xã, liên trường, liên bộ dữ liệu. Cú pháp: docs/quality.md.",
            en:
                "What a Table Schema cannot say: reference lists, freshness, ward coverage, cross-field and cross-dataset rules. Syntax: docs/quality.md."
        ),
        "quality_rules_save": .init(vi: "Lưu quy tắc", en: "Save the rules"),
        "quality_rules_saved": .init(vi: "Đã lưu tệp quy tắc; lần kiểm tra sau sẽ dùng nó.", en: "Rules saved; the next check uses them."),
        "quality_rules_bad": .init(vi: "Tệp quy tắc không hợp lệ: {0}", en: "The rules file is not valid: {0}"),
        "quality_run_info": .init(
            vi: "Lần kiểm tra {0} lúc {1}: {2} dòng; quy tắc {3}; dữ liệu tham chiếu {4}.",
            en: "Run {0} at {1}: {2} rows; rules {3}; reference data {4}."),
        "quality_trigger_load": .init(vi: "khi nạp dữ liệu", en: "with a load"),
        "quality_trigger_demand": .init(vi: "theo yêu cầu", en: "on demand"),
        "quality_trigger_schedule": .init(vi: "theo lịch", en: "on schedule"),
        "quality_tab": .init(vi: "Chất lượng", en: "Quality"),
        "quality_agency_title": .init(vi: "Thẻ điểm chất lượng", en: "Quality scorecard"),
        "quality_samples_hidden": .init(
            vi: "Dòng mẫu chỉ hiện cho cơ quan quản lý dữ liệu.", en: "Sample rows are shown to the owner agency only."),
        "quality_flag": .init(vi: "Báo sai", en: "Report wrong"),
        "quality_flag_title": .init(vi: "Báo dữ liệu về tôi bị sai", en: "Report wrong data about me"),
        "quality_flag_lead": .init(
            vi: "Cơ quan quản lý dữ liệu nhận được phiếu có bản ghi và trường bạn chỉ ra; phiếu tự đóng khi giá trị được sửa.",
            en: "The agency that owns the data gets a ticket with the record and field you name; it closes itself when the value is fixed."),
        "quality_flag_field": .init(vi: "Thông tin bị sai", en: "Which information is wrong"),
        "quality_flag_reason": .init(vi: "Sai thế nào, đúng phải là gì?", en: "What is wrong, and what is right?"),
        "quality_flag_id": .init(vi: "Nhập lại số căn cước của bạn", en: "Your citizen ID again"),
        "quality_flag_send": .init(vi: "Gửi", en: "Send"),
        "quality_flag_sent": .init(vi: "Đã gửi tới cơ quan quản lý dữ liệu.", en: "Sent to the agency that owns the data."),
        "quality_flag_bad": .init(
            vi: "Không gửi được: kiểm tra số căn cước (phải là của bạn) và lý do.",
            en: "Not sent: check the citizen ID (it must be yours) and the reason."),
        "quality_flag_missing": .init(
            vi: "Không tìm thấy bản ghi về bạn trong bộ dữ liệu này.", en: "There is no record about you in this dataset."),
    ]
}
