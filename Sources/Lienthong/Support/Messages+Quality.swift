/// The quality checker's texts, part of the one message catalog (`Messages`).
extension Messages {
    public static let qualitySchemaUnusable = LocalizedText(
        vi: "Không dùng được lược đồ: {0}: {1}", en: "The schema cannot be used: {0}: {1}")
    public static let qualityRulesUnusable = LocalizedText(
        vi: "Không chạy được tệp quy tắc, quy tắc sai hoặc thiếu: {0}.", en: "The rules file cannot run; a rule is wrong or incomplete: {0}.")
    public static let qualityRulesNotJSON = LocalizedText(
        vi: "Tệp quy tắc không phải JSON hợp lệ: {0}", en: "The rules file is not valid JSON: {0}")
    public static let qualityRulesMissingKey = LocalizedText(
        vi: "Tệp quy tắc thiếu khóa “{0}” tại {1}.", en: "The rules file lacks the key “{0}” at {1}.")
    public static let qualityRulesBadValue = LocalizedText(
        vi: "Giá trị sai kiểu trong tệp quy tắc tại {0}.", en: "A value of the wrong kind in the rules file at {0}.")
    public static let qualityFileUnreadable = LocalizedText(
        vi: "Không đọc được tệp {0}.", en: "Cannot read the file {0}.")
    public static let qualityFileNotUTF8 = LocalizedText(
        vi: "Tệp không phải UTF-8 (bản ghi {0}); hãy chuyển từ Windows-1258 hoặc TCVN3 sang UTF-8.",
        en: "The file is not UTF-8 (record {0}); convert it from Windows-1258 or TCVN3 to UTF-8.")
    public static let qualityFileBadCSV = LocalizedText(
        vi: "Tệp không đọc được như CSV tại bản ghi {0}: {1}.", en: "The file cannot be read as CSV at record {0}: {1}.")
    public static let qualityFileEmpty = LocalizedText(
        vi: "Tệp rỗng: không có dòng tiêu đề.", en: "The file is empty: there is no header line.")
}

extension Messages {
    public static let qualityFlagNotice = LocalizedText(
        vi: "Một giá trị bị báo sai trong bộ dữ liệu {0}, trường {1}: hãy kiểm tra và sửa.",
        en: "A value was flagged as wrong in dataset {0}, field {1}: please check and fix it.")
    public static let qualityFlagFixed = LocalizedText(
        vi: "Giá trị đã được sửa ({0}).", en: "The value was changed ({0}).")
    public static let qualityFlagRecordGone = LocalizedText(
        vi: "Bản ghi không còn trong bộ dữ liệu ({0}).", en: "The record is no longer in the dataset ({0}).")
}
