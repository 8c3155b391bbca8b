import Lienthong
import Testing

@Suite("Secret tokens and passwords")
struct SecretTokenTests {
    @Test("keys carry 256 random bits behind a recognisable prefix and are stored as SHA-256")
    func keys() {
        let key = SecretToken.generate(.apiKey)
        #expect(key.value.hasPrefix("ltk_"))
        #expect(key.value.count == 47)
        #expect(SecretToken.looksLike(key.value, kind: .apiKey))
        #expect(!SecretToken.looksLike(key.value, kind: .session))
        #expect(key.hash.count == 64)
        #expect(key.hash == SecretToken.hash(of: key.value))
        #expect(key.hash != SecretToken.generate(.apiKey).hash)
        #expect(!key.hash.contains(key.value))
        #expect(key.displayPrefix.count == 10)
    }

    @Test("passwords are bcrypt-hashed and checked against the policy")
    func passwords() {
        let policy = PasswordPolicy(bcryptCost: 4)
        let hash = policy.hash("correct-horse-battery")
        #expect(hash.hasPrefix("$2"))
        #expect(policy.verify("correct-horse-battery", hash: hash))
        #expect(!policy.verify("wrong-horse-battery", hash: hash))
        #expect(policy.problem(with: "short") == .passwordTooShort(10))
        #expect(policy.problem(with: String(repeating: "x", count: 73)) == .passwordTooLong)
        #expect(policy.problem(with: "long-enough-password") == nil)
    }

    @Test("codes and usernames keep to URL-safe shapes")
    func identifiers() {
        #expect(Identifiers.isValidCode("syt"))
        #expect(Identifiers.isValidCode("phuong-ba-dinh"))
        #expect(!Identifiers.isValidCode("Syt"))
        #expect(!Identifiers.isValidCode("-syt"))
        #expect(!Identifiers.isValidCode("sở"))
        #expect(!Identifiers.isValidCode("a"))
        #expect(Identifiers.isValidUsername("steward.syt"))
        #expect(!Identifiers.isValidUsername("Admin"))
    }

    @Test("texts are stored in NFC and format their arguments in both languages")
    func localizedText() {
        let decomposed = "Y te\u{302}\u{301}"
        let text = LocalizedText(vi: decomposed, en: "Health")
        #expect(text.vi == "Y tế")
        let message = Messages.unknownAgency.format("syt")
        #expect(message.vi.contains("syt") && message.en.contains("syt"))
        #expect(message.text(.en) == message.en)
    }
}
