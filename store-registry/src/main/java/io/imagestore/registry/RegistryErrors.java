package io.imagestore.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/**
 * Turns an unexpected answer into the exception a user can act on: {@code 401}/{@code 403} into
 * {@link RegistryAuthenticationException}, anything else into {@link RegistryException} quoting the
 * distribution error body's {@code code} and {@code message} (bounded, so a hostile body cannot flood a
 * message). Closes the answer's body.
 */
final class RegistryErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 16 * 1024;
    private static final int MAX_DETAIL = 300;

    private RegistryErrors() {
    }

    static RegistryException unexpected(RegistryTransport transport, RegistryRequest request,
            HttpResponse<InputStream> response, String what) {
        int status = response.statusCode();
        String detail = detail(response);
        Authenticator authenticator = transport.authenticator();
        if (status == 401) {
            return authenticator.hasCredentials() ? authenticator.refused("registry " + transport.endpoint())
                    : authenticator.needCredentials(what);
        }
        if (status == 403) {
            return new RegistryAuthenticationException("registry " + transport.endpoint() + " denied access to " + what
                    + (authenticator.hasCredentials() ? " for the credentials given" : " to anonymous users")
                    + detail + ": check that the account may do this");
        }
        return new RegistryException("registry " + transport.endpoint() + " answered HTTP " + status + " to "
                + request + " (" + what + ")" + detail);
    }

    /** {@code ": CODE: message"} from the error body, or nothing when it has none. */
    static String detail(HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return "";
        }
        try {
            JsonNode first = JSON.readTree(body).path("errors").path(0);
            String code = first.path("code").asText("");
            String message = first.path("message").asText("");
            String text = (code + (message.isEmpty() ? "" : ": " + message)).replaceAll("\\p{Cntrl}", " ");
            if (text.isEmpty()) {
                return "";
            }
            return ": " + (text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "…" : text);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The distribution error code of the body ({@code MANIFEST_UNKNOWN}, …), or empty text; closes the body. */
    static String code(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return JSON.readTree(in.readNBytes(MAX_ERROR_BODY)).path("errors").path(0).path("code").asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
