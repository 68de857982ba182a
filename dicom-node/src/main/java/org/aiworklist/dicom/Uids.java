package org.aiworklist.dicom;

import java.util.List;
import java.util.Set;

/** The well-known UIDs this module negotiates with. */
final class Uids {
    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final String STORAGE_COMMITMENT_PUSH_MODEL = "1.2.840.10008.1.20.1";
    /** The well-known SOP instance every Storage Commitment request and report addresses (PS3.4 J.3.1). */
    static final String STORAGE_COMMITMENT_PUSH_MODEL_INSTANCE = "1.2.840.10008.1.20.1.1";

    static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
    static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    static final String DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99";
    static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    static final String JPEG_LOSSLESS = "1.2.840.10008.1.2.4.57";
    static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
    static final String JPEG_LS_NEAR_LOSSLESS = "1.2.840.10008.1.2.4.81";
    static final String JPEG_2000_LOSSLESS = "1.2.840.10008.1.2.4.90";
    static final String JPEG_2000 = "1.2.840.10008.1.2.4.91";
    static final String RLE_LOSSLESS = "1.2.840.10008.1.2.5";
    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";

    /** Transfer syntaxes the Storage SCP accepts and stores as received. */
    static final Set<String> RECEIVABLE_TRANSFER_SYNTAXES = Set.of(
            IMPLICIT_VR_LITTLE_ENDIAN,
            EXPLICIT_VR_LITTLE_ENDIAN,
            DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
            JPEG_BASELINE,
            JPEG_EXTENDED,
            JPEG_LOSSLESS,
            JPEG_LOSSLESS_SV1,
            JPEG_LS_LOSSLESS,
            JPEG_LS_NEAR_LOSSLESS,
            JPEG_2000_LOSSLESS,
            JPEG_2000,
            RLE_LOSSLESS);

    /** Native (uncompressed) syntaxes every peer understands, in the order we propose them when we transcode. */
    static final List<String> NATIVE_TRANSFER_SYNTAXES = List.of(EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN);

    private Uids() {}

    /** The default abstract syntaxes of the Storage SCP: image storage, structured reports, Verification. */
    static boolean isNative(String transferSyntaxUid) {
        return NATIVE_TRANSFER_SYNTAXES.contains(transferSyntaxUid);
    }
}
