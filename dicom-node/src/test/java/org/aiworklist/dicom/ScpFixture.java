package org.aiworklist.dicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** A Storage SCP on 127.0.0.1 with an ephemeral port and a recording sink, for one test. */
final class ScpFixture implements AutoCloseable {
    static final String AE = "AIW_SCP";
    final RecordingSink sink = new RecordingSink();
    final StorageScp scp;
    final Path spool;
    final Path quarantine;

    ScpFixture(Path dir, List<AllowedSource> allowed, int maxAssociations, long minFreeDisk, Set<String> sopClasses)
            throws IOException {
        this(dir, allowed, maxAssociations, minFreeDisk, sopClasses, IngestLimits.DEFAULTS);
    }

    ScpFixture(
            Path dir,
            List<AllowedSource> allowed,
            int maxAssociations,
            long minFreeDisk,
            Set<String> sopClasses,
            IngestLimits limits)
            throws IOException {
        this(
                dir,
                allowed,
                AssociationLimits.of(maxAssociations),
                minFreeDisk,
                new SopClassPolicy(sopClasses, null),
                limits);
    }

    ScpFixture(Path dir, AssociationLimits associations, SopClassPolicy sopClasses) throws IOException {
        this(dir, List.of(), associations, 0, sopClasses, null);
    }

    private ScpFixture(
            Path dir,
            List<AllowedSource> allowed,
            AssociationLimits associations,
            long minFreeDisk,
            SopClassPolicy sopClasses,
            IngestLimits limits)
            throws IOException {
        spool = dir.resolve("spool");
        quarantine = dir.resolve("quarantine");
        scp = new StorageScp(
                new StorageScpConfig(
                        AE, "127.0.0.1", 0, spool, quarantine, allowed, associations, minFreeDisk, sopClasses, limits),
                sink,
                sink);
        scp.start();
    }

    ScpFixture(Path dir) throws IOException {
        this(dir, List.of(), 16, 0, null);
    }

    ScpFixture(Path dir, IngestLimits limits) throws IOException {
        this(dir, List.of(), 16, 0, null, limits);
    }

    RemoteApplicationEntity ae() {
        return new RemoteApplicationEntity(AE, "127.0.0.1", scp.port());
    }

    /** Opens an association from {@code callingAe} proposing only Verification, as presentation context 1. */
    Association requestVerification(String callingAe) throws AssociationFailure {
        return Association.request(
                ae(),
                callingAe,
                List.of(PresentationContext.proposed(1, Uids.VERIFICATION, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN))),
                new ArrayList<>());
    }

    /** What the sink was given, once it has recorded every instance acknowledged so far. */
    List<ReceivedInstance> accepted() throws InterruptedException {
        awaitIndexed();
        return sink.accepted;
    }

    int distinctInstances() throws InterruptedException {
        awaitIndexed();
        return sink.distinctInstances();
    }

    private void awaitIndexed() throws InterruptedException {
        if (!scp.awaitIndexed(Duration.ofSeconds(30))) {
            throw new AssertionError("the index feed did not record every acknowledged instance within 30 s");
        }
    }

    /** Spooled instance files (not the temporary folder). */
    List<Path> spooled() throws IOException {
        try (Stream<Path> s = Files.walk(spool)) {
            return s.filter(p -> p.toString().endsWith(".dcm")).toList();
        }
    }

    /**
     * Sends one C-STORE with any command UIDs and any data set bytes, bypassing every check an SCU would make,
     * and returns the status.
     */
    int storeRaw(String contextSopClass, String commandSopClass, String commandSopInstance, byte[] dataSet)
            throws Exception {
        return storeRaw(
                Uids.EXPLICIT_VR_LITTLE_ENDIAN,
                contextSopClass,
                commandSopClass,
                commandSopInstance,
                new ByteArrayInputStream(dataSet),
                dataSet.length);
    }

    /** As above, in any transfer syntax, streaming {@code length} bytes of data set. */
    int storeRaw(
            String transferSyntax,
            String contextSopClass,
            String commandSopClass,
            String commandSopInstance,
            InputStream dataSet,
            long length)
            throws Exception {
        List<PresentationContext> answered = new ArrayList<>();
        try (Association a = Association.request(
                ae(),
                "RAW_SCU",
                List.of(PresentationContext.proposed(1, contextSopClass, List.of(transferSyntax))),
                answered)) {
            a.sendCommand(1, CommandSet.storeRequest(7, commandSopClass, commandSopInstance));
            a.sendDataSet(1, dataSet, length);
            int status = a.readCommand().us(CommandSet.STATUS);
            a.release();
            return status;
        }
    }

    /** Quarantined data files (not their reason files). */
    List<Path> quarantined() throws IOException {
        try (Stream<Path> s = Files.list(quarantine)) {
            return s.filter(p -> p.toString().endsWith(".dcm")).toList();
        }
    }

    /** The data set bytes of a Part 10 file (what an SCU puts on the wire). */
    static byte[] dataSet(Path part10) throws IOException {
        Part10File f = Part10File.read(part10);
        byte[] all = Files.readAllBytes(part10);
        return java.util.Arrays.copyOfRange(all, (int) f.dataSetOffset(), all.length);
    }

    @Override
    public void close() {
        scp.close();
    }
}
