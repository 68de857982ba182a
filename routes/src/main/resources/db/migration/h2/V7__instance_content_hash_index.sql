-- Ingest (issue 13): after a crash the node checks every spool file, named by its content hash, against the index,
-- and a copy of a purged instance is looked up by its hash as well.
create index idx_instance_content_sha256 on instance (contentSha256);
