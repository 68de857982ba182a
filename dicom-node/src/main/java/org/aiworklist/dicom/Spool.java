package org.aiworklist.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.aiworklist.common.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool folder: received data sets are written as Part 10 files (our meta header, then the data set bytes
 * exactly as received) to a temporary file, renamed to {@code <aa>/<sha256>.dcm}, named after the SHA-256
 * of the received data set bytes, and fsynced so that bytes and name survive a crash. The 256 content folders are
 * made with the spool: a folder made for an instance rode on that instance's fsync, and with two levels
 * ({@code <aa>/<bb>/}, 65,536 folders, which spools made before keep) most instances of a node's first hundred
 * thousand made one (measured, 300-slice studies on one association: 163 images/s and a 9.95 ms single-store round
 * trip into a fresh two-level spool, 204 images/s and 6.89 ms once its folders existed). Identical content lands on
 * the same name, which makes duplicate detection free. Until the index has recorded it, a file also has a second
 * name (hard link) in {@code .pending/}, made durable by the same fsync: the index is derived from the spool, and
 * what it lacks after a crash is found there. A crash can also take back what the index had already committed
 * (embedded H2 loses its last commits to a kill -9), so after one the whole spool is checked against the index
 * ({@link #forEachFile}); a {@code .clean-stop} file written once the index is closed tells a start that it need not.
 */
final class Spool {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final DateTimeFormatter QUARANTINE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String CLEAN_STOP = ".clean-stop";
    /** Marks a spool whose content folders are one level, all made when it was created. */
    private static final String ONE_LEVEL = ".content-folders";

    private static final Pattern CONTENT_FOLDER = Pattern.compile("[0-9a-f]{2}");
    private static final Pattern CONTENT_NAME = Pattern.compile("[0-9a-f]{64}\\.dcm");
    /** Temporary files kept ready: one per association receiving at once, up to this many. */
    private static final int READY_MAX = 4;

    /**
     * File systems on which a file's fsync also makes its last rename durable: the rename changes the file's inode
     * (ctime) in a metadata transaction, and fsync commits the journal (ext4) or forces the log (XFS) up to the
     * inode's last change, with every metadata change before it (the folders made for it included). On these the
     * folder's fsync, one more device flush per instance, adds nothing. ext4 without a journal is the exception
     * {@link #syncFoldersBeforeUnmarking} covers.
     */
    private static final Set<String> RENAME_DURABLE_WITH_FILE = Set.of("ext4", "xfs");

    private final Path root;
    private final Path incoming;
    private final Path pending;
    private final Path quarantine;
    private final boolean renameDurableWithFile;
    /**
     * ext4 without a journal has no transaction to order a file's names by: the file's fsync also syncs the folder of
     * one of its new names, the content name's or the pending mark's ({@code ext4_sync_parent}, fs/ext4/fsync.c).
     * One is enough to acknowledge (a start restores the content name from its mark), but folders are written back
     * later in any order, so a mark's removal could reach the disk before its content name. There the content
     * folders are fsynced before the marks go, on the index feed's thread.
     */
    private final boolean syncFoldersBeforeUnmarking;
    /** Content folders in two levels, as in spools made before they were one. */
    private final boolean twoLevels;

    private final Set<Path> knownDirectories = ConcurrentHashMap.newKeySet();
    /** Temporary files made ahead ({@link #prepareNext}), for C-STOREs still to come. */
    private final Queue<Blank> ready = new ConcurrentLinkedQueue<>();
    /** Makes them, one at a time, so that at most {@link #READY_MAX} wait. */
    private final ExecutorService ahead = DaemonThreads.single("spool-ahead");

    Spool(Path root, Path quarantine) throws IOException {
        this.root = root;
        this.incoming = root.resolve(".incoming");
        this.pending = root.resolve(".pending");
        this.quarantine = quarantine;
        OwnerOnly.createDirectories(incoming);
        OwnerOnly.createDirectories(pending);
        fsyncDirectory(root); // the markers' folder itself must survive a crash
        OwnerOnly.createDirectories(quarantine);
        FileStore store = Files.getFileStore(root);
        renameDurableWithFile = RENAME_DURABLE_WITH_FILE.contains(store.type());
        syncFoldersBeforeUnmarking = "ext4".equals(store.type()) && !Ext4Journal.present(store);
        boolean marked = Files.exists(root.resolve(ONE_LEVEL));
        twoLevels = !marked && holdsTwoLevelFolders();
        if (!twoLevels) {
            makeContentFolders(marked);
        }
        // leftovers of a crash were never acknowledged: the sender still owns them
        try (var stale = Files.list(incoming)) {
            for (Path p : (Iterable<Path>) stale::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Starts a file for one C-STORE: preamble and meta header now, data set bytes through {@link Incoming#write}.
     * Takes a file made ahead when there is one.
     */
    Incoming begin(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String callingAeTitle)
            throws IOException {
        Blank blank = ready.poll();
        if (blank == null) {
            blank = newBlank();
        }
        try {
            byte[] meta = metaHeader(sopClassUid, sopInstanceUid, transferSyntaxUid, callingAeTitle);
            blank.channel().write(ByteBuffer.wrap(meta));
            return new Incoming(blank, meta.length);
        } catch (IOException e) {
            blank.remove();
            throw e;
        }
    }

    /**
     * Has one temporary file made ahead for a C-STORE to come, unless {@link #READY_MAX} wait already; for after an
     * answer is sent. Making one takes 0.1 to 0.5 ms on ext4 (more while the journal commits); on a thread of its own
     * it overlaps the sender reading the answer and preparing its next instance, and a release that follows the last
     * answer does not wait for it.
     */
    void prepareNext() {
        try {
            ahead.execute(this::makeAhead);
        } catch (RejectedExecutionException e) {
            // the SCP is stopping: nothing more to come
        }
    }

    private void makeAhead() {
        if (ready.size() >= READY_MAX) {
            return;
        }
        try {
            ready.add(newBlank());
        } catch (IOException e) {
            log.debug("no spool file made ahead: {}", e.toString()); // the next C-STORE makes its own
        }
    }

    /** Removes the files made ahead; for when the SCP stops (a crash leaves them to the next start's clean-up). */
    void close() {
        ahead.shutdown();
        try {
            if (!ahead.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("a spool file made ahead was still being created at stop; the next start removes it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Blank b; (b = ready.poll()) != null; ) {
            b.remove();
        }
    }

    private Blank newBlank() throws IOException {
        Path temp = incoming.resolve(UUID.randomUUID() + ".part");
        FileChannel channel = FileChannel.open(
                temp,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
                OwnerOnly.fileAttributes(temp));
        return new Blank(temp, channel, WritebackHint.of(temp));
    }

    /** A temporary file, open for writing, with its write-back hints. */
    private record Blank(Path path, FileChannel channel, WritebackHint writeback) {
        /** Closes the file; it stays where it is. */
        void close() throws IOException {
            writeback.close();
            channel.close();
        }

        /** Closes and deletes the file. */
        void remove() {
            try {
                close();
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover .part file is removed at the next start
            }
        }
    }

    /**
     * Makes the file durable under its content name. Returns where it is and whether this call created it
     * (false: an identical data set was already spooled, and the temporary copy is dropped).
     */
    Placed commit(Incoming in) throws IOException {
        String sha = in.sha256();
        Path dir = contentFolder(sha);
        ensureDirectory(dir);
        Path target = dir.resolve(sha + ".dcm");
        if (holdsDataSet(target, sha)) {
            // the copy is not needed, and a .part file left by a failed delete goes at the next start, as discard's
            in.file.remove();
            markPending(target);
            // it may be the leftover of an attempt that crashed before its fsync: make sure before acknowledging
            try (FileChannel existing = FileChannel.open(target, StandardOpenOption.READ)) {
                existing.force(true);
            }
            fsyncDirectoryUnlessRenameDurable(dir);
            return new Placed(target, false);
        }
        // Rename first, then fsync (not fdatasync: the rename changes only the inode's ctime, which fdatasync may
        // leave behind), so one journal commit carries data, allocation and name before the sink or the sender
        // hear of it. A crash in between leaves an incomplete file under the name, never acknowledged, which
        // holdsDataSet rejects and the next copy replaces.
        try {
            Files.move(in.file.path(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // the folder was removed behind our back (an operator cleaning the spool): make it again
            knownDirectories.clear();
            ensureDirectory(dir);
            Files.move(in.file.path(), target, StandardCopyOption.ATOMIC_MOVE);
        }
        markPending(target);
        in.file.channel().force(true);
        in.close();
        fsyncDirectoryUnlessRenameDurable(dir);
        return new Placed(target, true);
    }

    /**
     * Links the file into {@code .pending/} before its fsync: the link changes the file's inode in the same metadata
     * transaction, so the fsync that follows makes it durable too (elsewhere the folder is fsynced as well).
     */
    private void markPending(Path target) throws IOException {
        try {
            Files.createLink(pendingMarker(target), target);
        } catch (FileAlreadyExistsException e) {
            // an identical copy is already waiting for the index: one marker serves both
        }
        fsyncDirectoryUnlessRenameDurable(pending);
    }

    private Path pendingMarker(Path spoolFile) {
        return pending.resolve(sha256Of(spoolFile));
    }

    /** The content hash a spool file is named after. */
    static String sha256Of(Path spoolFile) {
        String name = spoolFile.getFileName().toString();
        return name.substring(0, name.length() - ".dcm".length());
    }

    /**
     * The index has recorded the files: their markers go (no fsync: a marker that survives is indexed again, once),
     * once their content names are durable ({@link #syncFoldersBeforeUnmarking}).
     */
    void indexed(List<Path> spoolFiles) throws IOException {
        if (syncFoldersBeforeUnmarking) {
            for (Path folder :
                    spoolFiles.stream().map(Path::getParent).distinct().toList()) {
                fsyncDirectory(folder);
            }
        }
        for (Path file : spoolFiles) {
            Files.deleteIfExists(pendingMarker(file));
        }
    }

    /**
     * Spool files acknowledged but not yet recorded by the index, as their content names. A file removed under its
     * content name since (an operator, or retention after an identical copy was indexed) is restored from its marker.
     */
    List<Path> pending() throws IOException {
        List<Path> files = new ArrayList<>();
        try (var markers = Files.list(pending)) {
            for (Path marker : (Iterable<Path>) markers::iterator) {
                String sha = marker.getFileName().toString();
                Path dir = contentFolder(sha);
                Path file = dir.resolve(sha + ".dcm");
                if (!Files.exists(file)) {
                    ensureDirectory(dir);
                    Files.createLink(file, marker);
                }
                files.add(file);
            }
        }
        return files;
    }

    /** Something done to spool files one by one. */
    interface FileAction {
        void accept(Path file) throws IOException;
    }

    /** Visits every spool file under its content name ({@code <aa>/<sha256>.dcm}, or {@code <aa>/<bb>/...}). */
    void forEachFile(FileAction action) throws IOException {
        int depth = twoLevels ? 3 : 2;
        try (Stream<Path> files = Files.find(
                root,
                depth,
                (path, attributes) -> attributes.isRegularFile()
                        && root.relativize(path).getNameCount() == depth
                        && CONTENT_NAME.matcher(path.getFileName().toString()).matches())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                action.accept(file);
            }
        }
    }

    /**
     * Whether the last run ended with {@link #markCleanStop}. The mark goes either way, durably, so that a crash of
     * this run is seen as one at the next start.
     */
    boolean takeCleanStopMark() throws IOException {
        boolean clean = Files.deleteIfExists(root.resolve(CLEAN_STOP));
        if (clean) {
            fsyncDirectory(root);
        }
        return clean;
    }

    /** For after the index is closed: everything it recorded is durable, and the next start need not check. */
    void markCleanStop() throws IOException {
        OwnerOnly.write(root.resolve(CLEAN_STOP), new byte[0]);
        fsyncDirectory(root);
    }

    private void fsyncDirectoryUnlessRenameDurable(Path dir) throws IOException {
        if (!renameDurableWithFile) {
            fsyncDirectory(dir);
        }
    }

    /** True when {@code file} exists and its data set hashes to {@code sha256Hex}. */
    static boolean holdsDataSet(Path file, String sha256Hex) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try (var in = Files.newInputStream(file)) {
            in.skipNBytes(Part10File.read(file).dataSetOffset());
            MessageDigest digest = newDigest();
            byte[] buf = new byte[65_536];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest()).equals(sha256Hex);
        } catch (IOException e) {
            return false; // unreadable or cut short: replace it
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** Moves rejected input aside with a reason file; returns the quarantined data file. */
    Path quarantine(Incoming in, String reason) throws IOException {
        in.close();
        String name = LocalDateTime.now(ZoneId.systemDefault()).format(QUARANTINE_STAMP) + "-" + UUID.randomUUID();
        Path target = quarantine.resolve(name + ".dcm");
        try {
            Files.move(in.file.path(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(in.file.path(), target); // quarantine on another file system: copy and delete
        }
        OwnerOnly.write(quarantine.resolve(name + ".dcm.reason.txt"), (reason + "\n").getBytes(StandardCharsets.UTF_8));
        return target;
    }

    /** Drops a temporary file that will not be acknowledged. */
    void discard(Incoming in) {
        in.file.remove();
    }

    private Path contentFolder(String sha) {
        Path first = root.resolve(sha.substring(0, 2));
        return twoLevels ? first.resolve(sha.substring(2, 4)) : first;
    }

    /** Whether an earlier version laid this spool out in two levels: a content folder holds a folder. */
    private boolean holdsTwoLevelFolders() throws IOException {
        try (Stream<Path> top = Files.list(root)) {
            for (Path folder : (Iterable<Path>) top::iterator) {
                if (CONTENT_FOLDER.matcher(folder.getFileName().toString()).matches() && Files.isDirectory(folder)) {
                    try (Stream<Path> inside = Files.list(folder)) {
                        if (inside.anyMatch(Files::isDirectory)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /**
     * Makes the 256 content folders, durable before the mark that says they are one level (a crash in between leaves
     * no file in them, and the next start makes them again); at every start, so that one removed is back.
     */
    private void makeContentFolders(boolean marked) throws IOException {
        for (int i = 0; i < 256; i++) {
            Path folder = root.resolve(HexFormat.of().toHexDigits((byte) i));
            OwnerOnly.createDirectories(folder);
            knownDirectories.add(folder);
        }
        if (!marked) {
            fsyncDirectory(root);
            OwnerOnly.write(root.resolve(ONE_LEVEL), new byte[0]);
            fsyncDirectory(root);
        }
    }

    private void ensureDirectory(Path dir) throws IOException {
        if (knownDirectories.contains(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (!parent.equals(root)) {
            ensureDirectory(parent);
        }
        // May exist already, made by an earlier run or by a concurrent association whose fsync of the parent may
        // still be pending: the parent is made durable either way. Where a file's fsync commits every metadata
        // change made before it (ext4, XFS), the fsync of the file about to be renamed into this folder does
        // that; a folder fsync here was one to two more device flushes per instance until a two-level spool's
        // 65,536 folders exist (measured: 1,141 folder fsyncs for 900 instances into a fresh spool).
        OwnerOnly.createDirectories(dir);
        fsyncDirectoryUnlessRenameDurable(parent);
        knownDirectories.add(dir);
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** PS3.10 7.1 preamble, prefix and File Meta Information (Explicit VR Little Endian), written by PixelMed. */
    private static byte[] metaHeader(
            String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String sourceAeTitle)
            throws IOException {
        try {
            AttributeList meta = new FileMetaInformation(sopClassUid, sopInstanceUid, transferSyntaxUid, sourceAeTitle)
                    .getAttributeList();
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            meta.write(new DicomOutputStream(out, TransferSyntax.ExplicitVRLittleEndian, null));
            return out.toByteArray();
        } catch (DicomException e) {
            throw new IOException("cannot write the File Meta Information: " + e.getMessage(), e);
        }
    }

    /**
     * A data set being received: bytes go to the temporary file and into the content digest, and the first
     * {@link #HEAD_BYTES} also stay in memory for the checks that follow.
     */
    static final class Incoming {
        /** Enough for the attributes before Pixel Data of common images. */
        static final int HEAD_BYTES = 65_536;

        private final byte[] head = new byte[HEAD_BYTES];
        private int headLength;
        private final Blank file;
        private final long dataSetOffset;
        private final MessageDigest digest;
        private long size;
        private String sha256Hex;

        private Incoming(Blank blank, long dataSetOffset) {
            this.file = blank;
            this.dataSetOffset = dataSetOffset;
            this.digest = newDigest();
        }

        void write(byte[] b, int off, int len) throws IOException {
            digest.update(b, off, len);
            int keep = Math.min(len, HEAD_BYTES - headLength);
            System.arraycopy(b, off, head, headLength, keep);
            headLength += keep;
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                file.channel().write(buf);
            }
            size += len;
            file.writeback().written(dataSetOffset + size);
        }

        /** Every byte has arrived: the rest starts on its way to the disk while the instance is checked. */
        void complete() {
            file.writeback().complete(dataSetOffset + size);
        }

        /** Closes the file (it stays where it is). */
        void close() throws IOException {
            file.close();
        }

        long size() {
            return size;
        }

        /** The data set received so far, read from memory where it can be. */
        SpooledDataSetStream dataSet() {
            return new SpooledDataSetStream(head, headLength, file.channel(), dataSetOffset, size);
        }

        String sha256() {
            if (sha256Hex == null) {
                sha256Hex = HexFormat.of().formatHex(digest.digest());
            }
            return sha256Hex;
        }
    }

    /** Where a committed file lies, and whether this commit created it. */
    record Placed(Path file, boolean created) {}
}
