package org.aiworklist.routes.api;

import org.aiworklist.routes.metrics.NodeMetrics;
import org.apache.camel.Exchange;

/** {@code GET /metrics}: the node's metrics in Prometheus's text exposition format. */
public final class MetricsApi {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final NodeMetrics metrics;

    public MetricsApi(NodeMetrics metrics) {
        this.metrics = metrics;
    }

    public String scrape(Exchange exchange) {
        ApiResponseHeaders.answerAs(exchange, PROMETHEUS_TEXT);
        return metrics.scrape();
    }
}
