package org.aiworklist.routes.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Everything the node logs while a test runs, formatted with stack traces, to search for patient data. */
final class LogCapture {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.appender.start();
        root().addAppender(capture.appender);
        return capture;
    }

    void stop() {
        root().detachAppender(appender);
    }

    List<String> lines() {
        return appender.list.stream()
                .map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList();
    }

    List<String> linesContaining(String text) {
        return lines().stream().filter(l -> l.contains(text)).toList();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
