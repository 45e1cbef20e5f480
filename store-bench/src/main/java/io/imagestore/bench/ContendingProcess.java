package io.imagestore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.fs.FsLocalImageStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;

/**
 * The second process of the contended-write run ({@link ContendedWrite} starts it). Arguments: the store
 * root, the number of its first writer, the number of writer threads. It talks through its standard streams,
 * one line at a time: it prints {@code ready} once the store is open; it then obeys {@code warmup} (start
 * writing), {@code measure} (start counting) and {@code stop} (finish), after which it prints its
 * {@link WriterOutcome}s as one JSON array and exits.
 */
public final class ContendingProcess {
    private ContendingProcess() {}

    /**
     * Runs the writers of this process as its parent commands.
     *
     * @param args store root, first writer number, thread count
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (FsLocalImageStore store = FsLocalImageStore.open(Paths.get(args[0]))) {
            WriterGroup group = new WriterGroup(store, ContendedWrite.IMAGE, Integer.parseInt(args[1]),
                    Integer.parseInt(args[2]));
            System.out.println("ready");
            await(commands, "warmup");
            group.start();
            await(commands, "measure");
            group.measure();
            await(commands, "stop");
            List<WriterOutcome> outcomes = group.stop();
            System.out.println(new ObjectMapper().writeValueAsString(outcomes));
        }
    }

    private static void await(BufferedReader commands, String expected) throws IOException {
        String line = commands.readLine();
        if (!expected.equals(line)) {
            throw new IllegalStateException("expected the command `" + expected + "` from the parent, got `" + line
                    + "`");
        }
    }
}
