package io.imagestore.cli;

import io.imagestore.registry.AuthFile;
import io.imagestore.registry.Credentials;
import io.imagestore.registry.RegistryCredentials;
import io.imagestore.registry.RegistryOptions;
import java.io.Console;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of the verbs that talk to a registry: credentials ({@code --creds}, else the auth files) and
 * TLS verification. Credentials are never echoed: a {@code --creds USER} without a password prompts for
 * it on the console, without echo.
 */
final class RegistryFlags {
    @Option(names = "--creds", paramLabel = "USER[:PASSWORD]",
            description = "Credentials for the registry; without :PASSWORD, it is asked for on the terminal. "
                    + "Default: the auth file's entry for the registry.")
    private String creds;

    @Option(names = "--authfile", paramLabel = "FILE",
            description = "Auth file to read credentials from (and that login/logout write). Default: "
                    + "$REGISTRY_AUTH_FILE, then $XDG_RUNTIME_DIR/containers/auth.json, then ~/.docker/config.json.")
    private Path authFile;

    @Option(names = "--tls-verify", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Verify TLS certificates and require HTTPS (default true). --tls-verify=false allows plain "
                    + "HTTP and unverified TLS; registries on loopback addresses may use plain HTTP anyway.")
    private boolean tlsVerify = true;

    /** The registry options these flags give, with credentials found as documented. */
    RegistryOptions options(CliEnvironment environment) {
        return RegistryOptions.builder().credentials(credentials(environment)).tlsVerify(tlsVerify).build();
    }

    private RegistryCredentials credentials(CliEnvironment environment) {
        if (creds != null) {
            return RegistryCredentials.always(creds.indexOf(':') >= 0 ? Credentials.parse(creds, "--creds")
                    : Credentials.of(creds, askPassword(creds), "--creds"));
        }
        return AuthFile.chain(authFiles(environment), helperPath(environment));
    }

    /** Where credential helpers ({@code docker-credential-NAME}) are looked for: the environment's {@code PATH}. */
    static java.util.List<Path> helperPath(CliEnvironment environment) {
        return AuthFile.searchPathOf(environment.variable("PATH").orElse(null));
    }

    /** The auth file login and logout write, its credential helpers found on the environment's {@code PATH}. */
    AuthFile writableAuth(CliEnvironment environment) {
        return AuthFile.at(writableAuthFile(environment), helperPath(environment));
    }

    /** {@code --authfile}, or the default search path. */
    List<Path> authFiles(CliEnvironment environment) {
        if (authFile != null) {
            return List.of(authFile.toAbsolutePath());
        }
        return AuthFile.searchPath(authVariables(environment), environment.home());
    }

    /** The auth file login and logout write: {@code --authfile}, else the first of the default search path. */
    Path writableAuthFile(CliEnvironment environment) {
        return authFiles(environment).get(0);
    }

    private static Map<String, String> authVariables(CliEnvironment environment) {
        Map<String, String> variables = new HashMap<>();
        for (String name : List.of("REGISTRY_AUTH_FILE", "XDG_RUNTIME_DIR")) {
            environment.variable(name).ifPresent(value -> variables.put(name, value));
        }
        return variables;
    }

    /** Reads a password from the terminal without echo; fails as a usage error when there is no terminal. */
    static String askPassword(String user) {
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no password for " + user + " and no terminal to ask for it on: "
                    + "give USER:PASSWORD, or --password-stdin for login");
        }
        char[] password = console.readPassword("Password for %s: ", user);
        if (password == null) {
            throw new IllegalArgumentException("no password given for " + user);
        }
        return new String(password);
    }
}
