package org.aiworklist.routes.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aiworklist.dicom.AssociationLimits;
import org.aiworklist.dicom.InstanceSink;
import org.aiworklist.dicom.ReceivedInstance;
import org.aiworklist.dicom.RemoteApplicationEntity;
import org.aiworklist.dicom.SinkDecision;
import org.aiworklist.dicom.StorageScp;
import org.aiworklist.dicom.StorageScpConfig;

/** The demo's stand-in PACS: a Storage SCP that keeps what it receives and can say when results arrived. */
final class DemoPacs implements InstanceSink, AutoCloseable {
    private static final String SR_PREFIX = "1.2.840.10008.5.1.4.1.1.88.";
    private static final String SC_PREFIX = "1.2.840.10008.5.1.4.1.1.7";
    private final List<ReceivedInstance> received = new CopyOnWriteArrayList<>();
    private StorageScp scp;

    static DemoPacs start(RemoteApplicationEntity ae, Path folder) throws IOException {
        DemoPacs pacs = new DemoPacs();
        pacs.scp = new StorageScp(
                new StorageScpConfig(
                        ae.aeTitle(),
                        ae.host(),
                        ae.port(),
                        folder,
                        folder.resolveSibling("pacs-quarantine"),
                        List.of(),
                        AssociationLimits.of(4),
                        0,
                        null,
                        null),
                pacs,
                (file, reason, caller) -> {});
        pacs.scp.start();
        return pacs;
    }

    @Override
    public SinkDecision accept(ReceivedInstance instance) {
        received.add(instance);
        return SinkDecision.STORED;
    }

    /** Waits until the study has an SR and at least one Secondary Capture; returns their files. */
    List<Path> awaitResults(String studyUid, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<ReceivedInstance> results = received.stream()
                    .filter(r -> r.attributes().studyInstanceUid().equals(studyUid))
                    .toList();
            boolean sr =
                    results.stream().anyMatch(r -> r.attributes().sopClassUid().startsWith(SR_PREFIX));
            boolean sc =
                    results.stream().anyMatch(r -> r.attributes().sopClassUid().startsWith(SC_PREFIX));
            if (sr && sc) {
                return results.stream().map(ReceivedInstance::file).toList();
            }
            Thread.sleep(100);
        }
        return List.of();
    }

    @Override
    public void close() {
        scp.close();
    }
}
