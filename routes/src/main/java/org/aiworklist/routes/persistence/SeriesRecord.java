package org.aiworklist.routes.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A series with the attributes study assembly rules need (modality, orientation, slice thickness, count, who sent
 * it); the text of its other attributes is in {@link SeriesAttributeRecord}.
 */
@Entity
@Table(name = "series")
public class SeriesRecord {
    static final int MODALITY_LENGTH = 16;
    static final int DESCRIPTION_LENGTH = 64;

    @Id
    @Column(length = 64)
    public String seriesInstanceUid;

    @Column(length = 64, nullable = false)
    public String studyInstanceUid;

    @Column(length = MODALITY_LENGTH)
    public String modality;

    @Column(length = DESCRIPTION_LENGTH)
    public String seriesDescription;

    public Integer seriesNumber;
    /** AXIAL, CORONAL, SAGITTAL, OBLIQUE, or null when the images carry no orientation. */
    @Column(length = 16)
    public String orientation;

    public Double sliceThickness;
    /** Images in Acquisition (0020,1002) as announced by the sender, when present. */
    public Integer expectedInstances;

    public int instanceCount;

    /** The AE title that sent the series' first instance. */
    @Column(length = 16)
    public String callingAeTitle;
}
