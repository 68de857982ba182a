package org.aiworklist.routes.assembly;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.aiworklist.routes.config.SeriesFacts;
import org.aiworklist.routes.persistence.SeriesAttributeRecord;
import org.aiworklist.routes.persistence.SeriesRecord;
import org.hibernate.Session;

/**
 * A series as the index holds it, for the rules: its row and the text of its attributes. Series indexed before the
 * attributes were kept answer from their row (modality, series description and number, slice thickness). A missing
 * Patient's Age is worked out from the birth and study dates.
 */
public record IndexedSeries(SeriesRecord record, Map<String, String> attributes) implements SeriesFacts {
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    public IndexedSeries {
        attributes = Map.copyOf(attributes);
    }

    /** Every series of the study, with its attributes: two queries. */
    public static List<IndexedSeries> ofStudy(Session session, String studyUid) {
        List<SeriesRecord> series = session.createSelectionQuery(
                        "from SeriesRecord where studyInstanceUid = :s", SeriesRecord.class)
                .setParameter("s", studyUid)
                .getResultList();
        Map<String, Map<String, String>> attributes = new HashMap<>();
        session.createSelectionQuery(
                        "from SeriesAttributeRecord where seriesInstanceUid in"
                                + " (select seriesInstanceUid from SeriesRecord where studyInstanceUid = :s)",
                        SeriesAttributeRecord.class)
                .setParameter("s", studyUid)
                .getResultList()
                .forEach(a -> attributes
                        .computeIfAbsent(a.seriesInstanceUid, k -> new HashMap<>())
                        .put(a.keyword, a.valueText));
        return series.stream()
                .map(s -> new IndexedSeries(s, attributes.getOrDefault(s.seriesInstanceUid, Map.of())))
                .toList();
    }

    @Override
    public Optional<String> text(String keyword) {
        String text = attributes.get(keyword);
        if (text != null) {
            return Optional.of(text);
        }
        return Optional.ofNullable(
                switch (keyword) {
                    case "Modality" -> record.modality;
                    case "SeriesDescription" -> record.seriesDescription;
                    case "SeriesNumber" -> record.seriesNumber == null ? null : record.seriesNumber.toString();
                    case "SliceThickness" -> record.sliceThickness == null ? null : record.sliceThickness.toString();
                    case "PatientAge" -> ageFromDates();
                    default -> null;
                });
    }

    @Override
    public Optional<String> callingAeTitle() {
        return Optional.ofNullable(record.callingAeTitle);
    }

    /** The age at the study in whole years, as an age string (045Y), from Patient's Birth Date and Study Date. */
    private String ageFromDates() {
        String birth = attributes.get("PatientBirthDate");
        String study = attributes.get("StudyDate");
        if (birth == null || study == null) {
            return null;
        }
        try {
            long years = ChronoUnit.YEARS.between(LocalDate.parse(birth, DA), LocalDate.parse(study, DA));
            return years < 0 || years > 999 ? null : String.format(Locale.ROOT, "%03dY", years);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
