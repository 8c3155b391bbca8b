extension Migration {
    /// Citizen sign-ins are counted per person (`CitizenStore.maximumChallenges` an hour): an index on the person and
    /// the time keeps that count from reading every challenge ever made.
    static let m0021CitizenChallengeIndex = Migration(
        version: 21, name: "citizen-challenge-index",
        sql: ["CREATE INDEX citizen_challenges_subject ON citizen_challenges (subject, expires_at)"])
}
