package org.aiworklist.dicom;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.aiworklist.common.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Storage SCP (and Verification SCP): listens on its own bound socket, one thread per association,
 * and acknowledges a C-STORE with 0000 only once the data set is fsynced in the spool and marked pending there;
 * the {@link InstanceSink} records it soon after, from one feed thread ({@link IndexFeed}), and at the next start
 * whatever a crash left marked (after a crash, whatever the sink lacks of the whole spool), before the SCP listens.
 */
public final class StorageScp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StorageScp.class);
    private static final long CLOSE_GRACE_SECONDS = 10;

    private final StorageScpConfig config;
    private final InstanceSink sink;
    private final QuarantineListener quarantineListener;
    /** Null when Storage Commitment reports are not taken. */
    private final StorageCommitmentListener commitmentListener;

    private final IntakeObserver intake;
    private volatile AuditTrail audit = AuditTrail.NONE;

    /**
     * Guards the association counts. Not {@code this}: close() holds that while it waits for the associations,
     * which must still give their slots back as they end.
     */
    private final Object slots = new Object();

    /** Associations held, in all and per caller; guarded by {@link #slots}. */
    private int held;

    private final Map<String, Integer> heldByCaller = new HashMap<>();
    private final ScpNegotiation negotiation;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadCount = new AtomicInteger();
    private ExecutorService workers;
    private ServerSocket server;
    private Spool spool;
    private IndexFeed feed;
    /** Closed after a start: what the feed recorded may be marked durable ({@link #markCleanStop}). */
    private boolean stopped;

    private FileStore spoolStore;
    private DimseDispatcher dispatcher;
    /** Between {@link #start} and {@link #close}. */
    private boolean started;
    /** False: DICOM TLS only, no plain listener ({@link #withoutPlainPort}). */
    private boolean plainPort = true;

    private Thread acceptor;
    /** DICOM TLS beside (or instead of) the plain port; null when not configured. */
    private DicomTls tls;

    private int tlsPort;
    private ServerSocket tlsServer;
    private Thread tlsAcceptor;

    public StorageScp(StorageScpConfig config, InstanceSink sink, QuarantineListener quarantine) {
        this(config, sink, quarantine, null);
    }

    /**
     * A Storage SCP that also takes Storage Commitment reports: an archive that proposes the Storage Commitment
     * Push Model with the SCP role for itself may send its N-EVENT-REPORTs here; each goes to {@code commitments}.
     */
    public StorageScp(
            StorageScpConfig config,
            InstanceSink sink,
            QuarantineListener quarantine,
            StorageCommitmentListener commitments) {
        this(config, sink, quarantine, commitments, IntakeObserver.NONE);
    }

    /** As above, and every C-STORE's status is told to {@code intake}. */
    public StorageScp(
            StorageScpConfig config,
            InstanceSink sink,
            QuarantineListener quarantine,
            StorageCommitmentListener commitments,
            IntakeObserver intake) {
        this.config = Objects.requireNonNull(config, "config");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.quarantineListener = Objects.requireNonNull(quarantine, "quarantine");
        this.commitmentListener = commitments;
        this.negotiation = new ScpNegotiation(config, commitments != null);
    }

    /**
     * Also listens for DICOM TLS on {@code port} (0: ephemeral, see {@link #tlsPort()}) once started; peers must
     * complete the handshake with a certificate {@code tls} trusts before their association is read.
     */
    public synchronized StorageScp withTls(DicomTls tls, int port) {
        requireNotStarted();
        this.tls = Objects.requireNonNull(tls, "tls");
        this.tlsPort = port;
        return this;
    }

    /** Listens for DICOM TLS only (see {@link #withTls}, which {@link #start} then requires): no plain port. */
    public synchronized StorageScp withoutPlainPort() {
        requireNotStarted();
        this.plainPort = false;
        return this;
    }

    /** Tells {@code audit} about associations, stored studies and refused TLS handshakes; before {@link #start}. */
    public synchronized StorageScp withAuditTrail(AuditTrail audit) {
        requireNotStarted();
        this.audit = Objects.requireNonNull(audit, "audit");
        return this;
    }

    /**
     * Creates the spool and quarantine folders, binds {@code bindAddress:port} (unless {@link #withoutPlainPort}) and
     * the TLS port (when {@link #withTls}) and starts accepting.
     */
    public synchronized void start() throws IOException {
        requireNotStarted();
        if (!plainPort && tls == null) {
            throw new IllegalStateException("neither a plain nor a TLS port to listen on");
        }
        stopped = false;
        spool = new Spool(config.spoolDir(), config.quarantineDir());
        spoolStore = Files.getFileStore(config.spoolDir());
        feed = new IndexFeed(spool, sink, config.limits());
        feed.start(!spool.takeCleanStopMark());
        AckPathWarmUp.run(spool, config.limits());
        dispatcher = dispatcher(new StoreStep(spool, config.limits(), feed, quarantineListener));
        workers = Executors.newCachedThreadPool(
                r -> DaemonThreads.named("dicom-scp-" + config.aeTitle() + "-" + threadCount.incrementAndGet(), r));
        started = true;
        if (plainPort) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), 128);
            server = s;
            acceptor = acceptor(s);
            log.info("Storage SCP {} listening on {}:{}", config.aeTitle(), config.bindAddress(), port());
        }
        if (tls != null) {
            tlsServer = tls.bind(config.bindAddress(), tlsPort);
            tlsAcceptor = acceptor(tlsServer);
            log.info(
                    "Storage SCP {} listening for DICOM TLS on {}:{}",
                    config.aeTitle(),
                    config.bindAddress(),
                    tlsPort());
        }
    }

    /**
     * Waits until every instance acknowledged so far is recorded by the sink; false when {@code timeout} passed
     * first (the sink refusing, or far behind).
     */
    public boolean awaitIndexed(Duration timeout) throws InterruptedException {
        return feed.awaitRecorded(timeout);
    }

    /**
     * For the owner of the sink, once the SCP is closed and the sink's store closed cleanly: everything recorded is
     * durable, so the next start need not check the whole spool against the sink (it does after any other stop).
     * Does nothing unless the SCP started and has been closed since.
     */
    public synchronized void markCleanStop() throws IOException {
        if (stopped) {
            spool.markCleanStop();
        }
    }

    /** The port actually bound (useful when the configuration asked for 0). */
    public int port() {
        if (server == null) {
            throw new IllegalStateException(plainPort ? "not started" : "no plain listener (DICOM TLS only)");
        }
        return server.getLocalPort();
    }

    /** The DICOM TLS port actually bound. */
    public int tlsPort() {
        if (tlsServer == null) {
            throw new IllegalStateException("no TLS listener");
        }
        return tlsServer.getLocalPort();
    }

    /** Stops accepting, lets running associations finish for a few seconds, then closes what is left. */
    @Override
    public synchronized void close() {
        if (!started) {
            return;
        }
        closeListener(server);
        closeListener(tlsServer);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS)) {
                open.forEach(StorageScp::closeQuietly); // unacknowledged data is the sender's to resend
                workers.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
            }
            for (Thread t : new Thread[] {acceptor, tlsAcceptor}) {
                if (t != null) {
                    t.join(TimeUnit.SECONDS.toMillis(CLOSE_GRACE_SECONDS));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spool.close();
        feed.close();
        server = null;
        tlsServer = null;
        acceptor = null;
        tlsAcceptor = null;
        started = false;
        stopped = true;
        log.info("Storage SCP {} stopped", config.aeTitle());
    }

    private void requireNotStarted() {
        if (started) {
            throw new IllegalStateException("already started");
        }
    }

    private Thread acceptor(ServerSocket s) {
        Thread t = DaemonThreads.named("dicom-scp-accept-" + s.getLocalPort(), () -> acceptLoop(s));
        t.start();
        return t;
    }

    private static void closeListener(ServerSocket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException e) {
            log.debug("closing listener: {}", e.toString());
        }
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket socket = s.accept();
                socket.setTcpNoDelay(true);
                open.add(socket);
                StorageAssociation association = new StorageAssociation(socket, this);
                workers.execute(
                        socket instanceof SSLSocket secure ? new TlsHandshake(secure, association, this) : association);
            } catch (SocketException e) {
                if (!s.isClosed()) {
                    log.warn("accept failed: {}", e.toString());
                }
            } catch (IOException | RejectedExecutionException e) {
                log.warn("accept failed: {}", e.toString());
            }
        }
    }

    /** The services offered: Verification, Storage, and Storage Commitment reports where someone listens. */
    private DimseDispatcher dispatcher(StoreStep storeStep) {
        DimseDispatcher d = new DimseDispatcher()
                .on(CommandSet.C_ECHO_RQ, (command, context, caller) -> {
                    if (command.hasDataSet()) {
                        throw new ProtocolViolation(AbortReasons.INVALID_PDU_PARAMETER, "C-ECHO with a data set");
                    }
                    return DimseRequest.answered(DimseStatus.SUCCESS);
                })
                .on(CommandSet.C_STORE_RQ, new StoreHandler(this, storeStep));
        if (commitmentListener != null) {
            d.on(
                    CommandSet.N_EVENT_REPORT_RQ,
                    Uids.STORAGE_COMMITMENT_PUSH_MODEL,
                    new CommitmentReportHandler(commitmentListener));
        }
        return d;
    }

    ScpNegotiation negotiation() {
        return negotiation;
    }

    DimseDispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Takes one of the association slots for {@code caller} (calling AE title and host), or answers why not.
     *
     * @return null when taken, else the limit that was reached, for the log
     */
    String tryAcquireSlot(String caller) {
        AssociationLimits limits = config.associations();
        synchronized (slots) {
            int ofCaller = heldByCaller.getOrDefault(caller, 0);
            if (ofCaller >= limits.maxPerCaller()) {
                return "this caller already holds " + ofCaller + " associations (maxAssociationsPerCaller)";
            }
            if (held >= limits.maxAssociations()) {
                return "all " + held + " associations are in use (maxAssociations)";
            }
            held++;
            heldByCaller.put(caller, ofCaller + 1);
            return null;
        }
    }

    void releaseSlot(String caller) {
        synchronized (slots) {
            held--;
            heldByCaller.computeIfPresent(caller, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    AssociationLimits associationLimits() {
        return config.associations();
    }

    /** Room on the spool's disk, in the index feed and in the sink for one more instance. */
    boolean hasResources() {
        return spoolHasRoom() && feed.hasRoom() && sink.hasCapacity();
    }

    /** The spool's disk is above the free-space watermark. */
    boolean spoolHasRoom() {
        try {
            return spoolStore.getUsableSpace() >= config.minFreeDiskBytes();
        } catch (IOException e) {
            return false;
        }
    }

    AuditTrail audit() {
        return audit;
    }

    String aeTitle() {
        return config.aeTitle();
    }

    IntakeObserver intake() {
        return intake;
    }

    IngestLimits limits() {
        return config.limits();
    }

    Spool spool() {
        return spool;
    }

    /** The association's thread is done with the socket (and has closed it). */
    void associationEnded(Socket socket) {
        open.remove(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
