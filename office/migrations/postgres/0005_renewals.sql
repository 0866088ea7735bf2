-- A renewal: a new certificate (new data, usually a new number and a new
-- end of validity) that supersedes an issued one on chain. It is drafted
-- and approved like any other, and names the office's certificate it
-- renews.
ALTER TABLE certificates ADD COLUMN renews BIGINT REFERENCES certificates (id);
