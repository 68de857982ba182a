package org.aiworklist.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.common.PhiSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data sets of Storage Commitment (PS3.4 J.3.2 and J.3.3) in Implicit VR Little Endian, the only transfer
 * syntax we negotiate for it. Written and read here rather than with a toolkit: there are five elements in all,
 * and PixelMed's dictionary lacks Transaction UID and the Failed SOP Sequence, which implicit VR needs.
 */
final class StorageCommitmentDataSets {
    private static final Logger log = LoggerFactory.getLogger(StorageCommitmentDataSets.class);
    static final int TRANSACTION_UID = 0x00081195;
    static final int REFERENCED_SOP_SEQUENCE = 0x00081199;
    static final int FAILED_SOP_SEQUENCE = 0x00081198;
    static final int REFERENCED_SOP_CLASS_UID = 0x00081150;
    static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;
    static final int FAILURE_REASON = 0x00081197;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITATION = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
    private static final int UNDEFINED_LENGTH = -1;
    /** A report on 100 000 instances is about 13 MB; more than this is not a report. */
    static final int MAX_REPORT_BYTES = 32 << 20;

    private StorageCommitmentDataSets() {}

    /** The N-ACTION-RQ data set: Transaction UID and Referenced SOP Sequence (defined lengths throughout). */
    static byte[] request(String transactionUid, List<SopReference> sops) {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        for (SopReference sop : sops) {
            ByteArrayOutputStream item = new ByteArrayOutputStream();
            element(item, REFERENCED_SOP_CLASS_UID, uid(sop.sopClassUid()));
            element(item, REFERENCED_SOP_INSTANCE_UID, uid(sop.sopInstanceUid()));
            element(items, ITEM, item.toByteArray());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        element(out, TRANSACTION_UID, uid(transactionUid));
        element(out, REFERENCED_SOP_SEQUENCE, items.toByteArray());
        return out.toByteArray();
    }

    /** Reads an N-EVENT-REPORT-RQ data set (event type 1 or 2). */
    static StorageCommitmentReport report(byte[] dataSet, String remoteAeTitle) throws IOException {
        Map<Integer, Object> top;
        try {
            ByteBuffer b = ByteBuffer.wrap(dataSet).order(ByteOrder.LITTLE_ENDIAN);
            top = item(b, b.limit());
        } catch (RuntimeException e) { // BufferUnderflow, negative lengths, an item that is not one
            throw new IOException("Storage Commitment report data set is truncated or malformed");
        }
        String transactionUid = text(top.get(TRANSACTION_UID));
        if (transactionUid == null || transactionUid.isEmpty()) {
            throw new IOException("Storage Commitment report without Transaction UID");
        }
        List<SopReference> committed = new ArrayList<>();
        for (Map<Integer, Object> i : items(top.get(REFERENCED_SOP_SEQUENCE))) {
            committed.add(sop(i));
        }
        List<StorageCommitmentReport.Failure> failed = new ArrayList<>();
        for (Map<Integer, Object> i : items(top.get(FAILED_SOP_SEQUENCE))) {
            byte[] reason = (byte[]) i.get(FAILURE_REASON);
            if (reason == null || reason.length < 2) {
                throw new IOException("Failed SOP Sequence item without Failure Reason");
            }
            failed.add(new StorageCommitmentReport.Failure(sop(i), (reason[0] & 0xff) | (reason[1] & 0xff) << 8));
        }
        return new StorageCommitmentReport(transactionUid, remoteAeTitle, committed, failed);
    }

    /** Decodes a report and hands it to the listener; returns the N-EVENT-REPORT-RSP status to answer. */
    static int deliver(byte[] dataSet, String remoteAeTitle, StorageCommitmentListener listener) {
        StorageCommitmentReport report;
        try {
            report = report(dataSet, remoteAeTitle);
        } catch (IOException e) {
            log.warn("Storage Commitment report from {} not understood: {}", remoteAeTitle, e.getMessage());
            return DimseStatus.PROCESSING_FAILURE;
        }
        try {
            listener.reportReceived(report);
        } catch (Exception e) {
            log.warn(
                    "Storage Commitment report {} from {} not recorded: {}",
                    PhiSafe.hash(report.transactionUid()),
                    remoteAeTitle,
                    e.toString());
            return DimseStatus.PROCESSING_FAILURE;
        }
        return DimseStatus.SUCCESS;
    }

    private static SopReference sop(Map<Integer, Object> item) throws IOException {
        String sopClass = text(item.get(REFERENCED_SOP_CLASS_UID));
        String sopInstance = text(item.get(REFERENCED_SOP_INSTANCE_UID));
        if (sopClass == null || sopInstance == null) {
            throw new IOException("SOP sequence item without Referenced SOP Class or Instance UID");
        }
        return new SopReference(sopClass, sopInstance);
    }

    /** Elements up to {@code end} or an item delimiter; sequences (undefined length or known tags) as item lists. */
    private static Map<Integer, Object> item(ByteBuffer b, int end) {
        Map<Integer, Object> elements = new LinkedHashMap<>();
        while (b.position() < end) {
            int tag = (b.getShort() & 0xffff) << 16 | (b.getShort() & 0xffff);
            int length = b.getInt();
            if (tag == ITEM_DELIMITATION) {
                break;
            }
            if (length == UNDEFINED_LENGTH || tag == REFERENCED_SOP_SEQUENCE || tag == FAILED_SOP_SEQUENCE) {
                elements.put(tag, sequence(b, length));
            } else {
                byte[] value = new byte[length];
                b.get(value);
                elements.put(tag, value);
            }
        }
        return elements;
    }

    private static List<Map<Integer, Object>> sequence(ByteBuffer b, int length) {
        int end = length == UNDEFINED_LENGTH ? b.limit() : b.position() + length;
        List<Map<Integer, Object>> items = new ArrayList<>();
        while (b.position() < end) {
            int tag = (b.getShort() & 0xffff) << 16 | (b.getShort() & 0xffff);
            int itemLength = b.getInt();
            if (tag == SEQUENCE_DELIMITATION) {
                break;
            }
            if (tag != ITEM) {
                throw new IllegalArgumentException("expected an item");
            }
            items.add(item(b, itemLength == UNDEFINED_LENGTH ? b.limit() : b.position() + itemLength));
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<Integer, Object>> items(Object sequence) throws IOException {
        if (sequence == null) {
            return List.of();
        }
        if (!(sequence instanceof List<?>)) {
            throw new IOException("SOP sequence is not a sequence");
        }
        return (List<Map<Integer, Object>>) sequence;
    }

    private static String text(Object value) {
        if (!(value instanceof byte[] v)) {
            return null;
        }
        int end = v.length;
        while (end > 0 && (v[end - 1] == 0 || v[end - 1] == ' ')) {
            end--;
        }
        return new String(v, 0, end, StandardCharsets.US_ASCII);
    }

    private static byte[] uid(String uid) {
        byte[] raw = uid.getBytes(StandardCharsets.US_ASCII);
        return raw.length % 2 == 0 ? raw : Arrays.copyOf(raw, raw.length + 1); // pad with NUL (PS3.5 9.1)
    }

    private static void element(ByteArrayOutputStream out, int tag, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) (tag >>> 16))
                .putShort((short) tag)
                .putInt(value.length)
                .array());
        out.writeBytes(value);
    }
}
