package io.imagestore.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker threads of one pull or push: a fixed pool of named daemon threads that lives no longer
 * than the operation. {@link #close()} cancels what is still running (interrupting it: the HTTP client
 * abandons an interrupted exchange, file channels close) and waits until every thread has ended, so no
 * thread of the operation is left behind when it returns or throws.
 */
final class Workers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
    /** How long {@link #close()} waits for interrupted threads to end. */
    private static final long CLOSE_SECONDS = 30;

    private final String name;
    private final ExecutorService executor;
    private final List<Future<?>> futures = new ArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** {@code size} threads named {@code name-1}, {@code name-2}, …. */
    Workers(String name, int size) {
        this.name = name;
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(size, task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        });
    }

    /** Runs {@code task} on a worker; {@link #close()} cancels it if it is still running then. */
    CompletableFuture<Void> run(Runnable task) {
        CompletableFuture<Void> future = CompletableFuture.runAsync(task, executor);
        synchronized (futures) {
            futures.add(future);
        }
        return future;
    }

    /**
     * Runs every task, at most as many at once as there are threads, and returns their results in the
     * tasks' order once all succeeded. The first task to fail ends it: the others are cancelled
     * (interrupted), and its failure is thrown (later failures, mostly caused by the cancellation, are
     * dropped).
     *
     * @throws InterruptedIOException when the calling thread is interrupted while it waits
     */
    <T> List<T> all(List<? extends Callable<T>> tasks) throws IOException {
        ExecutorCompletionService<T> completion = new ExecutorCompletionService<>(executor);
        Map<Future<T>, Integer> order = new HashMap<>();
        for (Callable<T> task : tasks) {
            Future<T> future = completion.submit(task);
            order.put(future, order.size());
            synchronized (futures) {
                futures.add(future);
            }
        }
        List<T> results = new ArrayList<>(Collections.nCopies(tasks.size(), null));
        for (int finished = 0; finished < tasks.size(); finished++) {
            try {
                Future<T> next = completion.take();
                results.set(order.get(next), next.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the " + name + " threads");
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            }
        }
        return results;
    }

    /** Cancels what still runs and waits (at most {@value #CLOSE_SECONDS} s) until every thread has ended. */
    @Override
    public void close() {
        synchronized (futures) {
            futures.forEach(future -> future.cancel(true));
        }
        executor.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_SECONDS);
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive() && System.nanoTime() < deadline) {
                try {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (thread.isAlive()) {
                LOG.warn("thread {} did not end within {} s of being cancelled", thread.getName(), CLOSE_SECONDS);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The exception to throw for a task's {@code failure}: an I/O failure (unwrapped from
     * {@link UncheckedIOException}) is returned, unchecked ones are thrown as they are.
     */
    static IOException rethrow(Throwable failure) {
        if (failure instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IOException(failure);
    }
}
