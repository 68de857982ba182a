package org.aiworklist.routes.audit;

import java.io.IOException;
import org.aiworklist.audit.AuditLog;
import org.aiworklist.audit.SyslogTransport;
import org.aiworklist.routes.config.NodeConfiguration;

/** Opens the audit trail the configuration asks for. */
public final class AuditTrails {
    /** Events waiting for the writer, and messages waiting for syslog: minutes of a busy node's events. */
    private static final int QUEUE = 10_000;

    private static final int SYSLOG_BACKLOG = 10_000;
    private static final int SYSLOG_CONNECT_TIMEOUT_MS = 10_000;

    private AuditTrails() {}

    /** Null when the configuration has no audit section. */
    public static AuditLog open(NodeConfiguration config) throws IOException {
        NodeConfiguration.Audit audit = config.audit();
        if (audit == null) {
            return null;
        }
        return new AuditLog(
                config.device().name(),
                new AuditLog.Settings(
                        audit.file(),
                        audit.maxFileBytes(),
                        audit.keptFiles(),
                        syslog(audit.syslog()),
                        QUEUE,
                        SYSLOG_BACKLOG));
    }

    private static SyslogTransport syslog(NodeConfiguration.Syslog syslog) {
        if (syslog == null) {
            return null;
        }
        if (syslog.transport() == NodeConfiguration.SyslogTransport.UDP) {
            return SyslogTransport.udp(syslog.host(), syslog.port());
        }
        return SyslogTransport.tls(() -> syslog.tls().connect(syslog.host(), syslog.port(), SYSLOG_CONNECT_TIMEOUT_MS));
    }
}
