package io.imagestore.api.dispatch;

import io.imagestore.api.OsKind;
import io.imagestore.api.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which image platforms a runtime serving one platform can run natively, by containerd's
 * {@code platforms.Only} rules (its {@code platformVector}): the platform itself; for {@code amd64/vN}
 * the lower {@code amd64} variants, then {@code 386}; for {@code arm/vN} the lower {@code arm} variants
 * down to {@code v5}; for {@code arm64/v9.x} the lower {@code v9} minors and {@code arm64/v8.0…v8.(x+5)};
 * for {@code arm64/v8.x} the lower {@code v8} minors; and for any {@code arm64} also {@code arm/v8} (or
 * {@code arm/v9} for {@code arm64/v9}) down to {@code arm/v5}. The OS never changes.
 */
final class PlatformCompatibility {
    private static final int LOWEST_ARM_VARIANT = 5;
    private static final int ARM64_V9_TO_V8_MINOR_OFFSET = 5;
    private static final int ARM64_HIGHEST_V8_MINOR = 9;

    private PlatformCompatibility() {}

    /**
     * Returns {@code platform} with its OS spelled canonically when it is an alias of a known kind
     * ({@code osx} becomes {@code darwin}), so that equal operating systems compare equal.
     */
    static Platform canonical(Platform platform) {
        Optional<OsKind> kind = platform.osKind();
        if (kind.isEmpty() || kind.get().ociName().equals(platform.os())) {
            return platform;
        }
        return Platform.of(kind.get().ociName(), platform.architecture(), platform.variant().orElse(""));
    }

    /** Whether a runtime serving {@code served} runs {@code image} natively (equal or compatible). */
    static boolean runsNatively(Platform served, Platform image) {
        return runnableBy(served).contains(image);
    }

    /** The platforms a runtime serving {@code served} runs natively, most preferred (itself) first. */
    static List<Platform> runnableBy(Platform served) {
        List<Platform> vector = new ArrayList<>();
        vector.add(served);
        String os = served.os();
        String variant = served.variant().orElse("");
        switch (served.architecture()) {
            case "amd64":
                addLowerVariants(vector, os, "amd64", variant, 1);
                vector.add(Platform.of(os, "386", ""));
                break;
            case "arm":
                addLowerVariants(vector, os, "arm", variant, LOWEST_ARM_VARIANT);
                break;
            case "arm64":
                addArm64(vector, os, variant.isEmpty() ? "v8" : variant);
                break;
            default:
                break;
        }
        return vector;
    }

    private static void addLowerVariants(List<Platform> vector, String os, String arch, String variant, int lowest) {
        int version = parseVersion(variant.startsWith("v") ? variant.substring(1) : variant);
        for (int lower = version - 1; lower >= lowest; lower--) {
            vector.add(Platform.of(os, arch, "v" + lower));
        }
    }

    private static void addArm64(List<Platform> vector, String os, String variant) {
        String[] majorMinor = variant.substring(variant.startsWith("v") ? 1 : 0).split("\\.", 2);
        int major = parseVersion(majorMinor[0]);
        if (major >= 8) {
            int minor = variant.length() == 4 && majorMinor.length == 2 ? Math.max(parseVersion(majorMinor[1]), 0) : 0;
            if (major == 9) {
                addArm64Minors(vector, os, 9, minor);
                minor = Math.min(minor + ARM64_V9_TO_V8_MINOR_OFFSET, ARM64_HIGHEST_V8_MINOR);
                vector.add(Platform.of(os, "arm64", "v8." + minor));
            }
            addArm64Minors(vector, os, 8, minor);
        }
        boolean minorVariant = variant.startsWith("v8.") || variant.startsWith("v9.");
        Platform arm = Platform.of(os, "arm", minorVariant ? "v8" : variant);
        vector.addAll(runnableBy(arm));
    }

    private static void addArm64Minors(List<Platform> vector, String os, int major, int minor) {
        for (int lower = minor - 1; lower >= 0; lower--) {
            vector.add(Platform.of(os, "arm64", lower == 0 ? "v" + major : "v" + major + "." + lower));
        }
    }

    /** The decimal value of {@code digits}, or -1 when it is not a small non-negative number. */
    private static int parseVersion(String digits) {
        if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Integer.parseInt(digits);
    }
}
