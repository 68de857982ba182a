package org.aiworklist.dicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.aiworklist.common.PhiSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C-STORE SCU: sends files on one association. Each file goes in its own transfer syntax when the peer
 * accepted it; otherwise it is transcoded to a native syntax the peer accepted, so compressed data never goes
 * down a context accepted only for uncompressed data.
 */
public final class StorageScu {
    private static final Logger log = LoggerFactory.getLogger(StorageScu.class);
    private static final int MAX_CONTEXTS = 128;

    private final String callingAeTitle;

    public StorageScu(String callingAeTitle) {
        this.callingAeTitle = AeTitles.requireValid(callingAeTitle);
    }

    /**
     * Sends {@code files} in order on one association and reports each file's C-STORE status.
     *
     * @throws AssociationFailure the association could not be set up or broke down; files finished before
     *                            are in {@link AssociationFailure#partialReport()}
     */
    public SendReport send(RemoteApplicationEntity destination, List<Path> files) throws AssociationFailure {
        Objects.requireNonNull(destination, "destination");
        List<FileOutcome> outcomes = new ArrayList<>();
        List<Part10File> sendable = new ArrayList<>();
        for (Path f : files) {
            try {
                sendable.add(Part10File.read(f));
            } catch (IOException e) {
                outcomes.add(new FileOutcome(f, null, FileOutcome.NOT_SENT, "not sent: " + e.getMessage()));
            }
        }
        if (sendable.isEmpty()) {
            return new SendReport(ordered(files, outcomes));
        }
        List<PresentationContext> proposed = propose(sendable);
        List<PresentationContext> answered = new ArrayList<>();
        try (AssociationMdc ignored = AssociationMdc.outbound(callingAeTitle, destination);
                Association a = Association.request(destination, callingAeTitle, proposed, answered)) {
            int messageId = 0;
            for (Part10File file : sendable) {
                PresentationContext pc = choose(file, proposed, answered);
                if (pc == null) {
                    outcomes.add(new FileOutcome(
                            file.path(),
                            file.sopInstanceUid(),
                            FileOutcome.NOT_SENT,
                            "not sent: peer accepted no presentation context for this SOP class and transfer syntax"));
                    continue;
                }
                outcomes.add(store(a, ++messageId & 0xffff, pc, file));
            }
            a.release();
        } catch (IOException e) {
            throw Association.failure(e, destination.toString()).withCompleted(ordered(files, outcomes));
        }
        return new SendReport(ordered(files, outcomes));
    }

    private FileOutcome store(Association a, int messageId, PresentationContext pc, Part10File file)
            throws IOException {
        boolean asIs = pc.transferSyntax().equals(file.transferSyntaxUid());
        byte[] transcoded = null;
        if (!asIs) {
            try {
                transcoded = Transcoder.toNative(file.path(), pc.transferSyntax());
            } catch (IOException | RuntimeException e) {
                return new FileOutcome(
                        file.path(), file.sopInstanceUid(), FileOutcome.NOT_SENT, "not sent: " + e.getMessage());
            }
        }
        a.sendCommand(pc.id(), CommandSet.storeRequest(messageId, file.sopClassUid(), file.sopInstanceUid()));
        if (asIs) {
            try (InputStream in = Files.newInputStream(file.path())) {
                in.skipNBytes(file.dataSetOffset());
                a.sendDataSet(pc.id(), in, file.dataSetLength());
            }
        } else {
            a.sendDataSet(pc.id(), new ByteArrayInputStream(transcoded), transcoded.length);
        }
        CommandSet rsp = a.readCommand();
        if (rsp.usOr(CommandSet.MESSAGE_ID_BEING_RESPONDED_TO, -1) != messageId) {
            throw new IOException("response does not answer message " + messageId);
        }
        int status = rsp.us(CommandSet.STATUS);
        if (status != DimseStatus.SUCCESS) {
            log.info("C-STORE of {} answered {}", PhiSafe.hash(file.sopInstanceUid()), String.format("%04X", status));
        }
        return new FileOutcome(file.path(), file.sopInstanceUid(), status, DimseStatus.meaning(status));
    }

    /** One context per SOP class for native syntaxes, plus one per compressed syntax actually present. */
    private static List<PresentationContext> propose(List<Part10File> files) {
        Map<String, List<String>> wanted = new LinkedHashMap<>();
        for (Part10File f : files) {
            wanted.putIfAbsent(f.sopClassUid() + "|native", Uids.NATIVE_TRANSFER_SYNTAXES);
            if (!Uids.isNative(f.transferSyntaxUid())) {
                wanted.putIfAbsent(f.sopClassUid() + "|" + f.transferSyntaxUid(), List.of(f.transferSyntaxUid()));
            }
        }
        if (wanted.size() > MAX_CONTEXTS) {
            throw new IllegalArgumentException(
                    "more than " + MAX_CONTEXTS + " SOP class / transfer syntax combinations in one send: split it");
        }
        List<PresentationContext> proposed = new ArrayList<>();
        int id = 1;
        for (var e : wanted.entrySet()) {
            proposed.add(PresentationContext.proposed(
                    id, e.getKey().substring(0, e.getKey().indexOf('|')), e.getValue()));
            id += 2; // presentation context IDs are odd (PS3.8 9.3.2.2)
        }
        return proposed;
    }

    /** The accepted context for this file: its own syntax first, then a native one (which means transcoding). */
    private static PresentationContext choose(
            Part10File file, List<PresentationContext> proposed, List<PresentationContext> answered) {
        PresentationContext fallback = null;
        for (PresentationContext answer : answered) {
            PresentationContext asked = proposed.stream()
                    .filter(p -> p.id() == answer.id())
                    .findFirst()
                    .orElse(null);
            if (asked == null
                    || !answer.accepted()
                    || !asked.abstractSyntax().equals(file.sopClassUid())
                    || !asked.transferSyntaxes().contains(answer.transferSyntax())) {
                continue;
            }
            PresentationContext pc = new PresentationContext(
                    answer.id(),
                    asked.abstractSyntax(),
                    List.of(answer.transferSyntax()),
                    PresentationContext.ACCEPTANCE);
            if (answer.transferSyntax().equals(file.transferSyntaxUid())) {
                return pc;
            }
            if (Uids.isNative(answer.transferSyntax())) {
                fallback = pc;
            }
        }
        return fallback;
    }

    private static List<FileOutcome> ordered(List<Path> files, List<FileOutcome> outcomes) {
        List<FileOutcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingInt(o -> files.indexOf(o.file())));
        return sorted;
    }
}
