package org.aiworklist.routes.camel;

import java.util.List;
import java.util.Locale;
import org.aiworklist.common.audit.AuditTrail;
import org.aiworklist.routes.api.ApiAudit;
import org.aiworklist.routes.api.ApiErrorResponse;
import org.aiworklist.routes.api.ApiRequestGuard;
import org.aiworklist.routes.api.ApiResponseHeaders;
import org.aiworklist.routes.api.CorsPreflight;
import org.aiworklist.routes.api.LiveEvents;
import org.aiworklist.routes.api.LoginApi;
import org.aiworklist.routes.api.MetricsApi;
import org.aiworklist.routes.api.NodeApi;
import org.aiworklist.routes.api.OpenApiDocument;
import org.aiworklist.routes.api.WebPage;
import org.aiworklist.routes.api.WorklistApi;
import org.aiworklist.routes.persistence.Database;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestDefinition;

/**
 * The node's HTTP answers: the REST API, the worklist page and its assets, metrics and the OpenAPI document. Every
 * route starts with the {@link ApiRequestGuard} and ends with {@link ApiResponseHeaders}; a refusal or failure is
 * answered as JSON by {@link ApiErrorResponse} with the same headers. Calls that return patient data or act on
 * studies are audited ({@link ApiAudit}) once answered. The error handler here applies to these
 * routes only. Server-sent events ({@link LiveEvents}) are served by Vert.x itself; the live-events route here
 * sends them.
 */
public final class ApiRoutes extends RouteBuilder {
    /** One HTTP call: method, path, what it produces, and the bean and method answering it (route id: api-method). */
    private record Endpoint(String verb, String path, String produces, Object bean, String method) {}

    private static final String JSON = "application/json";
    private final NodeApi api;
    private final WorklistApi worklist;
    private final WebPage page;
    private final LoginApi login;
    private final MetricsApi metrics;
    private final LiveEvents live;
    private final ApiRequestGuard guard;
    private final ApiResponseHeaders responseHeaders;
    private final AuditTrail audit;
    private final Database database;

    public ApiRoutes(
            NodeApi api,
            WorklistApi worklist,
            WebPage page,
            LoginApi login,
            MetricsApi metrics,
            LiveEvents live,
            ApiRequestGuard guard,
            ApiResponseHeaders responseHeaders,
            AuditTrail audit,
            Database database) {
        this.audit = audit;
        this.database = database;
        this.api = api;
        this.worklist = worklist;
        this.page = page;
        this.login = login;
        this.metrics = metrics;
        this.live = live;
        this.guard = guard;
        this.responseHeaders = responseHeaders;
    }

    private List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET", "/health", JSON, api, "health"),
                new Endpoint("GET", "/api/jobs", JSON, api, "jobs"),
                new Endpoint("GET", "/api/jobs/{id}", JSON, api, "job"),
                new Endpoint("POST", "/api/jobs/{id}/resend", JSON, api, "resend"),
                new Endpoint("POST", "/api/destinations/{name}/resend-failed", JSON, api, "resendFailed"),
                new Endpoint("GET", "/api/studies/{studyInstanceUid}", JSON, api, "study"),
                new Endpoint("POST", "/api/studies/{studyInstanceUid}/complete", JSON, api, "complete"),
                new Endpoint("GET", "/api/quarantine", JSON, api, "quarantine"),
                new Endpoint("GET", "/api/worklist", JSON, worklist, "worklist"),
                new Endpoint("GET", "/api/jobs/{id}/detail", JSON, worklist, "detail"),
                new Endpoint("GET", "/api/jobs/{id}/images/{kind}/{index}", "image/png", worklist, "image"),
                new Endpoint("GET", "/api/destinations", JSON, worklist, "destinations"),
                new Endpoint("GET", "/api/models", JSON, worklist, "models"),
                new Endpoint("POST", "/api/login", JSON, login, "login"),
                new Endpoint("POST", "/api/logout", JSON, login, "logout"),
                new Endpoint("GET", "/api/session", JSON, login, "session"),
                new Endpoint("GET", "/api/openapi.json", JSON, new OpenApiDocument(), "document"),
                new Endpoint("GET", "/metrics", "text/plain", metrics, "scrape"),
                new Endpoint("GET", "/", "text/html", page, "index"),
                new Endpoint("GET", "/assets/{file}", null, page, "asset"));
    }

    @Override
    public void configure() {
        onException(Exception.class)
                .handled(true)
                .process(new ApiErrorResponse())
                .process(responseHeaders);

        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);
        RestDefinition rest = rest();
        for (Endpoint endpoint : endpoints()) {
            rest.verb(endpoint.verb().toLowerCase(Locale.ROOT), endpoint.path()).to("direct:" + endpoint.method());
            if (endpoint.produces() != null) {
                rest.produces(endpoint.produces());
            }
            RouteDefinition route = from("direct:" + endpoint.method())
                    .routeId("api-" + endpoint.method())
                    .process(guard)
                    .bean(endpoint.bean(), endpoint.method());
            ApiAudit.forCall(endpoint.method(), audit, database).ifPresent(route::process);
            route.process(responseHeaders);
            // The REST DSL has no OPTIONS verb; CORS preflights need one, on the API's own paths only.
            from("platform-http:" + endpoint.path() + "?httpMethodRestrict=OPTIONS")
                    .routeId("api-options-" + endpoint.method())
                    .process(guard)
                    .process(responseHeaders)
                    .process(new CorsPreflight(endpoint.verb()));
        }

        from("timer:live-events?period=" + LiveEvents.PERIOD_MS)
                .routeId("live-events")
                .bean(live, "flush");
    }
}
