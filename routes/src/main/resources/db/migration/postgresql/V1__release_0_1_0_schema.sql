-- The job-state schema of release 0.1.0 exactly, as its Hibernate mapping created it on PostgreSQL.
create sequence export_SEQ start with 1 increment by 50;

create sequence instance_SEQ start with 1 increment by 50;

create sequence job_SEQ start with 1 increment by 50;

create sequence quarantine_SEQ start with 1 increment by 50;

create table export (
    attempts integer not null,
    commitmentRetries integer default 0 not null,
    commitmentDueAt timestamp(6) with time zone,
    commitmentRequestedAt timestamp(6) with time zone,
    committedAt timestamp(6) with time zone,
    firstFailureAt timestamp(6) with time zone,
    id bigint not null,
    jobId bigint not null,
    nextAttemptAt timestamp(6) with time zone,
    sentAt timestamp(6) with time zone,
    commitment varchar(16) check ((commitment in ('REQUESTED','COMMITTED','FAILED'))),
    state varchar(16) not null check ((state in ('PENDING','SENT','DEAD_LETTER'))),
    commitmentTransactionUid varchar(64),
    destination varchar(64) not null,
    commitmentFailures varchar(2000),
    lastError varchar(2000),
    primary key (id),
    unique (jobId, destination)
);

create table instance (
    conflict boolean not null,
    generation integer not null,
    instanceNumber integer,
    id bigint not null,
    receivedAt timestamp(6) with time zone,
    sizeBytes bigint not null,
    callingAeTitle varchar(16),
    contentSha256 varchar(64) not null,
    seriesInstanceUid varchar(64) not null,
    sopClassUid varchar(64) not null,
    sopInstanceUid varchar(64) not null,
    studyInstanceUid varchar(64) not null,
    transferSyntaxUid varchar(64),
    path varchar(1024) not null,
    primary key (id),
    unique (sopInstanceUid, contentSha256)
);

create table job (
    findingCount integer,
    version integer not null,
    createdAt timestamp(6) with time zone,
    doneAt timestamp(6) with time zone,
    id bigint not null,
    inferenceStartedAt timestamp(6) with time zone,
    resultsReadyAt timestamp(6) with time zone,
    sendingAt timestamp(6) with time zone,
    supersedesJobId bigint,
    state varchar(16) not null check ((state in ('QUEUED','INFERRING','RESULTS_READY','SENDING','DONE','FAILED','DEAD_LETTER','SUPERSEDED'))),
    modelVersion varchar(32) not null,
    inputHash varchar(64) not null,
    modelId varchar(64) not null,
    ruleName varchar(64) not null,
    srSeriesInstanceUid varchar(64),
    srSopInstanceUid varchar(64),
    studyInstanceUid varchar(64) not null,
    resultDirectory varchar(1024),
    error varchar(2000),
    primary key (id),
    unique (studyInstanceUid, modelId, modelVersion, inputHash)
);

create table quarantine (
    id bigint not null,
    quarantinedAt timestamp(6) with time zone,
    callingAeTitle varchar(16),
    path varchar(1024) not null,
    reason varchar(2000) not null,
    primary key (id)
);

create table series (
    expectedInstances integer,
    instanceCount integer not null,
    seriesNumber integer,
    sliceThickness float(53),
    modality varchar(16),
    orientation varchar(16),
    seriesDescription varchar(64),
    seriesInstanceUid varchar(64) not null,
    studyInstanceUid varchar(64) not null,
    primary key (seriesInstanceUid)
);

create table study (
    expectedInstances integer,
    forceComplete boolean not null,
    generation integer not null,
    instanceCount integer not null,
    completedAt timestamp(6) with time zone,
    firstReceivedAt timestamp(6) with time zone,
    lastReceivedAt timestamp(6) with time zone,
    state varchar(16) not null check ((state in ('RECEIVING','COMPLETE','DISCARDED'))),
    completionReason varchar(64),
    patientId varchar(64),
    studyInstanceUid varchar(64) not null,
    patientName varchar(324),
    primary key (studyInstanceUid)
);

create index IDX4hs2t54xh5nqm4o4hltoti9d
   on export (commitmentTransactionUid);

create index IDX3xb5yfd5uaj6iadgos8y93dym
   on instance (studyInstanceUid);

create index IDX82h5rbpuc1bdb9211xilk38ld
   on instance (sopInstanceUid);
