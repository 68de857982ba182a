package org.aiworklist.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Storage SCP's application entity and its network connection.
 *
 * @param bindAddress        address the listening socket binds to (e.g. "127.0.0.1", "0.0.0.0")
 * @param port               TCP port, 0 for an ephemeral one (see {@link StorageScp#port()})
 * @param spoolDir           received instances are kept here, content-addressed
 * @param quarantineDir      rejected input goes here with a reason file
 * @param allowedSources     callers accepted; empty accepts any caller
 * @param maxAssociations    concurrent associations; one more is rejected as transient (local limit exceeded)
 * @param minFreeDiskBytes   below this free space on the spool's file system every C-STORE gets A700
 * @param acceptedSopClasses SOP classes accepted as abstract syntaxes; null or empty accepts all image storage,
 *                           structured report storage and Verification
 * @param limits             what one C-STORE may cost in memory and disk
 */
public record StorageScpConfig(
        String aeTitle,
        String bindAddress,
        int port,
        Path spoolDir,
        Path quarantineDir,
        List<AllowedSource> allowedSources,
        int maxAssociations,
        long minFreeDiskBytes,
        Set<String> acceptedSopClasses,
        IngestLimits limits) {
    public StorageScpConfig {
        AeTitles.requireValid(aeTitle);
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(spoolDir, "spoolDir");
        Objects.requireNonNull(quarantineDir, "quarantineDir");
        allowedSources = allowedSources == null ? List.of() : List.copyOf(allowedSources);
        acceptedSopClasses = acceptedSopClasses == null ? Set.of() : Set.copyOf(acceptedSopClasses);
        limits = limits == null ? IngestLimits.DEFAULTS : limits;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxAssociations < 1) {
            throw new IllegalArgumentException("maxAssociations must be at least 1");
        }
        if (minFreeDiskBytes < 0) {
            throw new IllegalArgumentException("minFreeDiskBytes must not be negative");
        }
    }
}
