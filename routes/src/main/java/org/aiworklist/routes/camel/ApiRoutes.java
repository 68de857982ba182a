package org.aiworklist.routes.camel;

import org.aiworklist.routes.api.ApiErrorResponse;
import org.aiworklist.routes.api.ApiRequestGuard;
import org.aiworklist.routes.api.ApiResponseHeaders;
import org.aiworklist.routes.api.CorsPreflight;
import org.aiworklist.routes.api.NodeApi;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;

/**
 * The REST API. Every route starts with the {@link ApiRequestGuard} and ends with {@link ApiResponseHeaders};
 * a refusal or failure is answered as JSON by {@link ApiErrorResponse} with the same headers.
 * The error handlers here apply to these routes only.
 */
public final class ApiRoutes extends RouteBuilder {
    private final NodeApi api;
    private final ApiRequestGuard guard;
    private final ApiResponseHeaders responseHeaders;

    public ApiRoutes(NodeApi api, ApiRequestGuard guard, ApiResponseHeaders responseHeaders) {
        this.api = api;
        this.guard = guard;
        this.responseHeaders = responseHeaders;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true)
                .process(new ApiErrorResponse())
                .process(responseHeaders);

        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);
        rest().produces("application/json")
                .get("/health").to("direct:health")
                .get("/api/jobs").to("direct:jobs")
                .get("/api/jobs/{id}").to("direct:job")
                .post("/api/jobs/{id}/resend").to("direct:resend")
                .post("/api/destinations/{name}/resend-failed").to("direct:resend-failed")
                .get("/api/studies/{studyInstanceUid}").to("direct:study")
                .post("/api/studies/{studyInstanceUid}/complete").to("direct:complete")
                .get("/api/quarantine").to("direct:quarantine");
        endpoint("health", "health");
        endpoint("jobs", "jobs");
        endpoint("job", "job");
        endpoint("resend", "resend");
        endpoint("resend-failed", "resendFailed");
        endpoint("study", "study");
        endpoint("complete", "complete");
        endpoint("quarantine", "quarantine");

        // The REST DSL has no OPTIONS verb: CORS preflights (and plain OPTIONS) for every path come here.
        from("platform-http:/?matchOnUriPrefix=true&httpMethodRestrict=OPTIONS").routeId("api-options")
                .process(guard)
                .process(responseHeaders)
                .process(new CorsPreflight());
    }

    private void endpoint(String name, String method) {
        from("direct:" + name).routeId("api-" + name)
                .process(guard)
                .bean(api, method)
                .process(responseHeaders);
    }
}
