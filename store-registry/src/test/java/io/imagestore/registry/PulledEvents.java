package io.imagestore.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.imagestore.api.wire.PullProgressDto;
import io.imagestore.api.wire.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Records a pull's events, and checks them as the wire form would carry them. */
final class PulledEvents implements PullListener {
    private final List<PullProgressDto> events = new CopyOnWriteArrayList<>();

    @Override
    public void event(PullProgressDto event) {
        events.add(event);
    }

    List<PullProgressDto> all() {
        return List.copyOf(events);
    }

    /** The status texts of layer {@code id} (12 hex digits), in order. */
    List<String> of(String id) {
        return events.stream().filter(e -> e instanceof PullProgressDto.Status)
                .map(e -> (PullProgressDto.Status) e).filter(s -> s.id().equals(java.util.Optional.of(id)))
                .map(PullProgressDto.Status::status).toList();
    }

    /** Every status text, in order. */
    List<String> statuses() {
        return events.stream().filter(e -> e instanceof PullProgressDto.Status)
                .map(e -> ((PullProgressDto.Status) e).status()).toList();
    }

    /** Checks that the events survive NDJSON with WireJson and end with exactly one {@code done}; returns it. */
    PullProgressDto.Done checkWireFormAndDone() {
        StringBuilder ndjson = new StringBuilder();
        try {
            for (PullProgressDto event : events) {
                ndjson.append(WireJson.mapper().writeValueAsString(event)).append('\n');
            }
            List<PullProgressDto> read = new java.util.ArrayList<>();
            for (String line : ndjson.toString().split("\n")) {
                read.add(WireJson.mapper().readValue(line, PullProgressDto.class));
            }
            assertThat(read).isEqualTo(events);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
        assertThat(events.stream().filter(e -> e instanceof PullProgressDto.Done)).hasSize(1);
        assertThat(events.get(events.size() - 1)).isInstanceOf(PullProgressDto.Done.class);
        return (PullProgressDto.Done) events.get(events.size() - 1);
    }

    /** The regular files under {@code rootfs}, path to content. */
    static Map<String, String> tree(Path rootfs) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(rootfs)) {
            walk.filter(Files::isRegularFile).forEach(file -> {
                try {
                    files.put(rootfs.relativize(file).toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
