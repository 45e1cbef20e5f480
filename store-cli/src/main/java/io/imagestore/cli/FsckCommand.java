package io.imagestore.cli;

import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.FsckReport;
import io.imagestore.fs.FsckReport.Finding;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code imagestore fsck}: checks the store; exits 0 when it is clean or everything found was repaired,
 * 4 when a corrupt sidecar remains, 1 when another problem remains.
 */
@Command(name = "fsck", sortOptions = false,
        header = "Check the store (and repair it).",
        description = "Checks the store: damaged sidecars, incomplete images, stale temp/staging/trash, "
                + "directory names that do not match their sidecar's reference; ACTION says what --repair does. "
                + "--repair removes only what can never be a good image and never deletes a rootfs: a damaged "
                + "sidecar is rebuilt from the image's config or executables, or set aside (its bytes kept). Exits "
                + "0 when clean or all repaired, 4 when a corrupt sidecar remains, 1 when another problem remains.")
final class FsckCommand extends StoreCommand {
    @Option(names = "--repair", description = "Do what the ACTION column says: remove leftovers, rebuild or set aside "
            + "damaged sidecars; never delete a rootfs.")
    private boolean repair;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = Format.TextOrJson.class,
            description = "table (default) or json (root, images_checked, clean, findings with their repair).")
    private Format format;

    /** One finding in {@code fsck --format json}; {@code repair} is what --repair does (did), null for nothing. */
    record FindingView(String kind, String path, String detail, String repair, boolean repaired) {}

    /** The JSON shape of {@code fsck --format json}. */
    record ReportView(String root, int imagesChecked, boolean clean, List<FindingView> findings) {}

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        FsckReport report = output.withProgress("Checking " + store.root(), () -> store.fsck(repair));
        if (format == Format.JSON) {
            output.json(new ReportView(store.root().toString(), report.imagesChecked(), report.clean(),
                    report.findings().stream().map(FsckCommand::view).collect(Collectors.toList())));
        } else {
            printText(store.root(), report, output);
        }
        return status(report);
    }

    private static FindingView view(Finding finding) {
        return new FindingView(kindName(finding), finding.path().toString(), finding.detail(),
                finding.repair().orElse(null), finding.repaired());
    }

    private static String kindName(Finding finding) {
        return finding.kind().name().toLowerCase(Locale.ROOT);
    }

    private static void printText(Path root, FsckReport report, Output output) {
        if (!report.clean()) {
            Table table = new Table("PROBLEM", "PATH", "DETAIL", "ACTION");
            for (Finding finding : report.findings()) {
                table.row(kindName(finding).replace('_', ' '), relative(root, finding.path()), finding.detail(),
                        action(finding));
            }
            table.print(output.out());
        }
        long repaired = report.findings().stream().filter(Finding::repaired).count();
        output.line("Checked " + count(report.imagesChecked(), "image") + " in " + root + ": "
                + (report.clean() ? "no problems." : count(report.findings().size(), "problem") + ", " + repaired
                        + " repaired."));
    }

    /** What repair did (done: …), would do (--repair: …), or "-" when it leaves the finding alone. */
    private static String action(Finding finding) {
        if (finding.repair().isEmpty()) {
            return "-";
        }
        return (finding.repaired() ? "done: " : "--repair: ") + finding.repair().get();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String relative(Path root, Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    private static ExitStatus status(FsckReport report) {
        List<Finding> remaining = report.findings().stream().filter(finding -> !finding.repaired())
                .collect(Collectors.toList());
        if (remaining.stream().anyMatch(finding -> finding.kind() == FsckReport.Kind.CORRUPT_SIDECAR)) {
            return ExitStatus.CORRUPT_METADATA;
        }
        return remaining.isEmpty() ? ExitStatus.OK : ExitStatus.FAILURE;
    }
}
