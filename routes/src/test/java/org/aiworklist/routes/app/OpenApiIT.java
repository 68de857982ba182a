package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /api/openapi.json is a valid OpenAPI 3 document (swagger-parser finds no problem, references resolved) and
 * describes exactly what the running node's HTTP server answers: every path with every method, nothing more.
 */
class OpenApiIT {
    @Test
    void theDocumentIsValidAndDescribesEveryOperationTheNodeServes(@TempDir Path dir) throws Exception {
        NodeHarness harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        try (NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult parsed =
                    new OpenAPIV3Parser().readContents(harness.get("/api/openapi.json"), null, options);

            assertEquals(List.of(), parsed.getMessages(), "the parser's findings");
            OpenAPI api = parsed.getOpenAPI();
            assertEquals("3.0.3", api.getOpenapi());
            List<String> documented = api.getPaths().entrySet().stream()
                    .flatMap(path -> path.getValue().readOperationsMap().keySet().stream()
                            .map(method -> method.name() + " " + path.getKey()))
                    .sorted()
                    .toList();
            List<String> served = node.httpOperations().stream()
                    .map(operation -> operation.replaceAll(":([A-Za-z]+)", "{$1}"))
                    .toList();
            assertFalse(served.isEmpty());
            assertEquals(served, documented, "documented operations against those the HTTP server answers");
            for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
                path.getValue().readOperationsMap().forEach((method, operation) -> {
                    List<String> codes = List.copyOf(operation.getResponses().keySet());
                    if (method != PathItem.HttpMethod.OPTIONS) {
                        for (String error : List.of("400", "403", "421", "500")) {
                            assertEquals(
                                    true,
                                    codes.contains(error),
                                    method.name().toLowerCase(Locale.ROOT) + " " + path.getKey() + " documents " + error
                                            + " (JSON errors)");
                        }
                    }
                });
            }
        }
    }
}
