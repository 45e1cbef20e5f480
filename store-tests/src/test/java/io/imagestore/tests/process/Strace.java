package io.imagestore.tests.process;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code strace} as a fault injector: {@code inject=rename:signal=KILL:when=N} kills a process (SIGKILL, as a
 * crash would) on entering its Nth {@code rename} system call (counted per thread), before the rename happens.
 * The JDK's {@code Files.move} is one {@code rename(2)} on Linux.
 */
final class Strace {
    private Strace() {}

    /** The command prefix that runs a program killed at its {@code n}th {@code rename}. */
    static List<String> killAtRename(int n) {
        return List.of("strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=rename",
                "-e", "inject=rename:signal=KILL:when=" + n);
    }

    /** Whether {@code strace} is installed and may trace (ptrace) here. */
    static boolean canInject() {
        try {
            Process probe = new ProcessBuilder("strace", "-qq", "-o", "/dev/null", "-e", "trace=rename", "true")
                    .redirectErrorStream(true).start();
            probe.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
