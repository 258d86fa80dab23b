package com.botbuddy.batch.client;

import java.net.URI;
import java.net.URISyntaxException;

/** What the client takes for a web address: the API's base URL, a lead's picture. */
public final class HttpUrls {
    private HttpUrls() {
    }

    /** Whether {@code text} is an absolute {@code http} or {@code https} URL with a host. */
    public static boolean isAbsoluteHttp(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
