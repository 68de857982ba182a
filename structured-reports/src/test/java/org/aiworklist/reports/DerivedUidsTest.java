package org.aiworklist.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DerivedUidsTest {
    private static final Pattern VALID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    @Test
    void uidsAreValidDeterministicAndDistinctPerPurpose() {
        for (String root :
                List.of("2.25", "1.2.826.0.1.3680043.10.1234", "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17")) {
            DerivedUids a = new DerivedUids(new ResultIdentity(root, "study-x/model-y", 1, null));
            DerivedUids b = new DerivedUids(new ResultIdentity(root, "study-x/model-y", 1, null));
            Set<String> all = new HashSet<>();
            for (String uid : List.of(
                    a.srSeries(),
                    a.srInstance(),
                    a.scSeries(SecondaryCaptureWriter.Layout.MULTI_FRAME_TRUE_COLOR),
                    a.scSeries(SecondaryCaptureWriter.Layout.SINGLE_FRAME),
                    a.scInstance(SecondaryCaptureWriter.Layout.MULTI_FRAME_TRUE_COLOR, 1),
                    a.scInstance(SecondaryCaptureWriter.Layout.SINGLE_FRAME, 1),
                    a.tracking("nodule-1"))) {
                assertTrue(uid.length() <= 64, uid);
                assertTrue(VALID.matcher(uid).matches(), uid);
                assertTrue(uid.startsWith(root + "."), uid);
                assertTrue(all.add(uid), "distinct per purpose");
            }
            assertEquals(a.srInstance(), b.srInstance());
            assertNotEquals(
                    a.srInstance(), new DerivedUids(new ResultIdentity(root, "study-x/model-y", 2, null)).srInstance());
            assertNotEquals(
                    a.srInstance(), new DerivedUids(new ResultIdentity(root, "study-z/model-y", 1, null)).srInstance());
        }
    }

    @Test
    void underTwoDotTwentyFiveTheSuffixIsAVersion8Uuid() {
        String uid = new DerivedUids(new ResultIdentity("2.25", "job", 0, null)).srInstance();
        java.math.BigInteger n = new java.math.BigInteger(uid.substring("2.25.".length()));
        assertTrue(n.bitLength() <= 128);
        java.util.UUID uuid = new java.util.UUID(n.shiftRight(64).longValue(), n.longValue());
        assertEquals(8, uuid.version());
        assertEquals(2, uuid.variant());
    }

    /** Values computed before UID making moved to common: a resend after an upgrade must give the same objects. */
    @Test
    void derivationIsPinned() {
        assertEquals(
                "2.25.254791231447929448068126210554791512137",
                new DerivedUids(new ResultIdentity("2.25", "job", 0, null)).srInstance());
        String longRoot = "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17";
        assertEquals(
                longRoot + ".1294682333835032221100",
                new DerivedUids(new ResultIdentity(longRoot, "job", 3, null))
                        .scInstance(SecondaryCaptureWriter.Layout.SINGLE_FRAME, 2));
    }

    @Test
    void deviceObserverChangesWithTheModelVersion() {
        String v1 = DerivedUids.deviceObserver("2.25", "node", "model", "1.0");
        assertEquals(v1, DerivedUids.deviceObserver("2.25", "node", "model", "1.0"));
        assertNotEquals(v1, DerivedUids.deviceObserver("2.25", "node", "model", "1.1"));
    }

    @Test
    void badRootsAreRejected() {
        for (String root :
                new String[] {"1.02.3", "1..2", "1.2.", "abc", "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20.21"
                }) {
            assertThrows(IllegalArgumentException.class, () -> new ResultIdentity(root, "job", 1, null), root);
        }
        assertThrows(IllegalArgumentException.class, () -> new ResultIdentity("2.25", " ", 1, null));
    }
}
