-- A certificate's document: a file (a PDF of the diploma, a scan) that a
-- clerk attaches to the draft. Its hash, and the address the office serves
-- it at, go on chain with the certificate. The file itself is sealed with
-- the data key: a document names its holder.
CREATE TABLE documents (
	certificate BIGINT PRIMARY KEY REFERENCES certificates (id),
	-- The file's name and media type, as attached.
	name TEXT NOT NULL,
	media_type TEXT NOT NULL,
	size BIGINT NOT NULL,
	sealed_content BYTEA NOT NULL,
	attached_by BIGINT NOT NULL REFERENCES staff (id),
	attached_at BIGINT NOT NULL
);

-- What the chain's record of the certificate will hold: the document's
-- hash (hex) and where it is downloaded from.
ALTER TABLE certificates ADD COLUMN document_hash TEXT;
ALTER TABLE certificates ADD COLUMN document_uri TEXT;
