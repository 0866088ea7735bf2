-- The office's records. Personal data (a certificate's fields and their
-- salts) and secrets (the issuer's chain key) are stored only sealed with the
-- office's data key: the columns named `sealed_*`.

CREATE TABLE staff (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	-- Argon2id, in the PHC string format.
	password_hash TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('clerk', 'officer', 'auditor', 'admin')),
	-- 1 while the account may log in, 0 once it is closed.
	active BIGINT NOT NULL,
	created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
	-- blake2-256 of the bearer token; the token itself is never stored.
	token_hash BYTEA PRIMARY KEY,
	staff_id BIGINT NOT NULL REFERENCES staff (id),
	expires_at BIGINT NOT NULL
);

CREATE TABLE secrets (
	name TEXT PRIMARY KEY,
	sealed_value BYTEA NOT NULL
);

CREATE TABLE certificates (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	certificate_type TEXT NOT NULL,
	number TEXT NOT NULL,
	-- The chain's certificate id (hex), from type, organisation and number.
	certificate_id TEXT NOT NULL UNIQUE,
	holder TEXT NOT NULL,
	holder_key TEXT NOT NULL,
	-- The fields with their salts (JSON), sealed with the data key.
	sealed_fields BYTEA NOT NULL,
	commitment TEXT NOT NULL,
	valid_from BIGINT NOT NULL,
	valid_until BIGINT,
	state TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'issued', 'failed')),
	drafted_by BIGINT NOT NULL REFERENCES staff (id),
	approved_by BIGINT REFERENCES staff (id),
	tx_hash TEXT,
	block_number BIGINT,
	block_hash TEXT,
	problem TEXT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX certificates_by_state ON certificates (state, id);
CREATE INDEX certificates_by_holder ON certificates (holder);

CREATE TABLE audit_log (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at BIGINT NOT NULL,
	staff TEXT NOT NULL,
	action TEXT NOT NULL,
	subject TEXT NOT NULL,
	detail TEXT NOT NULL,
	tx_hash TEXT
);
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
	RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
