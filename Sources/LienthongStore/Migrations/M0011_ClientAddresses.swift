extension Migration {
    /// The addresses each API key has been used from, with when each was first and last seen, so that the security
    /// officer learns when a key turns up somewhere new.
    static let m0011ClientAddresses = Migration(
        version: 11, name: "client-addresses",
        sql: [
            """
            CREATE TABLE client_addresses (
                client_id TEXT NOT NULL,
                address TEXT NOT NULL,
                first_seen TEXT NOT NULL,
                last_seen TEXT NOT NULL,
                PRIMARY KEY (client_id, address)
            )
            """,
            "CREATE INDEX client_addresses_first_seen ON client_addresses (first_seen)",
        ])
}
