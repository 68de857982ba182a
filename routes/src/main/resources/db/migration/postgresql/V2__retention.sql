-- Retention (storage.retentionDays): when a study's spool files and a job's results were deleted. Rows stay as
-- history; an identical copy sent again is still a duplicate, found through its content hash.
alter table instance add column purgedAt timestamp(6) with time zone;
alter table job add column resultsPurgedAt timestamp(6) with time zone;
create index idx_instance_content_sha256 on instance (contentSha256);
