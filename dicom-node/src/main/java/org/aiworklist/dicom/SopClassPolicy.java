package org.aiworklist.dicom;

import com.pixelmed.dicom.SOPClass;
import java.util.Set;

/**
 * Which SOP classes the Storage SCP accepts as abstract syntaxes. By default every Storage SOP class and
 * Verification: a PACS that forwards whole studies sends segmentations, RT objects, presentation states, key object
 * selections, waveforms and PDFs too, and records a refused context as a failure it keeps retrying. What no rule
 * uses is kept and ignored. Sites that want fewer classes list them, or list the ones to refuse.
 *
 * @param accepted the only classes accepted (Verification must be listed to be served); empty: every storage class
 * @param refused  classes refused even when otherwise accepted
 */
public record SopClassPolicy(Set<String> accepted, Set<String> refused) {
    /** Every Storage SOP Class of the standard lives under this root (PS3.4 Annex B, PS3.6 Annex A). */
    private static final String STANDARD_STORAGE_ROOT = "1.2.840.10008.5.1.4.1.1.";

    public static final SopClassPolicy EVERY_STORAGE_CLASS = new SopClassPolicy(Set.of(), Set.of());

    public SopClassPolicy {
        accepted = accepted == null ? Set.of() : Set.copyOf(accepted);
        refused = refused == null ? Set.of() : Set.copyOf(refused);
    }

    public boolean accepts(String sopClassUid) {
        if (refused.contains(sopClassUid)) {
            return false;
        }
        return accepted.isEmpty() ? isStorageOrVerification(sopClassUid) : accepted.contains(sopClassUid);
    }

    /** Known to PixelMed, or under the standard's storage root (classes added to the standard after PixelMed's). */
    private static boolean isStorageOrVerification(String uid) {
        return Uids.VERIFICATION.equals(uid) || SOPClass.isStorage(uid) || uid.startsWith(STANDARD_STORAGE_ROOT);
    }
}
