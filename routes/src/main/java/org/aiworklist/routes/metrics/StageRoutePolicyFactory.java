package org.aiworklist.routes.metrics;

import java.time.Duration;
import java.util.Map;
import org.aiworklist.routes.camel.NodeRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Times the stages that are whole routes (inference, reports) from the moment the route takes a job to the moment
 * it is done with it. A job the route failed is not timed: its time says nothing about the stage.
 */
final class StageRoutePolicyFactory implements RoutePolicyFactory {
    private static final Map<String, Stage> ROUTES =
            Map.of(NodeRoutes.INFERENCE_ROUTE, Stage.INFERENCE, NodeRoutes.REPORTS_ROUTE, Stage.REPORTS);
    private static final String STAGE_STARTED = "aiworklist.stageStartedNanos";
    private final StageTimers stages;

    StageRoutePolicyFactory(StageTimers stages) {
        this.stages = stages;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        Stage stage = ROUTES.get(routeId);
        return stage == null ? null : new Timed(stage);
    }

    private final class Timed extends RoutePolicySupport {
        private final Stage stage;

        Timed(Stage stage) {
            this.stage = stage;
        }

        /** One key per stage: on a worker the reports route runs inside the inference route's exchange. */
        private String startedKey() {
            return STAGE_STARTED + "." + stage;
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            exchange.setProperty(startedKey(), System.nanoTime());
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            Long started = exchange.getProperty(startedKey(), Long.class);
            // the inference route also takes wake-ups that find no job waiting: those are no inference
            boolean job = stage != Stage.INFERENCE || exchange.getMessage().getHeader(NodeRoutes.JOB_ID) != null;
            if (started != null
                    && job
                    && !exchange.isFailed()
                    && exchange.getProperty(Exchange.EXCEPTION_CAUGHT) == null) {
                stages.record(stage, Duration.ofNanos(System.nanoTime() - started));
            }
        }
    }
}
