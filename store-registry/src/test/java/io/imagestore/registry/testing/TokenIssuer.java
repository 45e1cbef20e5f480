package io.imagestore.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A small token service for {@link TestRegistry#withTokens}: {@code GET /token?service=…&scope=…} with
 * Basic credentials answers {@code {"token":JWT,"expires_in":300}}, the JWT signed RS256 by a key made
 * here with the JDK's {@code keytool} and carrying its self-signed certificate in {@code x5c}; the
 * registry trusts that certificate ({@link #certificate()} is its {@code rootcertbundle}). Wrong or
 * missing credentials get {@code 401}. The OAuth flow of identity tokens too: {@code POST /token} with
 * {@code grant_type=refresh_token} and {@link #identityToken()} as {@code refresh_token} answers
 * {@code {"access_token":JWT,…}}; another refresh token gets {@code 401}. Every request's scopes are recorded.
 */
public final class TokenIssuer implements AutoCloseable {
    static final String SERVICE = "imagestore-test-registry";
    static final String ISSUER = "imagestore-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "changeit";

    private final String user;
    private final String password;
    private final Path certificate;
    private final PrivateKey key;
    private final String x5c;
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final String identityToken = "identity-" + UUID.randomUUID();

    private TokenIssuer(Path directory, String user, String password) throws IOException, GeneralSecurityException,
            InterruptedException {
        this.user = user;
        this.password = password;
        Files.createDirectories(directory);
        Path keystore = directory.resolve("issuer.p12");
        this.certificate = directory.resolve("issuer.pem");
        keytool("-genkeypair", "-alias", "issuer", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + ISSUER,
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "issuer", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-file", certificate.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, PASSWORD.toCharArray());
        }
        this.key = (PrivateKey) store.getKey("issuer", PASSWORD.toCharArray());
        Certificate cert = store.getCertificate("issuer");
        this.x5c = Base64.getEncoder().encodeToString(cert.getEncoded());
        this.server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    /** Starts an issuer that gives tokens to {@code user} with {@code password}, its key files under {@code directory}. */
    public static TokenIssuer start(Path directory, String user, String password)
            throws IOException, GeneralSecurityException, InterruptedException {
        return new TokenIssuer(directory, user, password);
    }

    /** The realm URL the registry names in its challenge. */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The identity (refresh) token this issuer exchanges for access tokens. */
    public String identityToken() {
        return identityToken;
    }

    /** The PEM certificate the registry trusts. */
    public Path certificate() {
        return certificate;
    }

    /** The scopes of every token request so far (space-joined per request), refused ones included. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("POST")) {
            handleRefresh(exchange);
            return;
        }
        try (exchange) {
            List<String> scopes = new ArrayList<>();
            String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).equals("scope")) {
                    scopes.add(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
            requests.add(String.join(" ", scopes));
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"details\":\"incorrect username or password\"}");
                return;
            }
            ObjectNode answer = JSON.createObjectNode();
            answer.put("token", token(scopes));
            answer.put("expires_in", 300);
            answer.put("issued_at", Instant.now().toString());
            send(exchange, 200, JSON.writeValueAsString(answer));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign a token", e);
        }
    }

    private void handleRefresh(HttpExchange exchange) throws IOException {
        try (exchange) {
            java.util.Map<String, String> form = new java.util.HashMap<>();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            for (String pair : body.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    form.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
            List<String> scopes = form.containsKey("scope") && !form.get("scope").isEmpty()
                    ? List.of(form.get("scope").split(" ")) : List.of();
            requests.add("POST " + String.join(" ", scopes));
            if (!"refresh_token".equals(form.get("grant_type")) || !identityToken.equals(form.get("refresh_token"))
                    || !SERVICE.equals(form.get("service")) || form.getOrDefault("client_id", "").isEmpty()) {
                send(exchange, 401, "{\"error\":\"invalid_grant\"}");
                return;
            }
            ObjectNode answer = JSON.createObjectNode();
            answer.put("access_token", token(scopes));
            answer.put("expires_in", 300);
            send(exchange, 200, JSON.writeValueAsString(answer));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign a token", e);
        }
    }

    private String token(List<String> scopes) throws GeneralSecurityException, IOException {
        ObjectNode header = JSON.createObjectNode();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.putArray("x5c").add(x5c);
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", ISSUER);
        claims.put("sub", user);
        claims.put("aud", SERVICE);
        claims.put("exp", now + 300);
        claims.put("nbf", now - 60);
        claims.put("iat", now);
        claims.put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length == 3) {
                ObjectNode entry = access.addObject();
                entry.put("type", parts[0]);
                entry.put("name", parts[1]);
                ArrayNode actions = entry.putArray("actions");
                for (String action : parts[2].split(",")) {
                    actions.add(action);
                }
            }
        }
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signed = url.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + url.encodeToString(JSON.writeValueAsBytes(claims));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + url.encodeToString(signature.sign());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException("keytool ran longer than 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + arguments[0] + " exited " + process.exitValue() + ": "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
