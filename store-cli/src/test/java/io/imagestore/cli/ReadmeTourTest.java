package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's tour of the verbs, every step in order, in a store of its own: each command must end with
 * the exit code the tour shows ({@code (exit N)}, else 0) and print the first line it shows (spaces folded,
 * {@code …} standing for any text, the tour's root for the test's), so that the tour never shows a step it
 * did not take.
 */
class ReadmeTourTest {
    private static final String TOUR_ROOT = "/tmp/imagestore-tour";
    private static final Pattern PRINTF = Pattern.compile("printf '(.*)' > \"\\$IMAGESTORE_ROOT/(.*)\"");
    private static final Pattern EXIT = Pattern.compile("\\(exit (\\d+)\\)");

    @TempDir
    Path home;

    /** One {@code $ command} of the tour, the lines it shows, and the exit code it shows. */
    private record Step(String command, List<String> shown, int exitCode) {}

    @Test
    void everyStepOfTheTourRunsAsShown() throws IOException {
        Path root = home.resolve("tour");
        Cli cli = Cli.in(home).withVariables(Map.of(GlobalOptions.ROOT_VARIABLE, root.toString()));
        List<Step> steps = steps(tour(Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8)));
        assertThat(steps).extracting(Step::command).contains("imagestore inspect broken:1");

        for (Step step : steps) {
            if (step.command().startsWith("export IMAGESTORE_ROOT=")) {
                continue;
            }
            Matcher printf = PRINTF.matcher(step.command());
            if (printf.matches()) {
                Files.writeString(root.resolve(printf.group(2)), printf.group(1));
                assertThat(step.shown()).as(step.command()).isEmpty();
                continue;
            }
            if (!step.command().startsWith("imagestore ")) {
                fail("the tour has a step this test cannot take: " + step.command());
            }
            List<String> words = words(step.command());
            Cli.Result result = cli.run(words.subList(1, words.size()).toArray(new String[0]));
            assertThat(result.code()).as(step.command() + "\n" + result).isEqualTo(step.exitCode());
            String printed = (result.out().isEmpty() ? result.err() : result.out()).replace(root.toString(), TOUR_ROOT);
            String first = printed.isEmpty() ? "" : printed.lines().findFirst().orElse("");
            String shown = step.shown().isEmpty() ? "" : step.shown().get(0);
            assertThat(matches(shown, first)).as("%s\nshown:   %s\nprinted: %s", step.command(), shown, first).isTrue();
        }
    }

    /** The lines of the fenced block after the heading of the tour. */
    private static List<String> tour(List<String> readme) {
        int heading = readme.indexOf("## A tour of the verbs");
        assertThat(heading).as("the README has its tour").isNotNegative();
        int start = heading;
        while (!readme.get(start).startsWith("```")) {
            start++;
        }
        int end = start + 1;
        while (!readme.get(end).startsWith("```")) {
            end++;
        }
        return readme.subList(start + 1, end);
    }

    private static List<Step> steps(List<String> lines) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("$ ")) {
                continue;
            }
            List<String> shown = new ArrayList<>();
            int exitCode = 0;
            for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("$ ") && !lines.get(j).isEmpty(); j++) {
                Matcher exit = EXIT.matcher(lines.get(j));
                if (exit.matches()) {
                    exitCode = Integer.parseInt(exit.group(1));
                } else {
                    shown.add(lines.get(j));
                }
            }
            steps.add(new Step(lines.get(i).substring(2), shown, exitCode));
        }
        return steps;
    }

    /** Splits a command line into words as a shell does for plain words and single- or double-quoted ones. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == ' ') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** Whether {@code printed} is what {@code shown} shows: runs of spaces alike, {@code …} standing for any text. */
    static boolean matches(String shown, String printed) {
        String[] parts = shown.replaceAll("\\s+", " ").strip().split("…", -1);
        String text = printed.replaceAll("\\s+", " ").strip();
        if (!text.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length; i++) {
            int found = i == parts.length - 1 ? text.lastIndexOf(parts[i]) : text.indexOf(parts[i], at);
            if (found < at) {
                return false;
            }
            at = found + parts[i].length();
        }
        return at == text.length();
    }

    @Test
    void theComparisonFoldsSpacesAndLetsTheEllipsisStandForAnyText() {
        assertThat(matches("A   B", "A B")).isTrue();
        assertThat(matches("a: … (x)", "a: long detail (x)")).isTrue();
        assertThat(matches("a: … (x)", "a: long detail (y)")).isFalse();
        assertThat(matches("a", "ab")).isFalse();
        assertThat(matches("", "")).isTrue();
        assertThat(matches("", "something")).isFalse();
        assertThat(words("imagestore ls -q --filter 'reference=my*' \"a b\"")).containsExactly(
                "imagestore", "ls", "-q", "--filter", "reference=my*", "a b");
    }
}
