package org.aiworklist.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UidRootTest {
    @Test
    void randomUidsUnderTheUuidArcAreVersion4Uuids() {
        String uid = UidRoot.orUuidArc(null).random();
        assertTrue(UidRoot.isUid(uid), uid);
        assertEquals(4, uuid(uid).version());
        assertNotEquals(uid, UidRoot.UUID_ARC.random());
    }

    @Test
    void derivedUidsAreStableVersion8Uuids() {
        String uid = UidRoot.UUID_ARC.derived("job");
        assertEquals(uid, UidRoot.UUID_ARC.derived("job"));
        assertNotEquals(uid, UidRoot.UUID_ARC.derived("job2"));
        assertEquals(8, uuid(uid).version());
        assertEquals(2, uuid(uid).variant());
    }

    @Test
    void underALongRootTheDigitsAreCutTo64Characters() {
        UidRoot root = new UidRoot("1.2.826.0.1.3680043.10.1234.5678.9012.3456");
        for (String uid : new String[] {root.random(), root.derived("job")}) {
            assertEquals(64, uid.length(), uid);
            assertTrue(UidRoot.isUid(uid), uid);
            assertTrue(uid.startsWith(root.value() + "."), uid);
        }
        String whole = UidRoot.UUID_ARC.derived("job").substring("2.25.".length());
        assertEquals(
                "1.2.826.0.1.3680043.10.1." + whole,
                new UidRoot("1.2.826.0.1.3680043.10.1").derived("job"),
                "a root of 24 characters keeps the whole UUID");
    }

    @Test
    void whatCannotBeARootIsRejected() {
        for (String root :
                new String[] {"1.02.3", "1..2", "1.2.", "abc", "", "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19"}) {
            assertThrows(IllegalArgumentException.class, () -> new UidRoot(root), root);
        }
        assertThrows(IllegalArgumentException.class, () -> new UidRoot(null));
        assertFalse(UidRoot.isUid("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20.21.22.23.24.25.26.27.28"));
    }

    private static UUID uuid(String uid) {
        BigInteger n = new BigInteger(uid.substring(uid.lastIndexOf('.') + 1));
        return new UUID(n.shiftRight(64).longValue(), n.longValue());
    }
}
