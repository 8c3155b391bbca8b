import ArgumentParser
import Foundation
import Lienthong

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a password without putting it on the command line (where `ps` and shell history would keep it):
/// the first line of standard input with `--password-stdin`, else a prompt that does not echo.
enum PasswordInput {
    static func read(fromStandardInput: Bool, prompt: String) throws -> String {
        if fromStandardInput {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("--password-stdin was given but standard input had no password")
            }
            return line
        }
        guard isatty(STDIN_FILENO) == 1, let typed = getpass(prompt) else {
            throw ValidationError("no terminal to ask for the password; pipe it in with --password-stdin")
        }
        return String(cString: typed)
    }

    /// The password policy of the CLI (bcrypt cost from LIENTHONG_BCRYPT_COST, default 12).
    static var policy: PasswordPolicy {
        let cost = Environment.value("LIENTHONG_BCRYPT_COST").flatMap(UInt8.init).flatMap { (4...31).contains($0) ? $0 : nil }
        return PasswordPolicy(bcryptCost: cost ?? 12)
    }
}
