import ArgumentParser
import Lienthong

/// `lienthong version`.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")

    func run() {
        print("lienthong \(LienthongVersion.current)")
    }
}
