package org.aiworklist.routes.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * The text of one standard attribute of a series, as its first instance had it, kept so that rules can match any
 * attribute. No names or patient identifiers are kept (dicom-node's DicomKeywords); what is kept of the patient (age,
 * sex, birth date) stays in the database, never in a log.
 */
@Entity
@Table(name = "series_attribute")
@IdClass(SeriesAttributeRecord.Key.class)
public class SeriesAttributeRecord {
    static final int VALUE_LENGTH = 1024;

    @Id
    @Column(length = 64)
    public String seriesInstanceUid;

    /** PS3.6 keyword, e.g. BodyPartExamined. */
    @Id
    @Column(length = 64)
    public String keyword;

    /** The value as text, several values joined by backslashes, cut to the column. */
    @Column(length = VALUE_LENGTH, nullable = false)
    public String valueText;

    /** Series and keyword. */
    public static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String seriesInstanceUid;
        public String keyword;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(seriesInstanceUid, k.seriesInstanceUid)
                    && Objects.equals(keyword, k.keyword);
        }

        @Override
        public int hashCode() {
            return Objects.hash(seriesInstanceUid, keyword);
        }
    }
}
