package io.imagestore.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.api.wire.ImageSearchResultDto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Searches a registry's repositories. The distribution API has no search endpoint, so this lists the
 * catalog ({@code GET /v2/_catalog}, following {@code Link: <…>; rel="next"} pages, at most
 * {@value #MAX_PAGES} pages of {@value #PAGE_SIZE}) and keeps the names that contain the term, ignoring
 * case. Registries that do not offer the catalog (Docker Hub) answer {@code 401}/{@code 404}, reported as
 * such. Descriptions and stars do not exist in a registry: they are empty and 0.
 */
public final class RegistrySearch {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 1000;
    private static final int MAX_PAGE_BYTES = 4 << 20;
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");

    private final RegistryOptions options;

    /** A search with {@code options} (credentials, TLS). */
    public RegistrySearch(RegistryOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * The repositories of {@code registry} (a host such as {@code 127.0.0.1:5000}) whose name contains
     * {@code term}, in the catalog's order.
     *
     * @throws RegistryException when the registry does not offer its catalog or cannot be reached
     */
    public List<ImageSearchResultDto> search(String registry, String term) {
        RegistryTransport transport = new RegistryTransport(RegistryEndpoint.of(registry, options.tlsVerify()), options);
        String needle = term.toLowerCase(Locale.ROOT);
        List<ImageSearchResultDto> results = new ArrayList<>();
        String target = "/v2/_catalog?n=" + PAGE_SIZE;
        try {
            for (int page = 0; page < MAX_PAGES && target != null; page++) {
                RegistryRequest request = RegistryRequest.of("GET", target, Scope.catalog());
                HttpResponse<InputStream> response = transport.send(request);
                if (response.statusCode() != 200) {
                    throw RegistryErrors.unexpected(transport, request, response, "its catalog (/v2/_catalog; "
                            + "the distribution API has no search, and this registry does not list its repositories)");
                }
                target = next(response).orElse(null);
                for (String name : names(response, registry)) {
                    if (name.toLowerCase(Locale.ROOT).contains(needle)) {
                        results.add(new ImageSearchResultDto(name, "", 0, false, false));
                    }
                }
            }
        } catch (IOException e) {
            throw new RegistryException("cannot read the catalog of registry " + registry + ": "
                    + RegistryTransport.describe(e), e);
        }
        return results;
    }

    private static List<String> names(HttpResponse<InputStream> response, String registry) throws IOException {
        try (InputStream in = response.body()) {
            JsonNode repositories = JSON.readTree(Bodies.readAtMost(in, MAX_PAGE_BYTES, "a catalog page of " + registry))
                    .path("repositories");
            if (!repositories.isArray()) {
                throw new RegistryException("registry " + registry + " answered a catalog page without a "
                        + "\"repositories\" list");
            }
            List<String> names = new ArrayList<>();
            repositories.forEach(name -> names.add(name.asText()));
            return names;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Optional<String> next(HttpResponse<InputStream> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher matcher = NEXT.matcher(link);
            if (matcher.find()) {
                URI uri = URI.create(matcher.group(1));
                String query = uri.getRawQuery();
                return Optional.of(uri.getRawPath() + (query == null ? "" : "?" + query));
            }
        }
        return Optional.empty();
    }
}
