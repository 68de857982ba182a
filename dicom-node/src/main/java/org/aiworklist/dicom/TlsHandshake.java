package org.aiworklist.dicom;

import java.io.IOException;
import java.time.Instant;
import javax.net.ssl.SSLSocket;
import org.aiworklist.common.audit.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS handshake of an inbound DICOM TLS connection, on the association's thread, before its A-ASSOCIATE-RQ is
 * read: a caller without a certificate the node trusts (unknown issuer, expired, none when one is required) is
 * refused here, logged as a security event, and the node carries on.
 */
final class TlsHandshake implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TlsHandshake.class);

    private final SSLSocket socket;
    private final Runnable association;
    private final StorageScp scp;

    TlsHandshake(SSLSocket socket, Runnable association, StorageScp scp) {
        this.socket = socket;
        this.association = association;
        this.scp = scp;
    }

    @Override
    public void run() {
        String host = socket.getInetAddress().getHostAddress();
        try {
            DicomTls.handshake(
                    socket, (int) scp.associationLimits().artimTimeout().toMillis());
        } catch (IOException e) {
            String reason = AeTitles.printable(String.valueOf(e.getMessage()));
            log.warn("security: TLS handshake from {} refused: {}", host, reason);
            scp.audit()
                    .record(new AuditEvent.SecurityAlert(
                            Instant.now(),
                            AuditEvent.Alert.NODE_AUTHENTICATION,
                            new AuditEvent.Peer("", host),
                            "TLS handshake refused: " + reason));
            closeQuietly();
            scp.associationEnded(socket);
            return;
        }
        association.run();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
