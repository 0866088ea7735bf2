-- Batch imports: a file of rows, each row a certificate drafted with the
-- others in one transaction, approved together.
CREATE TABLE imports (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	certificate_type TEXT NOT NULL,
	file_name TEXT NOT NULL,
	row_count BIGINT NOT NULL,
	drafted_by BIGINT NOT NULL REFERENCES staff (id),
	created_at BIGINT NOT NULL
);
ALTER TABLE certificates ADD COLUMN import_id BIGINT REFERENCES imports (id);
CREATE INDEX certificates_by_import ON certificates (import_id, state);
