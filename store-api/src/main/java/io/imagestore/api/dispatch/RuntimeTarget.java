package io.imagestore.api.dispatch;

import io.imagestore.api.InvalidPlatformException;
import io.imagestore.api.Platform;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A runtime a {@link DispatchRouter} can send images to: a name, the platform it serves natively, and
 * the platforms of the same OS it can also run through emulation (for example a Linux VM with Rosetta
 * that serves {@code linux/arm64} and emulates {@code linux/amd64}).
 *
 * <p>Text form, as on the command line: {@code NAME=os/arch[/variant]}, for example
 * {@code mac-sandbox=darwin/arm64}; the platform is read by {@link Platform#parse}, so it is normalised
 * and a single word is completed from the host ({@code vm=linux} on an arm64 host is
 * {@code vm=linux/arm64}). Names are 1 to 64 letters, digits, {@code _}, {@code .} and
 * {@code -}, starting with a letter or digit. An emulated platform must have the runtime's OS:
 * emulation bridges CPU architectures, never operating systems.
 */
public final class RuntimeTarget {
    private static final int MAX_NAME_LENGTH = 64;

    private final String name;
    private final Platform platform;
    private final List<Platform> emulated;

    private RuntimeTarget(String name, Platform platform, List<Platform> emulated) {
        this.name = name;
        this.platform = platform;
        this.emulated = emulated;
    }

    /**
     * Returns the runtime {@code name} serving {@code platform}, emulating nothing.
     *
     * @throws InvalidRouterConfigurationException when the name is not a valid runtime name
     */
    public static RuntimeTarget of(String name, Platform platform) {
        Assignment checked = Assignment.of(name, platform);
        return new RuntimeTarget(checked.name, checked.platform, List.of());
    }

    /**
     * Parses {@code NAME=os/arch[/variant]}, for example {@code linux-vm=linux/arm64}.
     *
     * @throws InvalidRouterConfigurationException when the text has no {@code =}, an invalid name or an
     *     invalid platform (then the platform's error is the cause)
     */
    public static RuntimeTarget parse(String assignment) {
        Assignment parsed = Assignment.parse(assignment);
        return new RuntimeTarget(parsed.name, parsed.platform, List.of());
    }

    /**
     * Returns a copy that also runs {@code emulatedPlatform} through emulation; adding a platform already
     * listed changes nothing.
     *
     * @throws InvalidRouterConfigurationException when {@code emulatedPlatform}'s OS is not this runtime's
     */
    public RuntimeTarget withEmulated(Platform emulatedPlatform) {
        Platform canonical = PlatformCompatibility.canonical(Objects.requireNonNull(emulatedPlatform, "emulatedPlatform"));
        if (!canonical.os().equals(platform.os())) {
            throw new InvalidRouterConfigurationException(name + "=" + canonical, "runtime " + name + " serves "
                    + platform.os() + " and cannot emulate another OS (" + canonical.os()
                    + "); emulate only architectures of " + platform.os() + ", e.g. " + platform.os() + "/amd64");
        }
        if (emulated.contains(canonical)) {
            return this;
        }
        List<Platform> more = new ArrayList<>(emulated);
        more.add(canonical);
        return new RuntimeTarget(name, platform, Collections.unmodifiableList(more));
    }

    /** The runtime's name, for example {@code mac-sandbox}. */
    public String name() {
        return name;
    }

    /** The platform the runtime serves natively, for example {@code darwin/arm64}. */
    public Platform platform() {
        return platform;
    }

    /** The platforms the runtime also runs through emulation, in the order they were added; often empty. */
    public List<Platform> emulated() {
        return emulated;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof RuntimeTarget)) {
            return false;
        }
        RuntimeTarget that = (RuntimeTarget) other;
        return name.equals(that.name) && platform.equals(that.platform) && emulated.equals(that.emulated);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, platform, emulated);
    }

    /**
     * {@code NAME=os/arch[/variant]}, followed by {@code  (emulates a, b)} when it emulates anything;
     * without emulation, {@link #parse} of it is equal.
     */
    @Override
    public String toString() {
        String served = name + "=" + platform;
        if (emulated.isEmpty()) {
            return served;
        }
        return served + " (emulates " + emulated.stream().map(Platform::toString).collect(Collectors.joining(", ")) + ")";
    }

    private static void checkName(String input, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidRouterConfigurationException(input, "the runtime name is empty; use NAME=os/arch, e.g. linux-vm=linux/arm64");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidRouterConfigurationException(input, "the runtime name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!nameCharacter(name.charAt(i), i == 0)) {
                throw new InvalidRouterConfigurationException(input, "the runtime name may contain only letters, digits, '_', '.' and '-'"
                        + " and must start with a letter or digit");
            }
        }
    }

    private static boolean nameCharacter(char c, boolean first) {
        boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        return alphanumeric || (!first && (c == '_' || c == '.' || c == '-'));
    }

    /** A parsed {@code NAME=os/arch[/variant]}: used for runtimes and for emulations alike. */
    static final class Assignment {
        final String name;
        final Platform platform;

        private Assignment(String name, Platform platform) {
            this.name = name;
            this.platform = platform;
        }

        static Assignment of(String name, Platform platform) {
            checkName(name, name);
            return new Assignment(name, PlatformCompatibility.canonical(Objects.requireNonNull(platform, "platform")));
        }

        static Assignment parse(String text) {
            int equals = text == null ? -1 : text.indexOf('=');
            if (equals < 0) {
                throw new InvalidRouterConfigurationException(text, "expected NAME=os/arch[/variant], e.g. linux-vm=linux/arm64");
            }
            String name = text.substring(0, equals);
            checkName(text, name);
            try {
                return new Assignment(name, PlatformCompatibility.canonical(Platform.parse(text.substring(equals + 1))));
            } catch (InvalidPlatformException e) {
                throw new InvalidRouterConfigurationException(text, e.getMessage(), e);
            }
        }
    }
}
