/// Why a consumer system reads shared data, from the list the coordinator keeps (service delivery by
/// procedure, statistics, inspection, public safety…). Requests, grants and gateway reads name one by code.
public struct Purpose: Sendable, Hashable, Codable {
    /// Lowercase ASCII, digits and `-` (`dich-vu-cong`, `thong-ke`), stable once used.
    public var code: String
    public var nameVi: String
    public var nameEn: String

    public init(code: String, nameVi: String, nameEn: String) {
        self.code = code
        self.nameVi = nameVi
        self.nameEn = nameEn
    }
}
