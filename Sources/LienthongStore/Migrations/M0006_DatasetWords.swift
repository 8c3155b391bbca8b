extension Migration {
    /// The catalog's word index: each dataset's distinct folded words (`SearchText.words` of its searchable
    /// text), so a search finds datasets by index instead of scanning every description. Filled for the datasets
    /// already there.
    static let m0006DatasetWords = Migration(
        version: 6, name: "dataset-words",
        statements: { _ in
            [
                """
                CREATE TABLE dataset_words (
                    word TEXT NOT NULL,
                    dataset_id TEXT NOT NULL REFERENCES datasets (id) DEFERRABLE INITIALLY IMMEDIATE,
                    PRIMARY KEY (word, dataset_id)
                )
                """,
                "CREATE INDEX dataset_words_dataset ON dataset_words (dataset_id, word)",
            ]
        },
        backfill: { sql in try await DatasetStore.indexAllWords(sql) })
}
