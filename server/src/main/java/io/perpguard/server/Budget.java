package io.perpguard.server;

import io.javalin.http.Context;
import io.perpguard.InvalidInputException;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounded work for the simulation endpoints ({@code /api/recovery}, {@code /api/kelly}, {@code /api/survival},
 * {@code /api/portfolio}): at most {@link #CONCURRENT} run at once (503 when the desk stays busy for
 * {@value #QUEUE_WAIT_MS} ms), each for at most {@link #DEADLINE_MS} ms (503 after it), and a computation whose client
 * has left is interrupted — the engines stop at the next path when interrupted.
 */
final class Budget {
    /** Longest a simulation request may compute. */
    static final long DEADLINE_MS = 20_000;
    /** Longest a request waits for a free slot. */
    static final long QUEUE_WAIT_MS = 2_000;
    /** Simulations computed at once: the machine's cores. */
    static final int CONCURRENT = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Largest simulated work of one {@code /api/recovery} request: paths × trades. */
    static final long MAX_RECOVERY_STEPS = 20_000_000L;
    /** Largest simulated work of one {@code /api/survival} request: paths × horizon days. */
    static final long MAX_SURVIVAL_PATH_DAYS = 2_000_000L;

    private static final Semaphore SLOTS = new Semaphore(CONCURRENT, true);
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "perpguard-sim");
        t.setDaemon(true);
        return t;
    });

    private Budget() {
    }

    /** Runs {@code work} within the limits; the client leaving cancels it. */
    static <T> T run(Context ctx, Callable<T> work) throws Exception {
        return run(ctx, work, DEADLINE_MS);
    }

    static <T> T run(Context ctx, Callable<T> work, long deadlineMs) throws Exception {
        if (!SLOTS.tryAcquire(QUEUE_WAIT_MS, TimeUnit.MILLISECONDS)) {
            throw new AccessGuard.Denied(503, "the desk is busy with " + CONCURRENT + " simulations; retry in a moment");
        }
        try {
            Future<T> f = POOL.submit(work);
            long end = System.nanoTime() + deadlineMs * 1_000_000;
            while (true) {
                try {
                    return f.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (System.nanoTime() > end) {
                        f.cancel(true);
                        throw new AccessGuard.Denied(503, "the computation took longer than the " + deadlineMs / 1000
                                + " s limit and was stopped; ask for fewer paths, trades or resamples");
                    }
                    if (clientLeft(ctx)) {
                        f.cancel(true);
                        throw new ClientLeft();
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception ex) {
                        throw ex;
                    }
                    throw e;
                }
            }
        } finally {
            SLOTS.release();
        }
    }

    /** Refuses a request whose work exceeds {@code max}, naming the fields. */
    static void cap(String field, double work, long max, String what) {
        if (work > max) {
            throw new InvalidInputException(field, what + " = " + io.perpguard.Checks.fmt(work) + " is over the desk's limit of "
                    + io.perpguard.Checks.fmt(max) + " per request (the CLI has no such limit)");
        }
    }

    /**
     * True when the client closed its connection: the request body has been read, so the only thing the connection can
     * still deliver is the end of the stream.
     */
    static boolean clientLeft(Context ctx) {
        try {
            org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
            if (base == null || base.getHttpChannel() == null) {
                return false;
            }
            var endPoint = base.getHttpChannel().getEndPoint();
            if (!endPoint.isOpen() || endPoint.isInputShutdown()) {
                return true;
            }
            // one byte: the end of the stream shows as -1 (a pipelined next request would lose a byte; browsers do not pipeline)
            return endPoint.fill(org.eclipse.jetty.util.BufferUtil.allocate(1)) < 0;
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    /** The client is gone: nobody to answer. */
    static final class ClientLeft extends CancellationException {
        ClientLeft() {
            super("client left");
        }
    }
}
