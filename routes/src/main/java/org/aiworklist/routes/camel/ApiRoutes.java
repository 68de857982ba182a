package org.aiworklist.routes.camel;

import java.util.List;
import java.util.Locale;
import org.aiworklist.routes.api.ApiErrorResponse;
import org.aiworklist.routes.api.ApiRequestGuard;
import org.aiworklist.routes.api.ApiResponseHeaders;
import org.aiworklist.routes.api.CorsPreflight;
import org.aiworklist.routes.api.NodeApi;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestDefinition;

/**
 * The REST API. Every route starts with the {@link ApiRequestGuard} and ends with {@link ApiResponseHeaders};
 * a refusal or failure is answered as JSON by {@link ApiErrorResponse} with the same headers.
 * The error handler here applies to these routes only.
 */
public final class ApiRoutes extends RouteBuilder {
    /** One API call: HTTP method, path, and the {@link NodeApi} method answering it. */
    private record Endpoint(String verb, String path, String apiMethod) {}

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/health", "health"),
            new Endpoint("GET", "/api/jobs", "jobs"),
            new Endpoint("GET", "/api/jobs/{id}", "job"),
            new Endpoint("POST", "/api/jobs/{id}/resend", "resend"),
            new Endpoint("POST", "/api/destinations/{name}/resend-failed", "resendFailed"),
            new Endpoint("GET", "/api/studies/{studyInstanceUid}", "study"),
            new Endpoint("POST", "/api/studies/{studyInstanceUid}/complete", "complete"),
            new Endpoint("GET", "/api/quarantine", "quarantine"));
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
        onException(Exception.class)
                .handled(true)
                .process(new ApiErrorResponse())
                .process(responseHeaders);

        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);
        RestDefinition rest = rest().produces("application/json");
        for (Endpoint endpoint : ENDPOINTS) {
            rest.verb(endpoint.verb().toLowerCase(Locale.ROOT), endpoint.path()).to("direct:" + endpoint.apiMethod());
            from("direct:" + endpoint.apiMethod())
                    .routeId("api-" + endpoint.apiMethod())
                    .process(guard)
                    .bean(api, endpoint.apiMethod())
                    .process(responseHeaders);
            // The REST DSL has no OPTIONS verb; CORS preflights need one, on the API's own paths only.
            from("platform-http:" + endpoint.path() + "?httpMethodRestrict=OPTIONS")
                    .routeId("api-options-" + endpoint.apiMethod())
                    .process(guard)
                    .process(responseHeaders)
                    .process(new CorsPreflight(endpoint.verb()));
        }
    }
}
