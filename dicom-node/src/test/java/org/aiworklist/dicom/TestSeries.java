package org.aiworklist.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Small synthetic CT series for tests: a HU ramp from -1024 to about 2000, different on each slice. */
final class TestSeries {
    private TestSeries() {}

    static CtSeriesWriter writer(String patientName) {
        return CtSeriesWriter.builder(
                        new CtSeriesWriter.Patient(patientName, "PID-0001", LocalDate.of(1960, 2, 29), "F"),
                        new CtSeriesWriter.Study("ACC0001", "CT CHEST", LocalDateTime.of(2024, 5, 6, 7, 8, 9)))
                .build();
    }

    static List<SeriesSlice> slices(int count, int size) {
        List<SeriesSlice> slices = new ArrayList<>();
        for (int z = 0; z < count; z++) {
            short[] hu = new short[size * size];
            for (int i = 0; i < hu.length; i++) {
                hu[i] = (short) (-1024 + (i * 37 + z * 101) % 3024);
            }
            slices.add(new SeriesSlice(
                    hu,
                    size,
                    size,
                    new double[] {-100, -120, -50 + 2.5 * z},
                    new double[] {1, 0, 0, 0, 1, 0},
                    new double[] {0.7, 0.7},
                    2.5));
        }
        return slices;
    }

    static CtSeriesWriter.Series write(Path dir, int count, int size) throws IOException {
        return writer("Doe^Jane").write(slices(count, size), dir);
    }
}
