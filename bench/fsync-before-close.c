/*
 * LD_PRELOAD shim for the ingest bench: fsyncs every regular file opened for writing before it is closed. Under
 * dcmtk's storescp, which saves each instance before it sends the C-STORE response and has no option to fsync, it
 * makes a durable storescp: the same receiver, one fsync per instance before its answer, and nothing more (no digest,
 * no header check, no index). The bench measures it beside the node to show what the fsync alone costs on the machine
 * at hand. A new file's fsync also makes its name durable on ext4 (journal commit, or without a journal the parent
 * folder's sync) and XFS, as the node relies on too.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int written_regular_file(int fd) {
    struct stat st;
    int flags = fcntl(fd, F_GETFL);
    return flags >= 0 && (flags & O_ACCMODE) != O_RDONLY && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

int fclose(FILE *f) {
    static int (*real_fclose)(FILE *);
    if (!real_fclose) real_fclose = (int (*)(FILE *)) dlsym(RTLD_NEXT, "fclose");
    int fd = fileno(f);
    if (fd >= 0 && written_regular_file(fd)) {
        fflush(f);
        fsync(fd);
    }
    return real_fclose(f);
}

int close(int fd) {
    static int (*real_close)(int);
    if (!real_close) real_close = (int (*)(int)) dlsym(RTLD_NEXT, "close");
    if (fd > 2 && written_regular_file(fd)) fsync(fd);
    return real_close(fd);
}
