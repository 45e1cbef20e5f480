package io.imagestore.api;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An OCI platform, {@code os/architecture[/variant]}, normalised like containerd's
 * {@code platforms.Normalize}: {@code x86_64}, {@code x86-64} → {@code amd64} (and {@code amd64/v1} →
 * {@code amd64}); {@code aarch64} → {@code arm64}, {@code arm64/v8} → {@code arm64},
 * {@code arm64/9} → {@code arm64/v9}; {@code armhf} → {@code arm/v7}; {@code armel} → {@code arm/v6};
 * {@code arm} → {@code arm/v7}; {@code i386} → {@code 386}; {@code macos} and {@code osx} → {@code darwin}. Every part
 * is lower case. Normalising a normalised platform changes nothing.
 */
public final class Platform {
    private static final Set<String> KNOWN_OS = Set.of("aix", "android", "darwin", "dragonfly", "freebsd",
            "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris",
            "wasip1", "windows", "zos");
    private static final Set<String> KNOWN_ARCH = Set.of("386", "amd64", "amd64p32", "arm", "armbe", "arm64",
            "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
            "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm");

    private final String os;
    private final String architecture;
    private final String variant;

    private Platform(String os, String architecture, String variant) {
        this.os = os;
        this.architecture = architecture;
        this.variant = variant;
    }

    /**
     * Parses {@code os/arch[/variant]}, or a single word that is an OS ({@code linux}, {@code macOS}: the
     * host's architecture is assumed) or an architecture ({@code arm64}: the host's OS is assumed).
     *
     * @throws InvalidPlatformException when the text is empty, has empty parts, spaces, {@code *},
     *     more than three parts, or is a single word that is neither a known OS nor a known architecture
     */
    public static Platform parse(String specifier) {
        if (specifier == null || specifier.isEmpty()) {
            throw new InvalidPlatformException(specifier, "it is empty; use os/arch[/variant], e.g. linux/arm64");
        }
        String[] parts = specifier.split("/", -1);
        for (String part : parts) {
            checkPart(specifier, part);
        }
        switch (parts.length) {
            case 1:
                return parseSingleWord(specifier, parts[0]);
            case 2:
                return normalise(parts[0], parts[1], "");
            case 3:
                return normalise(parts[0], parts[1], parts[2]);
            default:
                throw new InvalidPlatformException(specifier, "it has " + parts.length
                        + " parts; use os/arch[/variant], e.g. linux/arm/v7");
        }
    }

    private static Platform parseSingleWord(String specifier, String word) {
        String os = normaliseOs(word);
        if (KNOWN_OS.contains(os)) {
            Platform host = host();
            return new Platform(os, host.architecture, host.variant);
        }
        Platform arch = normalise(host().os, word, "");
        if (KNOWN_ARCH.contains(arch.architecture)) {
            return arch;
        }
        throw new InvalidPlatformException(specifier, "it is neither a known operating system nor a known architecture");
    }

    /**
     * Returns the normalised platform of {@code os}, {@code architecture} and an optional {@code variant}
     * (null or empty for none).
     *
     * @throws InvalidPlatformException when os or architecture is empty or a part has characters other
     *     than letters, digits, {@code _}, {@code .} and {@code -}
     */
    public static Platform of(String os, String architecture, String variant) {
        String spec = os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
        checkPart(spec, os);
        checkPart(spec, architecture);
        if (variant != null && !variant.isEmpty()) {
            checkPart(spec, variant);
        }
        return normalise(os, architecture, variant == null ? "" : variant);
    }

    /** The platform of the running JVM, from {@code os.name} and {@code os.arch}. */
    public static Platform host() {
        return HostHolder.HOST;
    }

    private static final class HostHolder {
        static final Platform HOST = detectHost(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static Platform detectHost(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os;
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            os = "darwin";
        } else if (name.startsWith("windows")) {
            os = "windows";
        } else if (name.startsWith("linux")) {
            os = "linux";
        } else {
            os = name.replaceAll("[^a-z0-9]", "");
            os = os.isEmpty() ? "linux" : os;
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "x86":
            case "i486":
            case "i586":
            case "i686":
                arch = "386";
                break;
            case "ppc64le":
            case "s390x":
            case "riscv64":
                break;
            default:
                arch = arch.replaceAll("[^a-z0-9_.-]", "");
                arch = arch.isEmpty() ? "amd64" : arch;
        }
        return normalise(os, arch, "");
    }

    private static void checkPart(String specifier, String part) {
        if (part == null || part.isEmpty()) {
            throw new InvalidPlatformException(specifier, "it has an empty part; use os/arch[/variant], e.g. linux/arm64");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!ok) {
                throw new InvalidPlatformException(specifier, "character '" + (c < 0x20 ? "?" : c)
                        + "' is not allowed; parts are letters, digits, '_', '.' and '-'");
            }
        }
    }

    private static String normaliseOs(String os) {
        String lower = os.toLowerCase(Locale.ROOT);
        return lower.equals("macos") || lower.equals("osx") ? "darwin" : lower;
    }

    private static Platform normalise(String os, String architecture, String variant) {
        String arch = architecture.toLowerCase(Locale.ROOT);
        String v = variant.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "i386":
                arch = "386";
                v = "";
                break;
            case "x86_64":
            case "x86-64":
            case "amd64":
                arch = "amd64";
                if (v.equals("v1")) {
                    v = "";
                }
                break;
            case "aarch64":
            case "arm64":
                arch = "arm64";
                v = normaliseArm64Variant(v);
                break;
            case "armhf":
                arch = "arm";
                v = "v7";
                break;
            case "armel":
                arch = "arm";
                v = "v6";
                break;
            case "arm":
                v = v.isEmpty() || v.equals("7") ? "v7" : isBareArmVersion(v) ? "v" + v : v;
                break;
            default:
                break;
        }
        return new Platform(normaliseOs(os), arch, v);
    }

    private static boolean isBareArmVersion(String v) {
        return v.length() == 1 && v.charAt(0) >= '5' && v.charAt(0) <= '8';
    }

    private static String normaliseArm64Variant(String v) {
        switch (v) {
            case "8":
            case "v8":
            case "v8.0":
            case "8.0":
                return "";
            case "9":
            case "9.0":
            case "v9.0":
                return "v9";
            default:
                return isBareVersion(v) ? "v" + v : v;
        }
    }

    /**
     * Whether {@code v} is a version written without its {@code v}, such as {@code 8.1}: digits, then
     * optionally a dot and more digits. Hand-written rather than a regular expression, which would cost every
     * command that reads a sidecar (it meets this for each arm64 image) the start-up of {@code java.util.regex}.
     */
    private static boolean isBareVersion(String v) {
        int dot = v.indexOf('.');
        return dot < 0 ? isDigits(v) : isDigits(v.substring(0, dot)) && isDigits(v.substring(dot + 1));
    }

    private static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The normalised OCI {@code os}, for example {@code linux} or {@code darwin}. */
    public String os() {
        return os;
    }

    /** The normalised OCI {@code architecture}, for example {@code amd64} or {@code arm64}. */
    public String architecture() {
        return architecture;
    }

    /** The CPU variant, for example {@code v7} for {@code arm}; empty when there is none. */
    public Optional<String> variant() {
        return variant.isEmpty() ? Optional.empty() : Optional.of(variant);
    }

    /** The operating-system kind, empty for an OS the router does not know. */
    public Optional<OsKind> osKind() {
        return OsKind.fromOci(os);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Platform)) {
            return false;
        }
        Platform that = (Platform) other;
        return os.equals(that.os) && architecture.equals(that.architecture) && variant.equals(that.variant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(os, architecture, variant);
    }

    /** {@code os/arch[/variant]}, for example {@code linux/arm/v7}; {@code parse(toString())} is equal. */
    @Override
    public String toString() {
        return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
    }
}
