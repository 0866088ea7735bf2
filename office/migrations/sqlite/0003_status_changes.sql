-- Changes of an issued certificate's status on chain: revoke, suspend,
-- reinstate. Each is asked for by an officer with its reason in words
-- (sealed: a reason may name a person), then sent and recovered like
-- issuance. At most one change of a certificate is pending at a time.
CREATE TABLE status_changes (
	id INTEGER PRIMARY KEY,
	certificate BIGINT NOT NULL REFERENCES certificates (id),
	kind TEXT NOT NULL CHECK (kind IN ('revoke', 'suspend', 'reinstate')),
	-- The chain's reason code of a revocation.
	reason_code BIGINT,
	-- The reason in words, sealed with the data key.
	sealed_reason BLOB NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
	requested_by BIGINT NOT NULL REFERENCES staff (id),
	tx_hash TEXT,
	block_number BIGINT,
	problem TEXT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX status_changes_by_state ON status_changes (state, id);
CREATE INDEX status_changes_by_certificate ON status_changes (certificate, id);
-- One pending change a certificate.
CREATE UNIQUE INDEX status_changes_one_pending ON status_changes (certificate)
	WHERE state = 'pending';

-- The certificate's status on chain as the office last saw it (valid,
-- suspended, revoked), once issued.
ALTER TABLE certificates ADD COLUMN chain_status TEXT;
UPDATE certificates SET chain_status = 'valid' WHERE state = 'issued';
