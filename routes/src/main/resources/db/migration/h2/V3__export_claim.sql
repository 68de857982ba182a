-- Export claim: which node (its device name) queued the export for sending, and when. The retry timer queues only
-- unclaimed exports, so one that is queued or being sent is never queued again; the claim is released with the
-- attempt's outcome, and a restarting node releases the claims it held when it stopped.
alter table export add column claimedBy varchar(64);
alter table export add column claimedAt timestamp(6) with time zone;
