extension Migration {
    /// Citizen sign-ins are counted per source too (`CitizenStore.maximumChallengesPerSource` an hour): the keyed
    /// hash of the network a challenge was started from, and an index on it and the time.
    static let m0022CitizenChallengeSource = Migration(
        version: 22, name: "citizen-challenge-source",
        sql: [
            "ALTER TABLE citizen_challenges ADD COLUMN source TEXT",
            "CREATE INDEX citizen_challenges_source ON citizen_challenges (source, expires_at)",
        ])
}
