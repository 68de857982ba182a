-- Triage: each job's priority (0 ROUTINE, 1 HIGH, 2 STAT: the number sorts by urgency), why it has it (the rule, or
-- the classifier verdict that raised it), and whether it runs a triage classifier. The inference queue serves QUEUED
-- jobs by priority, triage classifiers first within one priority, then in order of creation.
alter table job add column priority integer default 0 not null;
alter table job add column priorityReason varchar(128);
alter table job add column triage boolean default false not null;
create index idx_job_queue on job (state, priority, triage, id);
