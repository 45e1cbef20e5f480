package io.imagestore.tests.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The acknowledgement log the workers print, and what it allows the store to end up with.
 *
 * <p>A worker prints {@code START <id> <kind> <reference> <nanos> <value>} before it calls the store and
 * {@code ACK <id> <nanos> <value>} when the call returned, or {@code FAIL <id> <nanos> <exception>} when it
 * threw. Times are {@link System#nanoTime()}, which on Linux is {@code CLOCK_MONOTONIC}, one clock for
 * every process of the machine, so operations of different processes can be ordered. A value is a digest
 * (each write's is unique), {@link #ABSENT} for a removal, {@code ?} for a tag whose value is only known
 * when it returns.
 *
 * <p>After the workers stop, a reference may hold the value of any acknowledged operation that no other
 * acknowledged operation on it started after (it may have been the last to take effect), or of an
 * operation still in flight when its process was killed, unless an acknowledged one started after the
 * kill (it may or may not have taken effect before); its first value only when no operation on it was
 * acknowledged. Anything else is a lost acknowledged write.
 */
final class OpLog {
    /** The value of a reference without image. */
    static final String ABSENT = "-";
    /** The value of a tag before it returns. */
    static final String UNKNOWN = "?";

    /** One operation as logged. */
    static final class Op {
        final String id;
        final String kind;
        final String reference;
        final long start;
        String value;
        OptionalLong end = OptionalLong.empty();
        OptionalLong deadline = OptionalLong.empty();
        Optional<String> failure = Optional.empty();

        Op(String id, String kind, String reference, long start, String value) {
            this.id = id;
            this.kind = kind;
            this.reference = reference;
            this.start = start;
            this.value = value;
        }

        boolean acknowledged() {
            return end.isPresent();
        }

        boolean inFlight() {
            return end.isEmpty() && failure.isEmpty();
        }

        /** The latest time this operation can have taken effect at: its return, or its process's death. */
        long latest() {
            return end.isPresent() ? end.getAsLong() : deadline.orElse(Long.MAX_VALUE);
        }

        @Override
        public String toString() {
            return id + " " + kind + " " + reference + " [" + start + ", " + (end.isPresent() ? end.getAsLong() : "…")
                    + "] " + value + failure.map(f -> " FAILED " + f).orElse("");
        }
    }

    private final Map<String, Op> ops = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** Reads the lines of one worker. */
    void add(List<String> lines) {
        for (String line : lines) {
            String[] words = line.split(" ", 6);
            switch (words[0]) {
                case "START":
                    ops.put(words[1], new Op(words[1], words[2], words[3], Long.parseLong(words[4]), words[5]));
                    break;
                case "ACK":
                    Op acknowledged = Objects.requireNonNull(ops.get(words[1]), line);
                    acknowledged.end = OptionalLong.of(Long.parseLong(words[2]));
                    acknowledged.value = words[3];
                    break;
                case "FAIL":
                    Objects.requireNonNull(ops.get(words[1]), line).failure = Optional.of(line);
                    break;
                case "BAD":
                    problems.add(line);
                    break;
                default:
                    break;
            }
        }
    }

    /** Records that the worker whose operation ids start with {@code worker} was dead at {@code nanos}. */
    void killed(String worker, long nanos) {
        ops.values().stream().filter(op -> op.id.startsWith(worker + "-") && op.inFlight())
                .forEach(op -> op.deadline = OptionalLong.of(nanos));
    }

    /** The operation that produced {@code value} (a digest), if one did. */
    Optional<Op> producerOf(String value) {
        return ops.values().stream().filter(op -> op.value.equals(value) && !op.kind.equals("TAG")).findFirst();
    }

    /** Lines in which a worker reported a torn, foreign or corrupt sidecar, or an unexpected error. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** How many operations were acknowledged. */
    long acknowledged() {
        return ops.values().stream().filter(Op::acknowledged).count();
    }

    /** Failed operations whose exception is not one of {@code expected} (simple class names). */
    List<Op> unexpectedFailures(Set<String> expected) {
        return ops.values().stream()
                .filter(op -> op.failure.isPresent() && expected.stream().noneMatch(e -> op.failure.get().contains(" " + e + " ")))
                .collect(Collectors.toList());
    }

    /** The values {@code reference} may hold now, having started with {@code initial}. */
    Set<String> allowedValues(String reference, String initial) {
        List<Op> onReference = ops.values().stream().filter(op -> op.reference.equals(reference))
                .filter(op -> op.acknowledged() || op.inFlight()).collect(Collectors.toList());
        List<Op> acknowledged = onReference.stream().filter(Op::acknowledged).collect(Collectors.toList());
        Set<String> allowed = onReference.stream()
                .filter(op -> acknowledged.stream().noneMatch(later -> later.start > op.latest()))
                .map(op -> op.value).collect(Collectors.toSet());
        if (acknowledged.isEmpty()) {
            allowed.add(initial);
        }
        return allowed;
    }

    /** Asserts that {@code reference} ended with a value its log allows. */
    void assertFinal(String reference, String initial, String actual) {
        Set<String> allowed = allowedValues(reference, initial);
        if (allowed.contains(UNKNOWN) && !actual.equals(ABSENT)) {
            return;
        }
        assertThat(allowed).as("values %s may hold (%s) after %s", reference, describe(actual), history(reference))
                .contains(actual);
    }

    /** What a reference holding {@code actual} holds, for failure messages. */
    String describe(String actual) {
        if (actual.equals(ABSENT)) {
            return "it is ABSENT: no image";
        }
        return producerOf(actual).map(op -> "it holds " + actual + ", the value of " + op)
                .orElse("it holds " + actual + ", a value no log line names");
    }

    private List<Op> history(String reference) {
        List<Op> all = ops.values().stream().filter(op -> op.reference.equals(reference)).collect(Collectors.toList());
        return all.subList(Math.max(0, all.size() - 30), all.size());
    }
}
