package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.ImageSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MrSeriesWriterIT {
    @TempDir
    Path dir;

    private static List<SeriesSlice> slices(int count, int size) {
        List<SeriesSlice> slices = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            short[] values = new short[size * size];
            for (int i = 0; i < values.length; i++) {
                values[i] = (short) ((i * 37 + k * 101) % 4096);
            }
            slices.add(new SeriesSlice(
                    values,
                    size,
                    size,
                    new double[] {-10, -12, 20 - 1.2 * k},
                    new double[] {1, 0, 0, 0, 1, 0},
                    new double[] {0.9, 0.9},
                    1.2));
        }
        return slices;
    }

    @Test
    void t1HeadSeriesPassesDciodvfyAndReadsBackAsMr() throws Exception {
        CtSeriesWriter.Series series = new MrSeriesWriter(
                        new CtSeriesWriter.Patient("PHANTOM^HEAD", "P9", LocalDate.of(1970, 1, 1), "O"),
                        new CtSeriesWriter.Study("A9", "MR HEAD", LocalDateTime.of(2024, 5, 6, 7, 8, 9)),
                        null,
                        3,
                        "T1 MPRAGE")
                .write(slices(2, 16), dir);
        assertEquals(2, series.files().size());
        for (Path file : series.files()) {
            Dcmtk.Result r = Dcmtk.run("dciodvfy", file.toString());
            assertFalse(r.output().contains("Error"), r.output());
            assertTrue(r.output().contains("MRImage"), r.output());
        }
        AttributeList list = new AttributeList();
        list.read(series.files().get(1).toFile());
        assertEquals(Uids.MR_IMAGE_STORAGE, Attribute.getSingleStringValueOrNull(list, TagFromName.SOPClassUID));
        assertEquals("2", Attribute.getSingleStringValueOrNull(list, TagFromName.InstanceNumber));
        assertEquals("1.2", Attribute.getSingleStringValueOrNull(list, new AttributeTag(0x0018, 0x0088)));
        assertEquals("GR", Attribute.getSingleStringValueOrNull(list, new AttributeTag(0x0018, 0x0020)));
        ImageSlice slice = DicomSliceReader.read(series.files().get(1));
        assertEquals("MR", slice.modality());
        assertArrayEquals(new double[] {-10, -12, 18.8}, slice.imagePositionPatient(), 1e-9);
        assertEquals((37 + 101) % 4096, slice.values()[1], "stored values are the modality values");
    }
}
