-- Scale-out (issue 16): a job created on an ingest node is handed to the inference workers through the broker.
-- dispatchedAt: when the ingest node put the job on the broker's job queue (null: not yet, e.g. while the broker was
-- unreachable; the dispatch timer sends it then). inferredBy: the device name of the node that last ran its model.
alter table job add column dispatchedAt timestamp(6) with time zone;
alter table job add column inferredBy varchar(64);
