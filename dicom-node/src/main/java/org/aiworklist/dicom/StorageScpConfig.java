package org.aiworklist.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The Storage SCP's application entity and its network connection.
 *
 * @param bindAddress        address the listening socket binds to (e.g. "127.0.0.1", "0.0.0.0")
 * @param port               TCP port, 0 for an ephemeral one (see {@link StorageScp#port()})
 * @param spoolDir           received instances are kept here, content-addressed
 * @param quarantineDir      rejected input goes here with a reason file
 * @param allowedSources     callers accepted; empty accepts any caller
 * @param associations       how many associations, per caller, and how long they may stay silent
 * @param minFreeDiskBytes   below this free space on the spool's file system every C-STORE gets A700
 * @param sopClasses         SOP classes accepted as abstract syntaxes; null accepts every storage class
 * @param limits             what one C-STORE may cost in memory and disk
 */
public record StorageScpConfig(
        String aeTitle,
        String bindAddress,
        int port,
        Path spoolDir,
        Path quarantineDir,
        List<AllowedSource> allowedSources,
        AssociationLimits associations,
        long minFreeDiskBytes,
        SopClassPolicy sopClasses,
        IngestLimits limits) {
    public StorageScpConfig {
        AeTitles.requireValid(aeTitle);
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(spoolDir, "spoolDir");
        Objects.requireNonNull(quarantineDir, "quarantineDir");
        allowedSources = allowedSources == null ? List.of() : List.copyOf(allowedSources);
        Objects.requireNonNull(associations, "associations");
        sopClasses = sopClasses == null ? SopClassPolicy.EVERY_STORAGE_CLASS : sopClasses;
        limits = limits == null ? IngestLimits.DEFAULTS : limits;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (minFreeDiskBytes < 0) {
            throw new IllegalArgumentException("minFreeDiskBytes must not be negative");
        }
    }
}
