-- The worklist page (issue 14): what staff know a study by (accession, description, modalities), and indexes for
-- the list's default order (newest received first) and its state filter. Studies received before this version
-- get their modalities from their series; accession and description stay empty for them.
alter table study add column accessionNumber varchar(16);
alter table study add column studyDescription varchar(64);
alter table study add column modalitiesInStudy varchar(64);
update study set modalitiesInStudy = (
    select left(listagg(distinct modality, '\') within group (order by modality), 64)
    from series where series.studyInstanceUid = study.studyInstanceUid);
create index idx_study_first_received on study (firstReceivedAt);
create index idx_job_state on job (state);
