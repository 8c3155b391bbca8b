import Foundation
import Lienthong
import LienthongStore

/// A small directory for tests: two agencies and a user of each role, with known passwords.
public enum TestDirectory {
    /// The password of every test user.
    public static let password = "correct-horse-battery"
    /// Cheap bcrypt for tests (the product default is 12).
    public static let passwords = PasswordPolicy(bcryptCost: 4)

    /// Creates agencies `skhcn` (the coordinator) and `syt`, `stc`, and users `admin`, `steward` (syt),
    /// `steward.stc`, `officer`, `inspector` and `security`.
    public static func seed(_ directory: DirectoryStore) async throws {
        try await directory.createAgency(
            Agency(code: "skhcn", nameVi: "Sở Khoa học và Công nghệ", nameEn: "Department of Science and Technology", kind: .department))
        try await directory.createAgency(Agency(code: "syt", nameVi: "Sở Y tế", nameEn: "Department of Health", kind: .department))
        try await directory.createAgency(Agency(code: "stc", nameVi: "Sở Tài chính", nameEn: "Department of Finance", kind: .department))
        let users: [(String, String, Role)] = [
            ("admin", "skhcn", .admin), ("steward", "syt", .steward), ("steward.stc", "stc", .steward),
            ("officer", "syt", .officer), ("inspector", "skhcn", .inspector), ("security", "skhcn", .security),
        ]
        for (username, agency, role) in users {
            try await directory.createUser(
                username: username, displayName: "Người dùng \(username)", agencyCode: agency, role: role,
                password: password)
        }
    }
}
