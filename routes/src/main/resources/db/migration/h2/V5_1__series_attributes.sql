-- Rules on any attribute: who sent each series, and the text of every standard attribute of its first instance's
-- header (no sequences, binary values, person names or patient identifiers; several values joined by backslashes).
-- Series received before this version have no such rows: rules match them on modality, series description and
-- slice thickness only.
alter table series add column callingAeTitle varchar(16);
create table series_attribute (
    seriesInstanceUid varchar(64) not null,
    keyword varchar(64) not null,
    valueText varchar(1024) not null,
    primary key (seriesInstanceUid, keyword)
);
