package org.aiworklist.routes.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * The worklist page and its script and style, built into the jar (no CDN: the node works without internet). Only
 * the files listed here are served; the page fetches everything else through the API.
 */
public final class WebPage {
    private static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");
    private final Map<String, byte[]> content = new HashMap<>();

    public WebPage() {
        ASSETS.keySet().forEach(name -> content.put(name, read(name)));
    }

    public byte[] index(Exchange exchange) {
        return answer("index.html", exchange);
    }

    public byte[] asset(@Header("file") String file, Exchange exchange) {
        if (file == null || file.equals("index.html") || !ASSETS.containsKey(file)) {
            throw new ApiRefusal(404, "no such asset");
        }
        return answer(file, exchange);
    }

    private byte[] answer(String name, Exchange exchange) {
        ApiResponseHeaders.answerAs(exchange, ASSETS.get(name));
        return content.get(name);
    }

    private static byte[] read(String name) {
        try (InputStream in = WebPage.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web/" + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
