package org.aiworklist.reports;

import static org.aiworklist.reports.ResultWritersIT.ALGORITHM;
import static org.aiworklist.reports.ResultWritersIT.DEVICE;
import static org.aiworklist.reports.ResultWritersIT.ROOT;
import static org.aiworklist.reports.ResultWritersIT.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.reports.dicom.Part10;
import org.junit.jupiter.api.Test;

/**
 * A received Specific Character Set is untrusted: a malformed one must not reach the SR and SC, and the
 * names it carried must still read back; valid ones (Japanese ISO 2022, GB18030) are kept as they are.
 */
class ReceivedCharacterSetIT {
    /** PS3.5 H.3.1: ASCII, then JIS X 0208 kanji and hiragana after ISO 2022 escapes. */
    private static final String JAPANESE = "Yamada^Tarou=山田^太郎=やまだ^たろう";

    private static final Charset ISO_2022_JP = Charset.forName("ISO-2022-JP");
    private final Path out = Path.of("target", "received-character-sets");

    @Test
    void malformedSetIsReplacedByUtf8AndTheNameStillReadsBack() throws Exception {
        List<Path> written = writeResults("bogus", "ISO 2022 IR 87\\BOGUS");
        for (Path file : written) {
            assertArrayEquals(new String[] {"ISO_IR 192"}, characterSet(file), file.toString());
            assertEquals(JAPANESE, name(file), file.toString());
            assertTrue(contains(Files.readAllBytes(file), JAPANESE.getBytes(StandardCharsets.UTF_8)), file.toString());
        }
        assertNoDciodvfyErrors(written);
    }

    @Test
    void validJapaneseSetIsKeptWithTheNameBytes() throws Exception {
        List<Path> written = writeResults("japanese", "ISO 2022 IR 6\\ISO 2022 IR 87");
        for (Path file : written) {
            assertArrayEquals(new String[] {"ISO 2022 IR 6", "ISO 2022 IR 87"}, characterSet(file), file.toString());
            assertEquals(JAPANESE, name(file), file.toString());
            assertTrue(
                    contains(Files.readAllBytes(file), JAPANESE.getBytes(ISO_2022_JP)), file + " has the H.3.1 bytes");
        }
        assertNoDciodvfyErrors(written);
    }

    @Test
    void gb18030IsKept() throws Exception {
        String chinese = "Wang^XiaoMing=王^小明";
        SyntheticSources.Series s = SyntheticSources.ct(
                out.resolve("gb18030/sources"),
                new SyntheticSources.Patient("rcs-gb", "GB18030", chinese, "SYN-GB", "CHEST"),
                2,
                new int[0][]);
        for (Path file : write("gb18030", s)) {
            assertArrayEquals(new String[] {"GB18030"}, characterSet(file), file.toString());
            assertEquals(chinese, name(file), file.toString());
        }
    }

    /** A CT source whose Patient's Name is the Japanese example encoded with ISO 2022 escapes. */
    private List<Path> writeResults(String key, String characterSet) throws Exception {
        SyntheticSources.Series s = SyntheticSources.ct(
                out.resolve(key + "/sources"),
                new SyntheticSources.Patient("rcs-" + key, characterSet, "Yamada^Tarou", "SYN-" + key, "CHEST"),
                2,
                new int[0][]);
        for (SourceInstance i : s.instances()) {
            AttributeList list = read(i.file());
            PersonNameAttribute name = new PersonNameAttribute(TagFromName.PatientName, new IsoJapanese());
            name.addValue(JAPANESE);
            list.put(name);
            Part10.write(list, i.file(), SyntheticSources.MODALITY_AE);
        }
        assertEquals(JAPANESE, name(s.instances().get(0).file()), "fixture is read back by PixelMed");
        return write(key, s);
    }

    private List<Path> write(String key, SyntheticSources.Series s) throws IOException {
        Path dir = out.resolve(key);
        ResultIdentity id = new ResultIdentity(ROOT, "job/charset/" + key, 1, null);
        InferenceResult result = new InferenceResult(ALGORITHM, List.of(), s.refs());
        List<Path> files = new ArrayList<>();
        files.add(new StructuredReportWriter(DEVICE)
                .write(result, s.instances(), id, dir.resolve("sr.dcm"))
                .file());
        new SecondaryCaptureWriter(DEVICE)
                .write(result, s.instances(), id, SecondaryCaptureWriter.Layout.MULTI_FRAME_TRUE_COLOR, dir)
                .forEach(w -> files.add(w.file()));
        return files;
    }

    /** What a Japanese modality writes; PixelMed itself writes no ISO 2022 escapes. */
    private static final class IsoJapanese extends SpecificCharacterSet {
        IsoJapanese() {
            super((String[]) null);
        }

        @Override
        public byte[] translateStringToByteArray(String string) {
            return string.getBytes(ISO_2022_JP);
        }
    }

    private static String[] characterSet(Path file) throws Exception {
        return Attribute.getStringValues(read(file), TagFromName.SpecificCharacterSet);
    }

    private static String name(Path file) throws Exception {
        return Attribute.getSingleStringValueOrNull(read(file), TagFromName.PatientName);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    private static void assertNoDciodvfyErrors(List<Path> files) throws Exception {
        assertTrue(Dciodvfy.available(), "dciodvfy missing: ./aiworklist test installs the dicom3tools package");
        List<String> errors = new ArrayList<>();
        for (Path file : files) {
            Dciodvfy.run(file).stream().filter(l -> l.startsWith("Error")).forEach(l -> errors.add(file + ": " + l));
        }
        assertEquals(List.of(), errors);
    }
}
