-- Job state as release 0.1.0 (commit 021e3b7) leaves it in PostgreSQL 15: schema by hbm2ddl, rows written
-- through its IngestIndex and entities, dumped with pg_dump --inserts. Loaded by MigrationTest.

CREATE TABLE public.export (
    id bigint NOT NULL,
    attempts integer NOT NULL,
    commitment character varying(16),
    commitmentdueat timestamp(6) with time zone,
    commitmentfailures character varying(2000),
    commitmentrequestedat timestamp(6) with time zone,
    commitmentretries integer DEFAULT 0 NOT NULL,
    commitmenttransactionuid character varying(64),
    committedat timestamp(6) with time zone,
    destination character varying(64) NOT NULL,
    firstfailureat timestamp(6) with time zone,
    jobid bigint NOT NULL,
    lasterror character varying(2000),
    nextattemptat timestamp(6) with time zone,
    sentat timestamp(6) with time zone,
    state character varying(16) NOT NULL,
    CONSTRAINT export_commitment_check CHECK (((commitment)::text = ANY ((ARRAY['REQUESTED'::character varying, 'COMMITTED'::character varying, 'FAILED'::character varying])::text[]))),
    CONSTRAINT export_state_check CHECK (((state)::text = ANY ((ARRAY['PENDING'::character varying, 'SENT'::character varying, 'DEAD_LETTER'::character varying])::text[])))
);

CREATE SEQUENCE public.export_seq
    START WITH 1
    INCREMENT BY 50
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE public.instance (
    id bigint NOT NULL,
    callingaetitle character varying(16),
    conflict boolean NOT NULL,
    contentsha256 character varying(64) NOT NULL,
    generation integer NOT NULL,
    instancenumber integer,
    path character varying(1024) NOT NULL,
    receivedat timestamp(6) with time zone,
    seriesinstanceuid character varying(64) NOT NULL,
    sizebytes bigint NOT NULL,
    sopclassuid character varying(64) NOT NULL,
    sopinstanceuid character varying(64) NOT NULL,
    studyinstanceuid character varying(64) NOT NULL,
    transfersyntaxuid character varying(64)
);

CREATE SEQUENCE public.instance_seq
    START WITH 1
    INCREMENT BY 50
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE public.job (
    id bigint NOT NULL,
    createdat timestamp(6) with time zone,
    doneat timestamp(6) with time zone,
    error character varying(2000),
    findingcount integer,
    inferencestartedat timestamp(6) with time zone,
    inputhash character varying(64) NOT NULL,
    modelid character varying(64) NOT NULL,
    modelversion character varying(32) NOT NULL,
    resultdirectory character varying(1024),
    resultsreadyat timestamp(6) with time zone,
    rulename character varying(64) NOT NULL,
    sendingat timestamp(6) with time zone,
    srseriesinstanceuid character varying(64),
    srsopinstanceuid character varying(64),
    state character varying(16) NOT NULL,
    studyinstanceuid character varying(64) NOT NULL,
    supersedesjobid bigint,
    version integer NOT NULL,
    CONSTRAINT job_state_check CHECK (((state)::text = ANY ((ARRAY['QUEUED'::character varying, 'INFERRING'::character varying, 'RESULTS_READY'::character varying, 'SENDING'::character varying, 'DONE'::character varying, 'FAILED'::character varying, 'DEAD_LETTER'::character varying, 'SUPERSEDED'::character varying])::text[])))
);

CREATE SEQUENCE public.job_seq
    START WITH 1
    INCREMENT BY 50
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE public.quarantine (
    id bigint NOT NULL,
    callingaetitle character varying(16),
    path character varying(1024) NOT NULL,
    quarantinedat timestamp(6) with time zone,
    reason character varying(2000) NOT NULL
);

CREATE SEQUENCE public.quarantine_seq
    START WITH 1
    INCREMENT BY 50
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE public.series (
    seriesinstanceuid character varying(64) NOT NULL,
    expectedinstances integer,
    instancecount integer NOT NULL,
    modality character varying(16),
    orientation character varying(16),
    seriesdescription character varying(64),
    seriesnumber integer,
    slicethickness double precision,
    studyinstanceuid character varying(64) NOT NULL
);

CREATE TABLE public.study (
    studyinstanceuid character varying(64) NOT NULL,
    completedat timestamp(6) with time zone,
    completionreason character varying(64),
    expectedinstances integer,
    firstreceivedat timestamp(6) with time zone,
    forcecomplete boolean NOT NULL,
    generation integer NOT NULL,
    instancecount integer NOT NULL,
    lastreceivedat timestamp(6) with time zone,
    patientid character varying(64),
    patientname character varying(324),
    state character varying(16) NOT NULL,
    CONSTRAINT study_state_check CHECK (((state)::text = ANY ((ARRAY['RECEIVING'::character varying, 'COMPLETE'::character varying, 'DISCARDED'::character varying])::text[])))
);

INSERT INTO public.export VALUES (1, 1, NULL, NULL, NULL, NULL, 0, NULL, NULL, 'pacs', NULL, 1, NULL, '2026-11-28 08:00:00+00', NULL, 'SENT');
INSERT INTO public.export VALUES (2, 4, NULL, NULL, NULL, NULL, 0, NULL, NULL, 'pacs', NULL, 2, 'association with 127.0.0.1 broke', '2026-11-28 08:00:00+00', NULL, 'PENDING');

INSERT INTO public.instance VALUES (1, 'CT1', false, 'sha11', 0, 1, 'var/spool/aa/bb/11.dcm', '2026-11-28 08:00:00+00', '2.25.2001', 1001, '1.2.840.10008.5.1.4.1.1.2', '2.25.1001.1', '2.25.3001', '1.2.840.10008.1.2.1');
INSERT INTO public.instance VALUES (2, 'CT1', false, 'sha12', 0, 2, 'var/spool/aa/bb/12.dcm', '2026-11-28 08:00:00+00', '2.25.2001', 1002, '1.2.840.10008.5.1.4.1.1.2', '2.25.1001.2', '2.25.3001', '1.2.840.10008.1.2.1');
INSERT INTO public.instance VALUES (3, 'CT1', false, 'sha13', 0, 3, 'var/spool/aa/bb/13.dcm', '2026-11-28 08:00:00+00', '2.25.2001', 1003, '1.2.840.10008.5.1.4.1.1.2', '2.25.1001.3', '2.25.3001', '1.2.840.10008.1.2.1');
INSERT INTO public.instance VALUES (4, 'CT1', false, 'sha21', 0, 1, 'var/spool/aa/bb/21.dcm', '2026-11-28 08:00:00+00', '2.25.2002', 1001, '1.2.840.10008.5.1.4.1.1.2', '2.25.1002.1', '2.25.3002', '1.2.840.10008.1.2.1');
INSERT INTO public.instance VALUES (5, 'CT1', false, 'sha22', 0, 2, 'var/spool/aa/bb/22.dcm', '2026-11-28 08:00:00+00', '2.25.2002', 1002, '1.2.840.10008.5.1.4.1.1.2', '2.25.1002.2', '2.25.3002', '1.2.840.10008.1.2.1');
INSERT INTO public.instance VALUES (6, 'CT1', false, 'sha23', 0, 3, 'var/spool/aa/bb/23.dcm', '2026-11-28 08:00:00+00', '2.25.2002', 1003, '1.2.840.10008.5.1.4.1.1.2', '2.25.1002.3', '2.25.3002', '1.2.840.10008.1.2.1');

INSERT INTO public.job VALUES (1, '2026-11-28 08:00:00+00', '2026-11-28 08:00:00+00', NULL, 3, NULL, 'input-2.25.3001', 'demo-lung-nodule', '1.0.0', 'var/results/job-2.25.3001', NULL, 'chest-ct-nodules', NULL, NULL, '2.25.93001', 'DONE', '2.25.3001', NULL, 1);
INSERT INTO public.job VALUES (2, '2026-11-28 08:00:00+00', NULL, NULL, 3, NULL, 'input-2.25.3002', 'demo-lung-nodule', '1.0.0', 'var/results/job-2.25.3002', NULL, 'chest-ct-nodules', NULL, NULL, '2.25.93002', 'SENDING', '2.25.3002', NULL, 1);

INSERT INTO public.quarantine VALUES (1, 'CT1', 'var/quarantine/x.dcm', '2026-11-28 08:00:00+00', 'data set cannot be parsed');

INSERT INTO public.series VALUES ('2.25.2001', 3, 3, 'CT', 'AXIAL', 'chest', 1, 1, '2.25.3001');
INSERT INTO public.series VALUES ('2.25.2002', 3, 3, 'CT', 'AXIAL', 'chest', 1, 1, '2.25.3002');

INSERT INTO public.study VALUES ('2.25.3001', NULL, NULL, NULL, '2026-11-28 08:00:00+00', false, 0, 3, '2026-11-28 08:00:00+00', 'PID-1', '王^小明', 'RECEIVING');
INSERT INTO public.study VALUES ('2.25.3002', NULL, NULL, NULL, '2026-11-28 08:00:00+00', false, 0, 3, '2026-11-28 08:00:00+00', 'PID-2', '王^小明', 'RECEIVING');

SELECT pg_catalog.setval('public.export_seq', 51, true);

SELECT pg_catalog.setval('public.instance_seq', 51, true);

SELECT pg_catalog.setval('public.job_seq', 51, true);

SELECT pg_catalog.setval('public.quarantine_seq', 1, true);

ALTER TABLE ONLY public.export
    ADD CONSTRAINT export_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.instance
    ADD CONSTRAINT instance_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.job
    ADD CONSTRAINT job_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.quarantine
    ADD CONSTRAINT quarantine_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.series
    ADD CONSTRAINT series_pkey PRIMARY KEY (seriesinstanceuid);

ALTER TABLE ONLY public.study
    ADD CONSTRAINT study_pkey PRIMARY KEY (studyinstanceuid);

ALTER TABLE ONLY public.job
    ADD CONSTRAINT uk66towvsvr0kqwjvpxlg0sdbsw UNIQUE (studyinstanceuid, modelid, modelversion, inputhash);

ALTER TABLE ONLY public.export
    ADD CONSTRAINT ukd2xsn9n01aqff5xj4lvs9wf98 UNIQUE (jobid, destination);

ALTER TABLE ONLY public.instance
    ADD CONSTRAINT ukovp3dbj2k2460o7b7t6bbt7cj UNIQUE (sopinstanceuid, contentsha256);

CREATE INDEX idx3xb5yfd5uaj6iadgos8y93dym ON public.instance USING btree (studyinstanceuid);

CREATE INDEX idx4hs2t54xh5nqm4o4hltoti9d ON public.export USING btree (commitmenttransactionuid);

CREATE INDEX idx82h5rbpuc1bdb9211xilk38ld ON public.instance USING btree (sopinstanceuid);

