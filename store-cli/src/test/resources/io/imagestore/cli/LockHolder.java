import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Another process holding a store's locks, for the lock-timeout test: locks every lock file in the
 * directory given as argument, prints "locked", and holds them until its stdin is closed.
 * Run with the source launcher: {@code java LockHolder.java <store>/.imagestore/locks}.
 */
public final class LockHolder {
    public static void main(String[] args) throws IOException {
        List<FileLock> locks = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                locks.add(FileChannel.open(file, StandardOpenOption.WRITE).lock());
            }
        }
        System.out.println("locked " + locks.size());
        System.out.flush();
        System.in.readAllBytes(); // returns when the test closes our stdin; exiting releases the locks
    }
}
