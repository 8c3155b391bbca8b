import ArgumentParser
import Foundation
import Lienthong
import LienthongStore

/// Turns errors into one line on standard error that says what to do, and a non-zero exit.
enum CLIFailure {
    static func explained<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch let error as DirectoryError {
            fail(error.message.en)
        } catch let error as CatalogError {
            let details = error.fieldProblems.map { "\($0.field): \($0.message.en)" }
            fail(([error.message.en] + details).joined(separator: " "))
        } catch let error as SharingError {
            let details = error.fieldProblems.map { "\($0.field): \($0.message.en)" }
            fail(([error.message.en] + details).joined(separator: " "))
        } catch let error as ProgrammeError {
            fail(([error.message.en] + error.fields.map { "invalid: \($0)" }).joined(separator: " "))
        } catch let error as ProcedureError {
            fail(([error.message.en] + error.fields.map { "invalid: \($0)" }).joined(separator: " "))
        } catch let error as ServiceError {
            fail(([error.message.en] + error.fields.map { "invalid: \($0)" }).joined(separator: " "))
        } catch let error as StoreError {
            fail(describe(error))
        } catch {
            fail("\(error)")
        }
    }

    static func describe(_ error: StoreError) -> String {
        if error.isDuplicate { return "already exists (\(error))" }
        let text = error.description
        if text.hasPrefix("database unreachable") {
            return "\(text). Check --database-url or LIENTHONG_DATABASE_URL, and that the server is running."
        }
        return text
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("lienthong: error: \(message)\n".utf8))
        Foundation.exit(1)
    }
}
