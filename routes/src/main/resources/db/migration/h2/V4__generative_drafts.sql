-- Generative-report drafts (issue 12): one request per job to the model's endpoint, retried with backoff while the
-- endpoint is down or slow, claimed like an export so it is never in flight twice.
create sequence draft_SEQ start with 1 increment by 50;

create table draft (
    attempts integer not null,
    imagesSent integer,
    answeredAt timestamp(6) with time zone,
    claimedAt timestamp(6) with time zone,
    firstFailureAt timestamp(6) with time zone,
    id bigint not null,
    jobId bigint not null,
    nextAttemptAt timestamp(6) with time zone,
    requestBytes bigint,
    claimedBy varchar(64),
    promptSha256 varchar(64),
    servedModel varchar(128),
    lastError varchar(2000),
    state enum ('FAILED','PENDING','WRITTEN') not null,
    primary key (id),
    unique (jobId)
);
