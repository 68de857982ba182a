package org.aiworklist.dicom;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The node's background threads: daemons, so that none of them keeps a stopping JVM alive. */
final class DaemonThreads {
    private DaemonThreads() {}

    /** A daemon thread, not yet started. */
    static Thread named(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** One daemon thread named {@code name}, running tasks in the order given; it ends after 30 s without work. */
    static ThreadPoolExecutor single(String name) {
        ThreadPoolExecutor e = new ThreadPoolExecutor(
                1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> named(name, task));
        e.allowCoreThreadTimeOut(true);
        return e;
    }
}
